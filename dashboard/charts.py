"""Plotly figure builders for the partnership-shift views (no Streamlit here).

- `shift_chart`: known strength over time, stacked by partner and coloured by bloc, with the
  turning-point events on a strip above and the partners present at unknown strength on a
  row below (never drawn as zero in the stack).
- `swimlane_chart`: one lane per country x partner showing when it was present, hatched
  where no strength was stated.

Every text that came from a fact (summary, outlet, partner names) is HTML-escaped before it
reaches a hover label, because plotly renders HTML tags there.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.dataset import Dataset
from dashboard.models import Bloc, Event, PartnerRegistry
from dashboard.periods import presence_periods, window
from dashboard.style import BLOC_COLOURS, BLOC_LABELS, TEXT
from dashboard.timeline import NO_BLOC, month_ends, monthly_series
from dashboard.view import View

# Turning points worth a marker, top to bottom on the strip, with their symbol and label.
EVENT_MARKERS: dict[str, tuple[str, str]] = {
    Event.COUP.value: ("star", "Coup"),
    Event.EXPULSION.value: ("x", "Expulsion ordered"),
    Event.AGREEMENT_ENDED.value: ("diamond", "Agreement ended"),
    Event.WITHDRAWAL_ANNOUNCED.value: ("triangle-down", "Withdrawal announced"),
    Event.WITHDRAWAL.value: ("square", "Withdrawal completed"),
}
COUP_COLOUR = "#444444"  # a coup has no partner, so no bloc colour
ATTRIBUTION = "Facts: curated from news reports; strength = last number stated for each force."
UNKNOWN_LABEL = "Present, strength not reported"
BLOC_RANK = {b.value: i for i, b in enumerate(Bloc)} | {NO_BLOC: len(Bloc)}
# Shades within a bloc: 0 = the bloc colour, >0 mixes towards white, <0 towards black.
_SHADE_STEPS = (0.0, 0.45, -0.35, 0.7, -0.55, 0.25, -0.2, 0.85, -0.7, 0.6)
_FONT = dict(family="Arial, Helvetica, sans-serif", size=13, color=TEXT)


# --- small helpers -------------------------------------------------------------------------


def shade(colour: str, amount: float) -> str:
    """`colour` mixed towards white (amount > 0) or black (amount < 0)."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
    target = 255.0 if amount > 0 else 0.0
    mixed = rgb + (target - rgb) * abs(amount)
    return "#" + "".join(f"{round(v):02X}" for v in mixed)


def partner_colours(partners: pd.DataFrame) -> dict[str, str]:
    """partner -> colour: the bloc hue, a different lightness for each partner of a bloc.

    `partners` has columns partner, bloc, in the order that should get the strongest shades.
    """
    out: dict[str, str] = {}
    for _, group in partners.groupby("bloc", sort=False):
        for i, (partner, bloc) in enumerate(zip(group["partner"], group["bloc"], strict=True)):
            base = BLOC_COLOURS.get(str(bloc), BLOC_COLOURS["other"])
            out[str(partner)] = shade(base, _SHADE_STEPS[i % len(_SHADE_STEPS)])
    return out


def partner_label(registry: PartnerRegistry, code: str) -> str:
    """Short display name: "Africa Corps", not the registry's long explanatory name."""
    partner = registry.get(code)
    return partner.name.split(" (")[0] if partner else code


@lru_cache(maxsize=256)
def country_name(code: str) -> str:
    import pycountry  # lazy: only needed for labels

    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or country.name if country else code


def places_label(countries: Sequence[str]) -> str:
    """"Niger", "Mali and Niger", or "7 countries (BFA, ...)" when the list is long."""
    names = [country_name(c) for c in sorted(countries)]
    if not names:
        return "no country selected"
    if len(names) <= 3:
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{len(names)} countries ({', '.join(sorted(countries))})"


def fact_date_label(dates: pd.Series, precision: pd.Series) -> np.ndarray:
    """Dates written at their precision: "16 Mar 2024", "Dec 2023" or "2023"."""
    return np.select(
        [precision.eq("year").to_numpy(), precision.eq("month").to_numpy()],
        [dates.dt.strftime("%Y").to_numpy(), dates.dt.strftime("%b %Y").to_numpy()],
        dates.dt.strftime("%-d %b %Y").to_numpy(),
    )


def escaped_wrap(text: object, width: int = 60) -> str:
    """Escape untrusted text for a plotly label, wrapped with <br> (escape first, then join)."""
    lines = textwrap.wrap(str(text or ""), width) or [""]
    return "<br>".join(html.escape(line) for line in lines)


