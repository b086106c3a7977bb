"""Per-country map metrics for a view: the numbers, their colours and their legend.

Both the interactive map (maps.py) and the static exports (export.py) colour countries from
`country_metrics`, so the two always agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard import style
from dashboard.dataset import Dataset
from dashboard.timeline import country_summary, shift_score, state_at
from dashboard.view import METRIC_LABELS, Metric, View, month_end

COLUMNS = [
    "iso3",
    "value",
    "colour",
    "value_label",
    "partners_label",
    "known_strength",
    "n_partners",
    "n_unknown",
    "dominant_bloc",
    "has_unknown",
]


@dataclass(frozen=True)
class MapMetrics:
    """`table` has one row per selected country (COLUMNS); `legend` matches its colours."""

    metric: Metric
    title: str
    table: pd.DataFrame
    legend: list[style.LegendClass]


def country_metrics(dataset: Dataset, view: View) -> MapMetrics:
    presence = dataset.view_presence(view)
    state = state_at(presence, pd.Timestamp(view.as_of_end))
    summary = country_summary(state, view.countries)
    summary = summary[summary["country"].isin(view.countries)].rename(columns={"country": "iso3"})
    summary["has_unknown"] = summary["n_unknown"] > 0
    # One pass over the (small) state, not a filtered frame and a sort per country.
    by_country: dict[str, list[tuple[str, float]]] = {}
    for country, partner, strength in zip(
        state["country"], state["partner"], state["strength"], strict=True
    ):
        name = (
            short_name(dataset.registry[str(partner)].name)
            if partner in dataset.registry
            else str(partner)
        )
        by_country.setdefault(str(country), []).append((name, float(strength)))
    summary["partners_label"] = [_label(by_country.get(iso3, [])) for iso3 in summary["iso3"]]
    value, colour, label, legend = _metric_values(summary, presence, view)
    summary["value"], summary["colour"], summary["value_label"] = value, colour, label
    return MapMetrics(
        view.metric, METRIC_LABELS[view.metric], summary[COLUMNS].reset_index(drop=True), legend
    )


def short_name(name: str) -> str:
    """ "Africa Corps (Russian defence-ministry expeditionary force)" -> "Africa Corps"."""
    return name.split(" (")[0]


def partners_label(rows: pd.DataFrame) -> str:
    """ "France 1,500; Wagner (unknown)" — strongest first, unknown strengths last."""
    pairs = zip(rows["partner"].astype(str), rows["strength"].astype(float), strict=True)
    return _label(list(pairs))


def _label(pairs: list[tuple[str, float]]) -> str:
    """`partners_label` of (partner, strength) pairs; NaN strength = unknown."""
    if not pairs:
        return "no foreign partner present"
    # Strongest first, then by partner code; unknown strengths last, also by partner code.
    ordered = sorted(
        pairs, key=lambda ps: (math.isnan(ps[1]), -ps[1] if ps[1] == ps[1] else 0.0, ps[0])
    )
    return "; ".join(
        f"{p} {s:,.0f}" if not math.isnan(s) else f"{p} (strength unknown)" for p, s in ordered
    )


def _metric_values(
    summary: pd.DataFrame, presence: pd.DataFrame, view: View
) -> tuple[list[float], list[str], list[str], list[style.LegendClass]]:
    if view.metric is Metric.STRENGTH:
        values = summary["known_strength"].astype(float).tolist()
        colours = [style.classify(v, style.STRENGTH_BREAKS, style.STRENGTH_COLOURS) for v in values]
        labels = [_strength_label(v, u) for v, u in zip(values, summary["n_unknown"], strict=True)]
        return (
            values,
            colours,
            labels,
            style.numeric_legend(style.STRENGTH_BREAKS, style.STRENGTH_COLOURS),
        )
    if view.metric is Metric.PARTNERS:
        values = summary["n_partners"].astype(float).tolist()
        colours = [style.classify(v, style.COUNT_BREAKS, style.COUNT_COLOURS) for v in values]
        return (
            values,
            colours,
            [f"{v:.0f} partner(s)" for v in values],
            style.numeric_legend(style.COUNT_BREAKS, style.COUNT_COLOURS),
        )
    if view.metric is Metric.BLOC:
        blocs = summary["dominant_bloc"].astype(str).tolist()
        colours = [style.BLOC_COLOURS.get(b, style.NO_DATA_FILL) for b in blocs]
        return (
            [float("nan")] * len(blocs),
            colours,
            [style.BLOC_LABELS.get(b, b) for b in blocs],
            style.bloc_legend(),
        )
    shift = shift_score(presence, str(view.start), str(month_end(view.end)))
    shift = shift.set_index("country")
    shift = shift.reindex(summary["iso3"])
    values = shift["shift"].fillna(0.0).astype(float).tolist()
    colours = [style.classify(v, style.SHIFT_BREAKS, style.SHIFT_COLOURS) for v in values]
    labels = [
        f"{v:.2f} ({a} → {t})" if v > 0 else "0.00 (no change)"
        for v, a, t in zip(
            values, shift["away"].fillna("none"), shift["towards"].fillna("none"), strict=True
        )
    ]
    return (
        values,
        colours,
        labels,
        style.numeric_legend(style.SHIFT_BREAKS, style.SHIFT_COLOURS, "{:.2f}"),
    )


def _strength_label(known: float, n_unknown: int) -> str:
    text = f"{known:,.0f} known"
    if n_unknown:
        text += f" + {n_unknown} partner(s) of unknown strength"
    return text


def supporting_facts(dataset: Dataset, view: View) -> pd.DataFrame:
    """For each partner present at the as-of date, the latest fact behind its presence and
    strength: the numbers on the map can be traced to a dated, sourced statement."""
    at = pd.Timestamp(view.as_of_end)
    state = state_at(dataset.view_presence(view), at)
    facts = dataset.facts
    rows = facts[
        facts["event"].isin(["presence", "deployment", "drawdown"])
        & facts["date"].notna()
        & (facts["date"] <= at)
    ].sort_values("date")
    latest = rows.drop_duplicates(["country", "partner"], keep="last")
    merged = state.merge(latest, on=["country", "partner"], how="left", suffixes=("", "_fact"))
    cols = [
        "country",
        "partner",
        "bloc",
        "strength",
        "date",
        "precision",
        "event",
        "troops",
        "summary",
        "source_outlet",
        "source_url",
        "origin",
    ]
    return merged[cols].sort_values(["country", "strength"], ascending=[True, False])
