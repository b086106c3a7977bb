"""dashboard.charts and dashboard.periods: figures inspected as objects (fig.data, fig.layout)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.charts import UNKNOWN_LABEL, partner_label, shift_chart, swimlane_chart
from dashboard.dataset import Dataset, build_dataset, load_curated_dataset
from dashboard.models import Fact
from dashboard.periods import presence_periods
from dashboard.timeline import state_at
from dashboard.view import View

NIGER = View(
    countries=("NER",),
    as_of=dt.date(2024, 3, 1),
    start=dt.date(2015, 1, 1),
    end=dt.date(2025, 6, 1),
)


@pytest.fixture(scope="module")
def curated() -> Dataset:
    """The shipped facts, loaded once: the Niger expectations below come from them."""
    return load_curated_dataset()


@pytest.fixture(scope="module")
def niger_shift(curated: Dataset) -> go.Figure:
    return shift_chart(curated, NIGER)


def trace(fig: go.Figure, name: str) -> go.Scatter:
    matches = [t for t in fig.data if t.name == name]
    assert len(matches) == 1, f"expected one trace named {name!r}, got {[t.name for t in fig.data]}"
    return matches[0]


def value_at(tr: go.Scatter, month: str) -> float | None:
    """The trace's y at a month end, read as the step ("hv") line draws it: the value of the
    last point on or before that month (only months where something changes are sent).
    None where the partner is absent from the stack."""
    x = pd.to_datetime(np.asarray(tr.x))
    at = pd.Timestamp(month)
    assert x.min() <= at <= x.max(), f"{month} outside the x range of {tr.name}"
    y = tr.y[int(np.flatnonzero(x <= at)[-1])]
    return None if y is None or (isinstance(y, float) and np.isnan(y)) else float(y)


def fact(
    id_: str,
    event: str,
    date: str,
    partner: str = "USA",
    troops: int | None = None,
    summary: str = "",
    outlet: str = "",
    country: str = "NER",
) -> Fact:
    return Fact(
        id=id_,
        country=country,
        partner=partner,
        event=event,
        date=date,
        troops=troops,
        summary=summary,
        source_outlet=outlet,
    )


# --- shift chart on the curated data --------------------------------------------------------


@pytest.mark.parametrize(
    ("partner", "month", "expected"),
    [
        ("France", "2023-11-30", 1500.0),  # last stated level before the withdrawal
        # two facts on 2023-01-01 (2,000 then 1,500): the later one holds, as on the map
        ("France", "2023-03-31", 1500.0),
        ("France", "2023-12-31", None),  # withdrawn in December 2023: gone from the stack
        ("France", "2024-06-30", None),
        ("Africa Corps", "2024-03-31", None),  # not yet there at the as-of month
        ("Africa Corps", "2024-04-30", 100.0),  # arrives in April 2024
        ("United States", "2024-03-31", 1000.0),
        ("United States", "2024-09-30", None),  # withdrawal completed August 2024
    ],
)
def test_niger_stack_levels(
    niger_shift: go.Figure, partner: str, month: str, expected: float | None
) -> None:
    assert value_at(trace(niger_shift, partner), month) == expected


@pytest.mark.parametrize("month", ["2017-06-30", "2023-01-31", "2023-08-31", "2024-03-31"])
def test_stack_agrees_with_state_at(curated: Dataset, niger_shift: go.Figure, month: str) -> None:
    """The chart and the map read the same timeline: same strengths at every month end."""
    state = state_at(curated.presence, month)
    known = state[(state["country"] == "NER") & state["strength"].notna()]
    for code, strength in zip(known["partner"], known["strength"], strict=True):
        name = partner_label(curated.registry, code)
        assert value_at(trace(niger_shift, name), month) == strength, (code, month)


def test_france_never_returns_after_december_2023(niger_shift: go.Figure) -> None:
    france = trace(niger_shift, "France")
    x = pd.to_datetime(np.asarray(france.x))
    after = [y for xi, y in zip(x, france.y, strict=True) if xi >= pd.Timestamp("2023-12-31")]
    assert after and all(y is None for y in after)


def test_stack_traces_are_coloured_by_bloc(niger_shift: go.Figure) -> None:
    stack = [t for t in niger_shift.data if t.stackgroup == "strength"]
    groups = {t.name: t.legendgroup for t in stack}
    assert groups["France"] == groups["United States"] == "western"
    assert groups["Africa Corps"] == "russia"
    # partners of one bloc share its hue but stay distinguishable
    fills = [t.fillcolor for t in stack if t.legendgroup == "western"]
    assert len(set(fills)) == len(fills)
    assert trace(niger_shift, "United States").fillcolor == "#0072B2"  # BLOC_COLOURS western


def test_unknown_strength_has_its_own_trace_not_zero(niger_shift: go.Figure) -> None:
    # The EU mission in Niger never had a stated strength: marks in the unknown row only.
    unknown = trace(niger_shift, UNKNOWN_LABEL)
    assert unknown.stackgroup is None and unknown.yaxis == "y"
    points = set(zip(pd.to_datetime(np.asarray(unknown.x)), unknown.y, strict=True))
    assert (pd.Timestamp("2023-06-30"), "European Union") in points
    assert "European Union" not in {t.name for t in niger_shift.data if t.stackgroup}
    # France before its first stated number (2013-2017) is unknown, not zero, in the stack
    assert (pd.Timestamp("2016-06-30"), "France") in points
    assert value_at(trace(niger_shift, "France"), "2016-06-30") is None


@pytest.mark.parametrize("as_of", [dt.date(2024, 3, 1), dt.date(2020, 2, 1), dt.date(2016, 12, 1)])
@pytest.mark.parametrize("chart", [shift_chart, swimlane_chart])
def test_as_of_line_at_end_of_as_of_month(curated: Dataset, chart, as_of: dt.date) -> None:
    fig = chart(curated, NIGER.with_as_of(as_of))
    lines = [s for s in fig.layout.shapes if s.name == "as-of"]
    assert len(lines) == 1
    expected = pd.Timestamp(as_of) + pd.offsets.MonthEnd(0)
    assert pd.Timestamp(lines[0].x0) == pd.Timestamp(lines[0].x1) == expected
    labels = [a.text for a in fig.layout.annotations if a.name == "as-of"]
    assert labels == [f"As of {as_of:%b %Y}"]


def test_as_of_outside_range_draws_no_line(curated: Dataset) -> None:
    fig = shift_chart(curated, NIGER.with_as_of(dt.date(2012, 1, 1)))
    assert not [s for s in fig.layout.shapes if s.name == "as-of"]


def test_country_filter_changes_the_figure(curated: Dataset, niger_shift: go.Figure) -> None:
    mali = shift_chart(curated, replace(NIGER, countries=("MLI",)))
    assert "Niger" in niger_shift.layout.title.text and "Mali" in mali.layout.title.text
    mali_names = {t.name for t in mali.data}
    assert "Wagner Group" in mali_names and "Wagner Group" not in {t.name for t in niger_shift.data}
    both = shift_chart(curated, replace(NIGER, countries=("MLI", "NER")))
    # summed over countries: France in both at mid-2020
    assert value_at(trace(both, "France"), "2020-06-30") == (
        value_at(trace(mali, "France"), "2020-06-30")
        + value_at(trace(niger_shift, "France"), "2020-06-30")
    )


def test_range_limits_the_x_axis(niger_shift: go.Figure) -> None:
    x = pd.to_datetime(np.asarray(trace(niger_shift, "France").x))
    assert x.min() == pd.Timestamp("2015-01-31") and x.max() == pd.Timestamp("2025-06-30")
    assert "Jan 2015 – Jun 2025" in niger_shift.layout.title.text


@pytest.mark.parametrize("chart", [shift_chart, swimlane_chart])
def test_figures_pass_plotly_validation(curated: Dataset, chart) -> None:
    """The builders skip validation for speed; this rebuild validates every property."""
    fig = chart(curated, replace(NIGER, countries=("MLI", "NER", "TCD", "BFA")))
    go.Figure(fig.to_dict())  # raises ValueError on any invalid property


@pytest.mark.parametrize("chart", [shift_chart, swimlane_chart])
def test_empty_selection_does_not_crash(curated: Dataset, chart) -> None:
    fig = chart(curated, replace(NIGER, countries=("GMB",)))
    assert any("No " in (a.text or "") for a in fig.layout.annotations)


# --- event markers: escaping --------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile() -> Dataset:
    """A tiny dataset whose texts try to inject HTML into the hover labels."""
    return build_dataset(
        [
            fact("p1", "presence", "2023-01-15", troops=1000),
            fact(
                "e1",
                "expulsion",
                "2024-03-16",
                summary="<script>alert('x')</script> & more",
                outlet="<b>Evil</b> Outlet",
            ),
            fact("c1", "coup", "2023-07", partner="", summary="Coup <img src=x onerror=alert(1)>"),
            fact("w1", "withdrawal", "2024-08", troops=1000),
        ]
    )


def test_event_marker_hover_is_escaped(hostile: Dataset) -> None:
    fig = shift_chart(hostile, NIGER)
    expulsion = trace(fig, "Expulsion ordered")
    text = expulsion.text[0]
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "&amp; more" in text and "&lt;b&gt;Evil&lt;/b&gt; Outlet" in text
    assert "16 Mar 2024" in text and "Niger" in text
    coup = trace(fig, "Coup").text[0]
    assert "<img" not in coup and "&lt;img" in coup and "Jul 2023" in coup


@pytest.mark.parametrize(
    ("event", "shown"),
    [("expulsion", True), ("coup", True), ("withdrawal", True), ("presence", False)],
)
def test_which_events_get_markers(hostile: Dataset, event: str, shown: bool) -> None:
    marker_events = {t.name for t in shift_chart(hostile, NIGER).data if t.yaxis == "y3"}
    labels = {
        "expulsion": "Expulsion ordered",
        "coup": "Coup",
        "withdrawal": "Withdrawal completed",
        "presence": "presence",
    }
    assert (labels[event] in marker_events) is shown


# --- swimlane ---------------------------------------------------------------------------------


def bars(fig: go.Figure) -> pd.DataFrame:
    rows = [
        dict(country=c, partner=p, end=e, lane=y, known=": strength not reported" not in t.name)
        for t in fig.data
        for (c, p, e), y in zip(t.customdata, t.y, strict=True)
    ]
    return pd.DataFrame(rows)


def test_swimlane_niger_france_ends_december_2023(curated: Dataset) -> None:
    fig = swimlane_chart(curated, NIGER)
    france = bars(fig).query("country == 'NER' and partner == 'FRA'")
    assert set(france["lane"]) == {"NER|FRA"}
    assert france["end"].max().startswith("2023-12")
    assert "NER|FRA" in fig.layout.yaxis.categoryarray
    # before 2017 no number was stated: that stretch is a separate, hatched bar
    assert set(france["known"]) == {True, False}


def test_swimlane_lanes_follow_the_country_filter(curated: Dataset) -> None:
    fig = swimlane_chart(curated, replace(NIGER, countries=("MLI", "NER")))
    lanes = list(fig.layout.yaxis.categoryarray)
    assert lanes[0] == "MLI|" and "NER|" in lanes  # header lanes, Mali first by name
    assert lanes.index("MLI|WAGNER") < lanes.index("NER|")
    assert "TCD|FRA" not in lanes


# --- presence_periods -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (  # known strength, then withdrawal
            [("presence", "2020-01-10", 100), ("withdrawal", "2021-05", None)],
            [("2020-01-10", "2021-05-01", True, 100, 100, False)],
        ),
        (  # unknown first, then a number: two periods, split where the number appears
            [
                ("deployment", "2019-03", None),
                ("presence", "2020-06-01", 300),
                ("presence", "2021-01-01", 500),
            ],
            [
                ("2019-03-01", "2020-06-01", False, None, None, False),
                ("2020-06-01", "2022-12-31", True, 300, 500, True),
            ],
        ),
        (  # present before the window: clipped to its first day
            [("presence", "2010-01", 50)],
            [("2015-01-01", "2022-12-31", True, 50, 50, True)],
        ),
        (  # over before the window: nothing
            [("presence", "2010-01", 50), ("withdrawal", "2012", None)],
            [],
        ),
    ],
)
def test_presence_periods(facts, expected) -> None:
    data = build_dataset(
        [fact(f"f{i}", event, date, troops=troops) for i, (event, date, troops) in enumerate(facts)]
    )
    got = presence_periods(data.presence, "2015-01", "2022-12")
    rows = [
        (
            f"{r.start:%Y-%m-%d}",
            f"{r.end:%Y-%m-%d}",
            bool(r.known),
            None if pd.isna(r.min_strength) else r.min_strength,
            None if pd.isna(r.max_strength) else r.max_strength,
            bool(r.ongoing),
        )
        for r in got.itertuples()
    ]
    assert rows == expected
    assert set(got["partner"]) <= {"USA"}
