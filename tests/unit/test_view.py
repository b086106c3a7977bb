"""dashboard.view: the filter state and its URL round trip. Parsing never raises: a bad value
falls back to the default and comes back as a notice."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.view import (
    CORE_SAHEL,
    FIRST_MONTH,
    MAX_LIST,
    Metric,
    Parsed,
    View,
    month_end,
    month_options,
    parse_query,
    parse_view_string,
)

D = dt.date
KNOWN_COUNTRIES = (*CORE_SAHEL, "NGA", "DZA")
KNOWN_PARTNERS = ("FRA", "USA", "RUS", "AFRICA_CORPS", "WAGNER", "UN", "EU", "G5S")
DEFAULT = View()


def parse(params: dict) -> Parsed:
    return parse_query(params, known_countries=KNOWN_COUNTRIES, known_partners=KNOWN_PARTNERS)


@pytest.mark.parametrize(
    ("params", "changes"),
    [
        ({}, {}),
        (
            {"countries": "NER,MLI", "as_of": "2024-03"},
            {"countries": ("NER", "MLI"), "as_of": D(2024, 3, 1)},
        ),
        ({"countries": " ner , mli ,"}, {"countries": ("NER", "MLI")}),
        ({"countries": "NER,NER,MLI,NER"}, {"countries": ("NER", "MLI")}),
        ({"countries": ["MLI", "NER"]}, {"countries": ("NER",)}),  # a repeated key: last wins
        ({"start": "2013-01", "end": "2024-12"}, {"start": D(2013, 1, 1), "end": D(2024, 12, 1)}),
        ({"partners": "USA,AFRICA_CORPS,G5S"}, {"partners": ("USA", "AFRICA_CORPS", "G5S")}),
        ({"blocs": "Western,RUSSIA"}, {"blocs": ("western", "russia")}),
        (
            {"events": "presence,withdrawal_announced"},
            {"events": ("presence", "withdrawal_announced")},
        ),
        ({"metric": "bloc"}, {"metric": Metric.BLOC}),
        ({"partners": ""}, {}),
        ({"utm_source": "newsletter"}, {}),  # unknown keys are ignored
    ],
)
def test_parse_query_good_values(params, changes):
    assert parse(params) == Parsed(View(**changes), ())


@pytest.mark.parametrize(
    ("params", "changes", "notice"),
    [
        ({"countries": "XYZ"}, {}, "countries: unknown value(s) 'XYZ' ignored"),
        (
            {"countries": "NER,FRA"},
            {"countries": ("NER",)},
            "countries: unknown value(s) 'FRA' ignored",
        ),
        (
            {"countries": "<script>alert(1)</script>"},
            {},
            "countries: unknown value(s) '<SCRIPT>ALERT(1)</SC' ignored",
        ),
        (
            {"countries": ",".join(["NER"] * (MAX_LIST + 1))},
            {},
            f"countries: more than {MAX_LIST} values; using the default",
        ),
        ({"partners": "USA,KGB"}, {"partners": ("USA",)}, "partners: unknown value(s) 'KGB'"),
        ({"blocs": "martian"}, {}, "blocs: unknown value(s) 'MARTIAN' ignored"),
        (
            {"events": "presence,invasion"},
            {"events": ("presence",)},
            "events: unknown value(s) 'INVASION' ignored",
        ),
        ({"as_of": "2024-13"}, {}, "as_of: '2024-13' is not a month like 2024-03; using"),
        ({"as_of": "2024-3"}, {}, "as_of: '2024-3' is not a month like 2024-03"),
        ({"as_of": "1999-01"}, {}, "as_of: 1999-01 is outside 2010-01.."),
        ({"as_of": "2999-01"}, {}, "as_of: 2999-01 is outside 2010-01.."),
        ({"start": "<script>"}, {}, "start: '<script>' is not a month like 2024-03"),
        ({"metric": "evil"}, {}, "metric: 'evil' is not one of strength, partners, bloc, shift"),
        ({"metric": "STRENGTH"}, {}, "metric: 'STRENGTH' is not one of"),
        (
            {"start": "2024-05", "end": "2020-01"},
            {"start": D(2020, 1, 1), "end": D(2024, 5, 1)},
            "start 2024-05 is after end 2020-01; swapped them",
        ),
    ],
)
def test_parse_query_hostile_values_fall_back_with_a_notice(params, changes, notice):
    parsed = parse(params)
    assert parsed.view == View(**changes)
    assert len(parsed.notices) == 1
    assert parsed.notices[0].startswith(notice)


HOSTILE = [
    "",
    " ",
    "<script>alert(1)</script>",
    "x" * 100_000,
    ",".join(["NER"] * 10_000),
    "2024-13",
    "1999-01",
    "0000-00",
    "-1",
    "NaN",
    "%00",
    "\x00",
    "../../etc/passwd",
    "'; DROP TABLE facts;--",
    "２０２４-０３",
    "🙂",
    ",,,,",
    "evil",
]


@pytest.mark.parametrize(
    "key", ["countries", "as_of", "start", "end", "partners", "blocs", "events", "metric"]
)
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_parse_query_never_raises_and_keeps_notices_short(key, value):
    parsed = parse({key: value})
    view = parsed.view
    assert set(view.countries) <= set(KNOWN_COUNTRIES)
    assert set(view.partners) <= set(KNOWN_PARTNERS)
    assert FIRST_MONTH <= view.start <= view.end
    assert isinstance(view.metric, Metric)
    assert all(len(n) < 200 for n in parsed.notices)  # hostile text is cut, not echoed whole


ROUND_TRIP_VIEWS = [
    View(),
    View(countries=("NER",), as_of=D(2024, 3, 1)),
    View(
        countries=("MLI", "BFA", "NER"),
        as_of=D(2013, 1, 1),
        start=D(2012, 6, 1),
        end=D(2015, 12, 1),
        metric=Metric.PARTNERS,
    ),
    View(
        partners=("USA", "AFRICA_CORPS", "G5S"),
        blocs=("western", "russia"),
        events=("presence", "withdrawal"),
        metric=Metric.SHIFT,
        start=D(2020, 1, 1),
        end=D(2024, 12, 1),
    ),
    View(
        countries=("TCD",),
        as_of=FIRST_MONTH,
        start=FIRST_MONTH,
        end=FIRST_MONTH,
        metric=Metric.BLOC,
    ),
]


@pytest.mark.parametrize("view", ROUND_TRIP_VIEWS)
def test_to_query_round_trip(view):
    assert parse_query(view.to_query()) == Parsed(view, ())
    assert parse_query(view.to_query(DEFAULT)) == Parsed(view, ())
    assert parse_view_string(view.query_string()) == Parsed(view, ())


@pytest.mark.parametrize(
    ("view", "query"),
    [
        (View(), {}),
        (View(countries=("NER",), as_of=D(2024, 3, 1)), {"countries": "NER", "as_of": "2024-03"}),
        (View(metric=Metric.BLOC), {"metric": "bloc"}),
    ],
)
def test_to_query_keeps_only_what_differs_from_defaults(view, query):
    assert view.to_query(DEFAULT) == query


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        (
            "http://localhost:8501/map?countries=NER&as_of=2024-03",
            {"countries": ("NER",), "as_of": D(2024, 3, 1)},
        ),
        (
            "https://sahel.example.org/?countries=NER%2CMLI&metric=bloc#top",
            {"countries": ("NER", "MLI"), "metric": Metric.BLOC},
        ),
        ("?countries=TCD", {"countries": ("TCD",)}),
        ("countries=TCD&as_of=2024-03", {"countries": ("TCD",), "as_of": D(2024, 3, 1)}),
        ("http://localhost:8501/map", {}),
        ("", {}),
    ],
)
def test_parse_view_string(text, changes):
    assert parse_view_string(text, known_countries=KNOWN_COUNTRIES) == Parsed(View(**changes), ())


def test_parse_view_string_reports_hostile_url_values():
    parsed = parse_view_string("http://x/map?countries=%3Cscript%3E&metric=evil")
    assert parsed.view == DEFAULT
    assert sorted(n.split(":")[0] for n in parsed.notices) == ["countries", "metric"]


@pytest.mark.parametrize(
    ("last", "count", "first", "final"),
    [
        (D(2010, 3, 15), 3, D(2010, 1, 1), D(2010, 3, 1)),
        (D(2010, 1, 31), 1, D(2010, 1, 1), D(2010, 1, 1)),
        (D(2024, 12, 1), 180, D(2010, 1, 1), D(2024, 12, 1)),
        (D(2009, 12, 31), 0, None, None),
    ],
)
def test_month_options(last, count, first, final):
    months = month_options(last)
    assert len(months) == count
    assert all(m.day == 1 for m in months)
    assert (months[0] if months else None, months[-1] if months else None) == (first, final)


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (D(2024, 2, 10), D(2024, 2, 29)),
        (D(2023, 2, 1), D(2023, 2, 28)),
        (D(2023, 12, 5), D(2023, 12, 31)),
        (D(2024, 4, 30), D(2024, 4, 30)),
    ],
)
def test_month_end(day, end):
    assert month_end(day) == end
    assert View(as_of=day.replace(day=1)).as_of_end == end