def as_of_line(fig: go.Figure, view: View, first: pd.Timestamp, last: pd.Timestamp) -> None:
    """Dashed vertical line at the end of the as-of month, labelled, when inside the range."""
    at = pd.Timestamp(view.as_of_end)
    if not first <= at <= last:
        return
    fig.add_shape(
        type="line", xref="x", yref="paper", x0=at, x1=at, y0=0, y1=1,
        line=dict(color=TEXT, width=1.5, dash="dash"), name="as-of",
    )
    fig.add_annotation(
        x=at, xref="x", y=1, yref="paper", yanchor="bottom", showarrow=False,
        text=f"As of {view.as_of:%b %Y}", font=dict(size=12, color=TEXT), name="as-of",
        bgcolor="rgba(255,255,255,0.85)",
    )


def _attribution(fig: go.Figure, text: str = ATTRIBUTION) -> None:
    fig.add_annotation(
        x=0, xref="paper", y=0, yref="paper", yshift=-52, xanchor="left", yanchor="top",
        showarrow=False, text=text, font=dict(size=11, color="#555555"), align="left",
    )


# --- the shift chart -------------------------------------------------------------------------


def partner_order(monthly: pd.DataFrame) -> pd.DataFrame:
    """Partners by bloc (BLOC order), then by total known strength, largest first."""
    totals = monthly.groupby(["partner", "bloc"], as_index=False)["strength"].sum(min_count=0)
    totals["rank"] = totals["bloc"].map(BLOC_RANK).fillna(len(BLOC_RANK))
    totals = totals.sort_values(["rank", "strength", "partner"], ascending=[True, False, True])
    return totals[["partner", "bloc"]].reset_index(drop=True)


def _country_breakdown(rows: pd.DataFrame) -> pd.Series:
    """(month, partner) -> "NER 1,000 · MLI 500" (or just the country codes when unknown)."""
    parts = rows["country"].astype(str)
    known = rows["strength"].notna()
    parts = parts.where(~known, parts + " " + rows["strength"].map("{:,.0f}".format))
    return parts.groupby([rows["month"], rows["partner"]]).agg(" · ".join)


def _stack_traces(
    monthly: pd.DataFrame, months: pd.DatetimeIndex, order: pd.DataFrame,
    colours: dict[str, str], registry: PartnerRegistry,
) -> list[go.Scatter]:
    known = monthly[monthly["strength"].notna()]
    if known.empty:
        return []
    table = known.pivot_table(index="month", columns="partner", values="strength", aggfunc="sum")
    table = table.reindex(months)
    where = _country_breakdown(known).unstack("partner").reindex(months)
    traces = []
    x = months.to_numpy()
    for partner, bloc in zip(order["partner"], order["bloc"], strict=True):
        if partner not in table.columns:
            continue
        y = table[partner].to_numpy()
        name = partner_label(registry, partner)
        traces.append(
            go.Scatter(
                x=x, y=np.where(np.isnan(y), None, y), name=html.escape(name),
                stackgroup="strength", mode="lines", line=dict(width=0.6, color="white",
                shape="hv"), fillcolor=colours[partner], legendgroup=bloc,
                legendgrouptitle_text=BLOC_LABELS.get(bloc, bloc),
                customdata=where[partner].to_numpy(),
                hovertemplate=f"{html.escape(name)}: %{{y:,.0f}} (%{{customdata}})<extra></extra>",
            )
        )
    return traces


def _unknown_trace(
    monthly: pd.DataFrame, order: pd.DataFrame, colours: dict[str, str],
    registry: PartnerRegistry,
) -> tuple[go.Scatter | None, list[str]]:
    """One mark per month per partner present somewhere without a stated strength."""
    unknown = monthly[monthly["strength"].isna()]
    if unknown.empty:
        return None, []
    where = _country_breakdown(unknown).reset_index(name="where")
    lanes = [p for p in order["partner"] if p in set(where["partner"])]
    labels = {p: html.escape(partner_label(registry, p)) for p in lanes}
    trace = go.Scatter(
        x=where["month"].to_numpy(), y=where["partner"].map(labels).to_numpy(),
        mode="markers", name=UNKNOWN_LABEL, legendgroup="unknown",
        legendgrouptitle_text="Not counted above",
        marker=dict(symbol="square", size=7, color=where["partner"].map(colours).to_numpy(),
                    line=dict(width=0.5, color="#555555"), opacity=0.75),
        customdata=where["where"].to_numpy(),
        hovertemplate="%{y}: present, strength not reported (%{customdata})<extra></extra>",
    )
    return trace, [labels[p] for p in lanes]


