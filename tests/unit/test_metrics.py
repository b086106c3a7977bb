"""dashboard.metrics and dashboard.style: the per-country numbers, colours and legends that
the map and the exports share."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from dashboard import style
from dashboard.metrics import country_metrics, partners_label, supporting_facts
from dashboard.view import Metric, View

NIGER_MARCH_2024 = View(countries=("NER",), as_of=dt.date(2024, 3, 1))

# NER: a known and an unknown partner; MLI: only Russian forces, one of unknown strength;
# TCD: one known partner, unchanged since 2020; BFA: nobody.
MIXED = [
    ("NER", "USA", "presence", "2024-01-10", 500),
    ("NER", "RUS", "deployment", "2024-01", None),
    ("MLI", "WAGNER", "deployment", "2021-12", None),
    ("MLI", "AFRICA_CORPS", "deployment", "2023-12", 100),
    ("MLI", "FRA", "presence", "2020-01", 3000),
    ("MLI", "FRA", "withdrawal", "2022-08-15", None),
    ("TCD", "FRA", "presence", "2020-01", 1000),
]
MIXED_COUNTRIES = ("NER", "MLI", "TCD", "BFA")


@pytest.fixture
def mixed(dataset_of):
    """Four countries that between them hit every case a map colour has to show."""
    return dataset_of(MIXED)


def mixed_view(metric: Metric) -> View:
    return View(
        countries=MIXED_COUNTRIES,
        as_of=dt.date(2024, 3, 1),
        start=dt.date(2020, 1, 1),
        end=dt.date(2024, 3, 1),
        metric=metric,
    )


def test_niger_march_2024_has_the_us_and_not_france(curated):
    table = country_metrics(curated, NIGER_MARCH_2024).table
    assert list(table["iso3"]) == ["NER"]
    ner = table.iloc[0]
    # Registry names, strongest partner first.
    assert ner["partners_label"].startswith("United States 1,000; ")
    assert "France" not in ner["partners_label"]
    facts = supporting_facts(curated, NIGER_MARCH_2024).set_index("partner")
    assert "FRA" not in facts.index
    usa = facts.loc["USA"]
    assert (usa["strength"], usa["date"], usa["event"]) == (
        1000.0,
        pd.Timestamp("2024-03-16"),
        "presence",
    )
    assert usa["source_url"].startswith("https://")


def test_france_counted_in_niger_before_it_left(curated):
    before = View(countries=("NER",), as_of=dt.date(2023, 11, 1))
    label = country_metrics(curated, before).table.iloc[0]["partners_label"]
    assert label.startswith("France 1,500; United States 1,100")


@pytest.mark.parametrize(
    ("metric", "iso3", "value", "colour", "label"),
    [
        (Metric.STRENGTH, "NER", 500.0, "#FDD0A2", "500 known + 1 partner(s) of unknown strength"),
        (Metric.STRENGTH, "MLI", 100.0, "#FDD0A2", "100 known + 1 partner(s) of unknown strength"),
        (Metric.STRENGTH, "TCD", 1000.0, "#FDAE6B", "1,000 known"),
        (Metric.STRENGTH, "BFA", 0.0, "#F2F2F2", "0 known"),
        (Metric.PARTNERS, "NER", 2.0, "#9ECAE1", "2 partner(s)"),
        (Metric.PARTNERS, "TCD", 1.0, "#C6DBEF", "1 partner(s)"),
        (Metric.PARTNERS, "BFA", 0.0, "#F2F2F2", "0 partner(s)"),
        (Metric.BLOC, "NER", None, style.BLOC_COLOURS["western"], "Western"),
        (Metric.BLOC, "MLI", None, style.BLOC_COLOURS["russia"], "Russia"),
        (Metric.BLOC, "BFA", None, style.BLOC_COLOURS["none"], "None present"),
        (Metric.SHIFT, "NER", 0.5, "#FC9272", "0.50 (none → western)"),
        (Metric.SHIFT, "MLI", 1.0, "#A50F15", "1.00 (western → russia)"),
        (Metric.SHIFT, "TCD", 0.0, "#F2F2F2", "0.00 (no change)"),
        (Metric.SHIFT, "BFA", 0.0, "#F2F2F2", "0.00 (no change)"),
    ],
)
def test_country_metrics_values_colours_labels(mixed, metric, iso3, value, colour, label):
    table = country_metrics(mixed, mixed_view(metric)).table.set_index("iso3")
    assert sorted(table.index) == sorted(MIXED_COUNTRIES)
    row = table.loc[iso3]
    if value is None:
        assert math.isnan(row["value"])
    else:
        assert row["value"] == value
    assert (row["colour"], row["value_label"]) == (colour, label)


@pytest.mark.parametrize(
    ("iso3", "has_unknown", "n_unknown", "partners"),
    [
        ("NER", True, 1, "United States 500; Russia (strength unknown)"),
        ("MLI", True, 1, "Africa Corps 100; Wagner Group (strength unknown)"),
        ("TCD", False, 0, "France 1,000"),
        ("BFA", False, 0, "no foreign partner present"),
    ],
)
def test_unknown_strength_is_flagged(mixed, iso3, has_unknown, n_unknown, partners):
    row = country_metrics(mixed, mixed_view(Metric.STRENGTH)).table.set_index("iso3").loc[iso3]
    assert (bool(row["has_unknown"]), row["n_unknown"], row["partners_label"]) == (
        has_unknown,
        n_unknown,
        partners,
    )


@pytest.mark.parametrize(
    ("metric", "legend"),
    [
        (Metric.STRENGTH, style.numeric_legend(style.STRENGTH_BREAKS, style.STRENGTH_COLOURS)),
        (Metric.PARTNERS, style.numeric_legend(style.COUNT_BREAKS, style.COUNT_COLOURS)),
        (Metric.BLOC, style.bloc_legend()),
        (Metric.SHIFT, style.numeric_legend(style.SHIFT_BREAKS, style.SHIFT_COLOURS, "{:.2f}")),
    ],
)
def test_legend_matches_metric(mixed, metric, legend):
    metrics = country_metrics(mixed, mixed_view(metric))
    assert metrics.legend == legend
    assert set(metrics.table["colour"]) <= {row.colour for row in legend}


@pytest.mark.parametrize(
    ("rows", "label"),
    [
        ([], "no foreign partner present"),
        ([("FRA", 1500.0)], "FRA 1,500"),
        (
            [("WAGNER", math.nan), ("FRA", 1500.0), ("USA", 1000.0)],
            "FRA 1,500; USA 1,000; WAGNER (strength unknown)",
        ),
        ([("USA", 100.0), ("FRA", 100.0)], "FRA 100; USA 100"),
        (
            [("WAGNER", math.nan), ("RUS", math.nan)],
            "RUS (strength unknown); WAGNER (strength unknown)",
        ),
    ],
)
def test_partners_label(rows, label):
    frame = pd.DataFrame(rows, columns=["partner", "strength"]).astype({"strength": float})
    assert partners_label(frame) == label


@pytest.mark.parametrize(
    ("value", "colour"),
    [
        (math.nan, style.NO_DATA_FILL),
        (None, style.NO_DATA_FILL),
        (0, "#F2F2F2"),
        (1, "#FDD0A2"),
        (500, "#FDD0A2"),
        (501, "#FDAE6B"),
        (2_500, "#FD8D3C"),
        (15_000, "#A63603"),
        (15_001, "#7F2704"),
        (1e9, "#7F2704"),
    ],
)
def test_classify_strength(value, colour):
    assert style.classify(value, style.STRENGTH_BREAKS, style.STRENGTH_COLOURS) == colour


@pytest.mark.parametrize(
    ("breaks", "colours", "fmt", "samples"),
    [
        (
            style.STRENGTH_BREAKS,
            style.STRENGTH_COLOURS,
            "{:,.0f}",
            [0, 250, 750, 2000, 4000, 10_000, 20_000],
        ),
        (style.COUNT_BREAKS, style.COUNT_COLOURS, "{:,.0f}", [0, 1, 2, 3, 4, 6]),
        (style.SHIFT_BREAKS, style.SHIFT_COLOURS, "{:.2f}", [0, 0.1, 0.3, 0.6, 0.9]),
    ],
)
def test_numeric_legend_rows_match_classify(breaks, colours, fmt, samples):
    """One sample per legend row: classify must give that row's colour."""
    legend = style.numeric_legend(breaks, colours, fmt)
    assert len(legend) == len(samples) == len(colours)
    assert [style.classify(v, breaks, colours) for v in samples] == [r.colour for r in legend]
    assert legend[0].label == fmt.format(0)
    if len(colours) > len(breaks):
        assert legend[-1].label == f"> {fmt.format(breaks[-1])}"
