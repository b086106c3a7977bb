"""dashboard.models: FuzzyDate, the Fact rules of FACTS.md and the partner registry."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from dashboard.models import (
    FACT_FIELDS,
    Bloc,
    Event,
    Fact,
    FuzzyDate,
    Partner,
    PartnerKind,
    PartnerRegistry,
    Precision,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "precision", "end"),
    [
        ("2024-03-16", D(2024, 3, 16), Precision.DAY, D(2024, 3, 16)),
        ("2023-12", D(2023, 12, 1), Precision.MONTH, D(2023, 12, 31)),
        ("2023", D(2023, 1, 1), Precision.YEAR, D(2023, 12, 31)),
        ("2024-02", D(2024, 2, 1), Precision.MONTH, D(2024, 2, 29)),  # leap year
        ("2023-02", D(2023, 2, 1), Precision.MONTH, D(2023, 2, 28)),
        ("2024-02-29", D(2024, 2, 29), Precision.DAY, D(2024, 2, 29)),
        (" 2024-03 ", D(2024, 3, 1), Precision.MONTH, D(2024, 3, 31)),  # spreadsheet spaces
    ],
)
def test_fuzzy_date_parse(text, start, precision, end):
    parsed = FuzzyDate.parse(text)
    assert (parsed.start, parsed.precision, parsed.end) == (start, precision, end)
    assert str(parsed) == text.strip()  # the precision survives the round trip


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024-02-30", "'2024-02-30' is not a real calendar date"),
        ("2023-02-29", "'2023-02-29' is not a real calendar date"),
        ("2024-13", "'2024-13' is not a real calendar date"),
        ("2024-00", "'2024-00' is not a real calendar date"),
        ("0000", "'0000' is not a real calendar date"),
        ("", "'' is not YYYY-MM-DD, YYYY-MM or YYYY"),
        ("garbage", "'garbage' is not YYYY-MM-DD, YYYY-MM or YYYY"),
        ("16/03/2024", "'16/03/2024' is not YYYY-MM-DD"),
        ("2024-3-16", "'2024-3-16' is not YYYY-MM-DD"),
        ("March 2024", "'March 2024' is not YYYY-MM-DD"),
    ],
)
def test_fuzzy_date_parse_rejects(text, reason):
    with pytest.raises(ValueError) as err:
        FuzzyDate.parse(text)
    assert str(err.value).startswith(reason)


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ("2024-03", "2024-03-16", True),  # same date "within the precision"
        ("2024-04", "2024-03-16", False),
        ("2024", "2024-12-31", True),
        ("2024", "2023-12-31", False),
        ("2023-12", "2024-01-01", False),
        ("2023-12", "2023", True),
        ("2024-03-16", "2024-03-16", True),
        ("2024-03-16", "2024-03-17", False),
        ("2024-02", "2024-02-29", True),
    ],
)
def test_fuzzy_date_overlaps_is_symmetric(a, b, overlap):
    left, right = FuzzyDate.parse(a), FuzzyDate.parse(b)
    assert left.overlaps(right) is overlap
    assert right.overlaps(left) is overlap


def fact_fields(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "f1",
        "country": "NER",
        "partner": "USA",
        "event": "presence",
        "date": "2024-03-16",
        "troops": "1000",
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("event", "partner", "error"),
    [
        ("coup", "", None),
        ("coup", "FRA", "a coup has no partner; leave partner empty"),
        ("presence", "", "partner is empty; only a coup may have no partner (presence)"),
        ("talks", "  ", "partner is empty; only a coup may have no partner (talks)"),
        ("presence", "FRA", None),
        ("agreement_ended", "AFRICA_CORPS", None),
    ],
)
def test_fact_partner_rule(event, partner, error):
    fields = fact_fields(event=event, partner=partner)
    if error is None:
        assert Fact.model_validate(fields).partner == partner.strip()
        return
    with pytest.raises(ValidationError) as err:
        Fact.model_validate(fields)
    assert error in str(err.value)


@pytest.mark.parametrize(
    ("troops", "expected", "error_type"),
    [
        ("1000", 1000, None),
        (" 250 ", 250, None),
        ("", None, None),
        (None, None, None),
        (0, 0, None),
        ("-5", None, "greater_than_equal"),
        (-1, None, "greater_than_equal"),
        ("1,000", None, "value_error"),
        ("about 100", None, "value_error"),
        ("12.5", None, "value_error"),
    ],
)
def test_fact_troops(troops, expected, error_type):
    fields = fact_fields(troops=troops)
    if error_type is None:
        assert Fact.model_validate(fields).troops == expected
        return
    with pytest.raises(ValidationError) as err:
        Fact.model_validate(fields)
    [problem] = err.value.errors()
    assert (problem["loc"], problem["type"]) == (("troops",), error_type)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "ner"}, "country"),
        ({"country": "NIGER"}, "country"),
        ({"country": ""}, "country"),
        ({"event": "invasion"}, "event"),
        ({"date": "2024-02-30"}, "date"),
        ({"date": 2024}, "date"),  # a number is not a date of known precision
        ({"id": ""}, "id"),
        ({"source_published": "yesterday"}, "source_published"),
    ],
)
def test_fact_rejects_bad_field(changes, field):
    with pytest.raises(ValidationError) as err:
        Fact.model_validate(fact_fields(**changes))
    assert [e["loc"] for e in err.value.errors()] == [(field,)]


def test_fact_forbids_extra_fields():
    with pytest.raises(ValidationError) as err:
        Fact.model_validate(fact_fields(colour="red"))
    [problem] = err.value.errors()
    assert (problem["loc"], problem["type"]) == (("colour",), "extra_forbidden")


def test_fact_is_frozen():
    fact = Fact.model_validate(fact_fields())
    with pytest.raises(ValidationError):
        fact.troops = 5  # type: ignore[misc]
    assert fact.troops == 1000


@pytest.mark.parametrize(
    ("date", "published", "date_text", "key_date"),
    [
        ("2024-03-16", "2024-03-27", "2024-03-16", "2024-03-16"),
        ("2023-12", "", "2023-12", "2023-12"),
        ("", "", "", ""),
    ],
)
def test_fact_as_row_round_trips(date, published, date_text, key_date):
    fact = Fact.model_validate(fact_fields(date=date, source_published=published))
    row = fact.as_row()
    assert list(row) == list(FACT_FIELDS)
    assert (row["date"], row["troops"], row["event"]) == (date_text, "1000", "presence")
    assert fact.key() == ("NER", "USA", "presence", key_date)
    assert Fact.model_validate(row) == fact


def small_registry() -> PartnerRegistry:
    return PartnerRegistry(
        [
            Partner(code="FRA", name="France", kind=PartnerKind.STATE, bloc=Bloc.WESTERN),
            Partner(
                code="WAGNER",
                name="Wagner Group",
                kind=PartnerKind.PRIVATE_MILITARY,
                bloc=Bloc.RUSSIA,
            ),
        ]
    )


@pytest.mark.parametrize("code", ["XYZ", "fra", "", "AFRICA_CORPS"])
def test_registry_unknown_code_names_it(code):
    registry = small_registry()
    with pytest.raises(KeyError) as err:
        registry[code]
    assert f"unknown partner code {code!r}" in str(err.value)
    assert code not in registry
    with pytest.raises(KeyError, match="unknown partner code"):
        registry.bloc_of(code)


def test_registry_known_codes():
    registry = small_registry()
    assert (len(registry), list(registry)) == (2, ["FRA", "WAGNER"])
    assert registry.bloc_of("WAGNER") is Bloc.RUSSIA
    assert registry.blocs == {"FRA": "western", "WAGNER": "russia"}


def test_registry_from_csv_reads_partners_file(registry):
    assert registry["AFRICA_CORPS"].bloc is Bloc.RUSSIA
    assert registry["UN"].kind is PartnerKind.ORGANISATION
    assert registry["WAGNER"].kind is PartnerKind.PRIVATE_MILITARY
    assert {p.bloc for p in registry.values()} == set(Bloc)


def test_event_vocabulary_matches_facts_md():
    assert [e.value for e in Event] == [
        "presence",
        "deployment",
        "drawdown",
        "withdrawal",
        "withdrawal_announced",
        "expulsion",
        "agreement",
        "agreement_ended",
        "talks",
        "coup",
        "other",
    ]