def event_markers(facts: pd.DataFrame, registry: PartnerRegistry) -> pd.DataFrame:
    """Dated turning-point facts with an escaped hover text and a colour per row."""
    rows = facts[facts["event"].isin(list(EVENT_MARKERS)) & facts["date"].notna()]
    partner = rows["partner"].fillna("").astype(str)
    names = partner.map(lambda p: partner_label(registry, p) if p else "")
    heading = rows["event"].map(lambda e: EVENT_MARKERS[str(e)][1])
    heading = np.where(names.eq(""), heading, heading + ": " + names)
    when = fact_date_label(rows["date"], rows["precision"])
    countries = rows["country"].astype(str).map(country_name)
    summaries = rows["summary"].map(escaped_wrap)
    outlets = rows["source_outlet"].fillna("").astype(str).map(html.escape)
    text = (
        "<b>" + pd.Series(heading, index=rows.index).map(html.escape) + "</b><br>"
        + when + " · " + countries.map(html.escape) + "<br>" + summaries
        + "<br><i>Source: " + outlets.where(outlets.ne(""), "not given") + "</i>"
    )
    colour = rows["bloc"].map(BLOC_COLOURS).where(partner.ne(""), COUP_COLOUR)
    return pd.DataFrame({
        "date": rows["date"], "event": rows["event"].astype(str), "text": text,
        "colour": colour.fillna(BLOC_COLOURS["other"]),
    })


def _event_traces(markers: pd.DataFrame) -> list[go.Scatter]:
    traces = []
    for event, (symbol, label) in EVENT_MARKERS.items():
        rows = markers[markers["event"] == event]
        if rows.empty:
            continue
        traces.append(
            go.Scatter(
                x=rows["date"].to_numpy(), y=[label] * len(rows), mode="markers", name=label,
                legendgroup="events", legendgrouptitle_text="Events",
                marker=dict(symbol=symbol, size=12, color=rows["colour"].to_numpy(),
                            line=dict(width=1, color="white")),
                text=rows["text"].to_numpy(), hovertemplate="%{text}<extra></extra>",
            )
        )
    return traces


def shift_chart(dataset: Dataset, view: View) -> go.Figure:
    """Known strength per partner over view.start..view.end for view.countries, summed.

    Rows, top to bottom: turning-point events; stacked known strength (colour = bloc,
    lightness = partner); partners present whose strength no source states (one mark per
    month, never counted as zero). A dashed line marks the as-of month.
    """
    first, last = window(view.start, view.end)
    months = month_ends(first, last)
    monthly = monthly_series(dataset.view_presence(view), first, last, view.countries)
    order = partner_order(monthly)
    colours = partner_colours(order)
    stack = _stack_traces(monthly, months, order, colours, dataset.registry)
    unknown, unknown_lanes = _unknown_trace(monthly, order, colours, dataset.registry)
    markers = event_markers(dataset.view_facts(view), dataset.registry)
    events = _event_traces(markers)

    event_lanes = [label for e, (_, label) in EVENT_MARKERS.items() if e in set(markers["event"])]
    heights = [0.05 * max(len(event_lanes), 1), 0.6, 0.045 * max(len(unknown_lanes), 1)]
    fig = make_subplots(
        rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.035,
        row_heights=[h / sum(heights) for h in heights],
    )
    fig.add_traces(events, rows=1, cols=1)
    fig.add_traces(stack, rows=2, cols=1)
    if unknown is not None:
        fig.add_trace(unknown, row=3, col=1)

    fig.update_yaxes(row=1, col=1, type="category", categoryorder="array",
                     categoryarray=event_lanes[::-1], range=[-0.6, len(event_lanes) - 0.4],
                     showgrid=False, fixedrange=True)
    fig.update_yaxes(row=2, col=1, title_text="Troops (known strength)", rangemode="tozero",
                     tickformat=",", gridcolor="#E5E5E5")
    fig.update_yaxes(row=3, col=1, type="category", categoryorder="array",
                     categoryarray=unknown_lanes[::-1],
                     range=[-0.6, max(len(unknown_lanes), 1) - 0.4], showgrid=False,
                     title_text="Strength<br>unknown", fixedrange=True)
    fig.update_xaxes(range=[first, last], showgrid=False, linecolor="#999999")
    fig.update_xaxes(row=3, col=1, title_text="Month (state at month end)")
    if not stack:
        fig.add_annotation(x=0.5, y=0.5, xref="x2 domain", yref="y2 domain", showarrow=False,
                           text="No stated strength for any partner in this selection")
    as_of_line(fig, view, first, last)
    _attribution(fig, ATTRIBUTION + " Marks in the bottom row: present, no number stated "
                 "(not counted as zero).")
    fig.update_layout(
        title=dict(
            text=f"Foreign security partners in {html.escape(places_label(view.countries))},"
                 f" {first:%b %Y} – {last:%b %Y}",
            subtitle=dict(text="Known troop strength stacked by partner; colour = bloc"),
            x=0.01, xanchor="left",
        ),
        font=_FONT, template="plotly_white", hovermode="closest",
        legend=dict(groupclick="toggleitem", tracegroupgap=8, font=dict(size=12)),
        margin=dict(l=90, r=20, t=90, b=95), plot_bgcolor="white",
    )
    return fig


# --- the swimlane chart ----------------------------------------------------------------------


def _strength_text(periods: pd.DataFrame) -> pd.Series:
    low = periods["min_strength"].map("{:,.0f}".format)
    high = periods["max_strength"].map("{:,.0f}".format)
    ranged = low.where(low.eq(high), low + "–" + high)
    return ranged.where(periods["known"], "not reported")


def swimlane_chart(dataset: Dataset, view: View) -> go.Figure:
    """One lane per country x partner: bars for each presence period, coloured by bloc,
    hatched and paler where no strength is stated. Hover: start, end, strength range."""
    first, last = window(view.start, view.end)
    periods = presence_periods(dataset.view_presence(view), first, last)
    names = {p: partner_label(dataset.registry, p) for p in periods["partner"].unique()}
    periods = periods.assign(
        country_label=periods["country"].map(country_name),
        partner_label=periods["partner"].map(names).map(html.escape),
        rank=periods["bloc"].map(BLOC_RANK),
    )
    lane_order = (periods.groupby(["country_label", "rank", "partner_label"], as_index=False)
                  ["start"].min().sort_values(["country_label", "rank", "start"]))
    lanes = list(zip(lane_order["country_label"], lane_order["partner_label"], strict=True))
    periods = periods.assign(
        hover=(
            "<b>" + periods["partner_label"] + " in " + periods["country_label"] + "</b><br>"
            + periods["start"].dt.strftime("%-d %b %Y") + " – "
            + periods["end"].dt.strftime("%-d %b %Y")
            + np.where(periods["ongoing"], " (still present at the end of the range)", "")
            + "<br>Strength: " + _strength_text(periods)
        ),
        duration=(periods["end"] - periods["start"]).dt.total_seconds() * 1000,
    )
    fig = go.Figure()
    for bloc in sorted(periods["bloc"].unique(), key=lambda b: BLOC_RANK.get(b, 99)):
        colour = BLOC_COLOURS.get(bloc, BLOC_COLOURS["other"])
        for known in (True, False):
            rows = periods[(periods["bloc"] == bloc) & (periods["known"] == known)]
            if rows.empty:
                continue
            label = BLOC_LABELS.get(bloc, bloc)
            fig.add_trace(go.Bar(
                orientation="h", base=rows["start"].dt.strftime("%Y-%m-%d").to_numpy(),
                x=rows["duration"].to_numpy(),
                y=[rows["country_label"].to_numpy(), rows["partner_label"].to_numpy()],
                name=label if known else f"{label}: strength not reported",
                legendgroup=bloc, marker=dict(
                    color=colour if known else shade(colour, 0.75),
                    line=dict(width=0.8, color=colour),
                    pattern=dict(shape="" if known else "/", fgcolor=colour, size=6,
                                 solidity=0.35),
                ),
                customdata=rows[["country", "partner"]].to_numpy(),
                hovertext=rows["hover"].to_numpy(), hovertemplate="%{hovertext}<extra></extra>",
            ))
    fig.update_yaxes(
        type="multicategory", categoryorder="array",
        categoryarray=[list(level) for level in zip(*lanes[::-1], strict=True)] if lanes else [],
        autorange=True, showgrid=True, gridcolor="#EEEEEE", dividercolor="#999999",
    )
    fig.update_xaxes(type="date", range=[first, last], title_text="Date", gridcolor="#EEEEEE")
    fig.update_layout(barmode="overlay", bargap=0.25)
    if not lanes:
        fig.add_annotation(x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                           text="No partner present in this selection")
    as_of_line(fig, view, first, last)
    _attribution(fig, ATTRIBUTION + " Hatched: present, no number stated.")
    fig.update_layout(
        title=dict(
            text=f"Who was present when: {html.escape(places_label(view.countries))},"
                 f" {first:%b %Y} – {last:%b %Y}",
            x=0.01, xanchor="left",
        ),
        font=_FONT, template="plotly_white", height=max(320, 150 + 26 * len(lanes)),
        margin=dict(l=200, r=20, t=70, b=95), legend=dict(groupclick="toggleitem"),
    )
    return fig

