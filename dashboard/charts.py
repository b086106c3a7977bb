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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.dataset import Dataset
from dashboard.models import Bloc, Event, PartnerRegistry
from dashboard.periods import presence_periods, window
from dashboard.style import BLOC_COLOURS, BLOC_LABELS, TEXT
from dashboard.timeline import KEY, NO_BLOC, month_ends, monthly_series
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
# Property validation costs ~0.5 ms per trace, a quarter of the build time; the figures are
# built from fixed dicts here, and tests/unit/test_charts.py rebuilds each one with
# validation on, so an invalid property still fails loudly there.
VALIDATE = False


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
    """ "Niger", "Mali and Niger", or "7 countries (BFA, ...)" when the list is long."""
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


def add_as_of(layout: dict[str, Any], view: View, first: pd.Timestamp, last: pd.Timestamp) -> None:
    """A dashed vertical line at the end of the as-of month, labelled, when inside the range."""
    at = pd.Timestamp(view.as_of_end)
    if not first <= at <= last:
        return
    layout["shapes"].append(
        dict(
            type="line",
            xref="x",
            yref="paper",
            x0=at,
            x1=at,
            y0=0,
            y1=1,
            name="as-of",
            line=dict(color=TEXT, width=1.5, dash="dash"),
        )
    )
    layout["annotations"].append(
        dict(
            x=at,
            xref="x",
            y=1,
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            name="as-of",
            text=f"As of {view.as_of:%b %Y}",
            font=dict(size=12, color=TEXT),
            bgcolor="rgba(255,255,255,0.85)",
        )
    )


def attribution(text: str = ATTRIBUTION) -> dict[str, Any]:
    """A small source note under the plot, left-aligned."""
    return dict(
        x=0,
        xref="paper",
        y=0,
        yref="paper",
        yshift=-52,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        text=text,
        font=dict(size=11, color="#555555"),
        align="left",
    )


# --- the shift chart -------------------------------------------------------------------------


def partner_order(monthly: pd.DataFrame) -> pd.DataFrame:
    """Partners by bloc (BLOC order), then by total known strength, largest first."""
    totals = monthly.groupby(["partner", "bloc"])["strength"].sum(min_count=0).reset_index()
    totals["rank"] = totals["bloc"].map(BLOC_RANK).fillna(len(BLOC_RANK))
    totals = totals.sort_values(["rank", "strength", "partner"], ascending=[True, False, True])
    return totals[["partner", "bloc"]].reset_index(drop=True)


def country_breakdown(rows: pd.DataFrame) -> pd.DataFrame:
    """Wide (month x partner) text: "MLI 500 · NER 1,000", or just codes where unknown.

    One pass per country column instead of a Python join per (month, partner) group.
    """
    label = rows["country"].astype(str).to_numpy(dtype=object)
    known = rows["strength"].notna().to_numpy()
    numbers = rows["strength"].to_numpy()
    label = np.where(
        known, label + " " + pd.Series(numbers).map("{:,.0f}".format).to_numpy(), label
    )
    wide = pd.Series(
        label, index=pd.MultiIndex.from_arrays([rows["month"], rows["partner"], rows["country"]])
    ).unstack("country")
    text = np.full(len(wide), "", dtype=object)
    for col in sorted(wide.columns):
        value = wide[col].fillna("").to_numpy(dtype=object)
        has = value != ""
        text = np.where(has & (text == ""), value, np.where(has, text + " · " + value, text))
    return pd.Series(text, index=wide.index).unstack("partner")


def _stack_traces(
    monthly: pd.DataFrame,
    months: pd.DatetimeIndex,
    order: pd.DataFrame,
    colours: dict[str, str],
    names: dict[str, str],
) -> list[dict[str, Any]]:
    known = monthly[monthly["strength"].notna()]
    if known.empty:
        return []
    table = known.groupby(["month", "partner"])["strength"].sum().unstack("partner")
    table = table.reindex(months)
    where = country_breakdown(known).reindex(months)
    # Steps ("hv") only need the months where something changes, plus the last month: the
    # browser then draws and diffs ~10x fewer points on every as-of step. All traces keep
    # the same x, as stacking needs.
    keep = _changed_rows(table) | _changed_rows(where)
    keep[0] = keep[-1] = True
    table, where = table[keep], where[keep]
    x = table.index.to_numpy()
    traces = []
    for partner, bloc in zip(order["partner"], order["bloc"], strict=True):
        if partner not in table.columns:
            continue
        y = table[partner].to_numpy()
        traces.append(
            dict(
                type="scatter",
                x=x,
                y=np.where(np.isnan(y), None, y),
                name=names[partner],
                yaxis="y2",
                stackgroup="strength",
                mode="lines",
                line=dict(width=0.6, color="white", shape="hv"),
                fillcolor=colours[partner],
                legendgroup=bloc,
                legendgrouptitle_text=BLOC_LABELS.get(bloc, bloc),
                customdata=where[partner].to_numpy(),
                hovertemplate=f"{names[partner]}: %{{y:,.0f}} (%{{customdata}})<extra></extra>",
            )
        )
    return traces


def _changed_rows(frame: pd.DataFrame) -> np.ndarray:
    """True for rows that differ from the row before (two missing values are equal)."""
    before = frame.shift()
    differs = frame.ne(before) & ~(frame.isna() & before.isna())
    return cast(np.ndarray, differs.any(axis=1).to_numpy())


def _unknown_trace(
    monthly: pd.DataFrame,
    order: pd.DataFrame,
    colours: dict[str, str],
    names: dict[str, str],
) -> tuple[dict[str, Any] | None, list[str]]:
    """One mark per month per partner present somewhere without a stated strength."""
    unknown = monthly[monthly["strength"].isna()]
    if unknown.empty:
        return None, []
    stacked = cast(pd.Series, country_breakdown(unknown).stack())
    where = stacked.dropna().rename("where").reset_index()
    present = set(where["partner"])
    lanes = [names[p] for p in order["partner"] if p in present]
    trace = dict(
        type="scatter",
        x=where["month"].to_numpy(),
        y=where["partner"].map(names).to_numpy(),
        yaxis="y",
        mode="markers",
        name=UNKNOWN_LABEL,
        legendgroup="unknown",
        legendgrouptitle_text="Not counted in the stack",
        marker=dict(
            symbol="square",
            size=7,
            color=where["partner"].map(colours).to_numpy(),
            line=dict(width=0.5, color="#555555"),
            opacity=0.75,
        ),
        customdata=where["where"].to_numpy(),
        hovertemplate="%{y}: present, strength not reported (%{customdata})<extra></extra>",
    )
    return trace, lanes


def event_markers(facts: pd.DataFrame, registry: PartnerRegistry) -> pd.DataFrame:
    """One marker per event type, month and colour: date (the first fact's), event, escaped
    hover text of up to MARKER_FACTS facts ("… and N more") and the bloc colour.

    Grouping keeps the strip readable where facts pile up (three G5 Sahel exits on one
    day) and keeps the figure's size bounded by months, not by facts: at 100k facts a view
    holds ~20k turning points, whose hover text alone took ~0.5 s to build.
    """
    rows = facts[facts["event"].isin(list(EVENT_MARKERS)) & facts["date"].notna()]
    partner = rows["partner"].fillna("").astype(str)
    colour = rows["bloc"].astype(str).map(BLOC_COLOURS).where(partner.ne(""), COUP_COLOUR)
    colour = colour.fillna(BLOC_COLOURS["other"])
    rows = rows.assign(colour=colour, month=rows["date"].dt.to_period("M"))
    rows = rows.sort_values("date", kind="stable")
    group = ["event", "month", "colour"]
    rank = rows.groupby(group, sort=False).cumcount()
    sizes = rows.groupby(group, sort=False)["date"].transform("size")
    shown = rows[rank < MARKER_FACTS]
    text = _marker_text(shown, registry)
    more = (sizes[rank == MARKER_FACTS - 1] - MARKER_FACTS).clip(lower=0)
    more = more[more > 0]
    text = text.astype(object)
    text.loc[more.index] = text.loc[more.index] + pd.Series(
        [f"<br><i>… and {n} more this month</i>" for n in more], index=more.index, dtype=object
    )
    grouped = shown.assign(text=text).groupby(group, sort=False, observed=True)
    markers = grouped.agg(date=("date", "first"), text=("text", "<br>—<br>".join))
    return markers.reset_index()[["date", "event", "text", "colour"]]


def _marker_text(rows: pd.DataFrame, registry: PartnerRegistry) -> pd.Series:
    """Escaped hover text per fact: heading, date and country, summary, source."""
    partner = rows["partner"].fillna("").astype(str)
    names = partner.map({p: partner_label(registry, p) if p else "" for p in partner.unique()})
    heading = rows["event"].astype(str).map({e: label for e, (_, label) in EVENT_MARKERS.items()})
    heading = heading.where(names.eq(""), heading + ": " + names)
    when = fact_date_label(rows["date"], rows["precision"])
    countries = rows["country"].astype(str)
    countries = countries.map({c: html.escape(country_name(c)) for c in countries.unique()})
    outlets = rows["source_outlet"].fillna("").astype(str).map(html.escape)
    text = (
        "<b>"
        + heading.map(html.escape)
        + "</b><br>"
        + when
        + " · "
        + countries
        + "<br>"
        + rows["summary"].map(escaped_wrap)
        + "<br><i>Source: "
        + outlets.where(outlets.ne(""), "not given")
        + "</i>"
    )
    return cast(pd.Series, text)


MARKER_FACTS = 4  # facts listed in one marker's hover text


def _event_traces(markers: pd.DataFrame) -> list[dict[str, Any]]:
    traces = []
    for event, rows in markers.groupby("event", sort=False):
        symbol, label = EVENT_MARKERS[str(event)]
        traces.append(
            dict(
                type="scatter",
                x=rows["date"].to_numpy(),
                y=[label] * len(rows),
                yaxis="y3",
                mode="markers",
                name=label,
                legendgroup="events",
                legendgrouptitle_text="Events",
                marker=dict(
                    symbol=symbol,
                    size=12,
                    color=rows["colour"].to_numpy(),
                    line=dict(width=1, color="white"),
                ),
                text=rows["text"].to_numpy(),
                hovertemplate="%{text}<extra></extra>",
            )
        )
    rank = list(EVENT_MARKERS)
    return sorted(traces, key=lambda t: rank.index(_event_of(t["name"])))


def _event_of(label: str) -> str:
    return next(e for e, (_, lab) in EVENT_MARKERS.items() if lab == label)


def _row_domains(heights: Sequence[float], gap: float = 0.035) -> list[list[float]]:
    """Bottom-to-top [low, high] paper domains for rows with relative `heights`."""
    free = 1.0 - gap * (len(heights) - 1)
    total = sum(heights)
    domains, low = [], 0.0
    for h in heights:
        high = low + free * h / total
        domains.append([low, min(high, 1.0)])
        low = high + gap
    return domains


def shift_chart(dataset: Dataset, view: View) -> go.Figure:
    """The partnership-shift figure for a view (see `shift_chart_parts`)."""
    return assemble(shift_chart_parts(dataset, view), view)


def swimlane_chart(dataset: Dataset, view: View) -> go.Figure:
    """The presence swimlanes for a view (see `swimlane_parts`)."""
    return assemble(swimlane_parts(dataset, view), view)


@dataclass(frozen=True)
class ChartParts:
    """A figure's traces and layout without the as-of line: they do not depend on the as-of
    month, so the app can keep them while the reader steps through months."""

    data: list[dict[str, Any]]
    layout: dict[str, Any]
    first: pd.Timestamp
    last: pd.Timestamp


def assemble(parts: ChartParts, view: View) -> go.Figure:
    """The figure with the as-of line for `view` added; `parts` is left untouched."""
    layout = {
        **parts.layout,
        "shapes": list(parts.layout.get("shapes", [])),
        "annotations": list(parts.layout.get("annotations", [])),
    }
    add_as_of(layout, view, parts.first, parts.last)
    return go.Figure(data=parts.data, layout=layout, _validate=VALIDATE)


def shift_chart_parts(dataset: Dataset, view: View) -> ChartParts:
    """Known strength per partner over view.start..view.end for view.countries, summed.

    Rows, top to bottom: turning-point events; stacked known strength (colour = bloc,
    lightness = partner); partners present whose strength no source states (one mark per
    month, never counted as zero). A dashed line marks the as-of month. The three rows
    share one x axis (y = unknown row, y2 = stack, y3 = events).
    """
    first, last = window(view.start, view.end)
    months = month_ends(first, last)
    # Several facts on one day: keep the state after the last one (monthly_series sorts by
    # date alone, so it must not see same-day ties).
    presence = dataset.view_presence(view).drop_duplicates([*KEY, "date"], keep="last")
    monthly = monthly_series(presence, first, last, view.countries)
    order = partner_order(monthly)
    colours = partner_colours(order)
    names = {p: html.escape(partner_label(dataset.registry, p)) for p in order["partner"]}
    stack = _stack_traces(monthly, months, order, colours, names)
    unknown, unknown_lanes = _unknown_trace(monthly, order, colours, names)
    markers = event_markers(dataset.view_facts(view), dataset.registry)
    events = _event_traces(markers)
    event_lanes = [t["name"] for t in events]

    unknown_row, stack_row, event_row = _row_domains(
        [0.045 * max(len(unknown_lanes), 1), 0.6, 0.05 * max(len(event_lanes), 1)]
    )
    lane_axis = dict(
        type="category",
        categoryorder="array",
        showgrid=False,
        fixedrange=True,
        ticks="",
        automargin=True,
    )
    layout: dict[str, Any] = dict(
        title=dict(
            text=f"Foreign security partners in {html.escape(places_label(view.countries))},"
            f" {first:%b %Y} – {last:%b %Y}",
            subtitle=dict(
                text="Known troop strength stacked by partner; colour = bloc, lightness = partner"
            ),
            x=0.01,
            xanchor="left",
        ),
        font=_FONT,
        paper_bgcolor="white",
        plot_bgcolor="white",
        hovermode="closest",
        legend=dict(groupclick="toggleitem", tracegroupgap=8, font=dict(size=12)),
        margin=dict(l=90, r=20, t=90, b=95),
        # Tall enough that the legend (partners + event types + bloc headers) fits unscrolled.
        height=min(900, max(520, 200 + 21 * (len(stack) + len(events) + 6))),
        xaxis=dict(
            type="date",
            range=[first, last],
            anchor="y",
            showgrid=False,
            linecolor="#999999",
            ticks="outside",
            title=dict(text="Month (state at month end)"),
        ),
        yaxis=dict(
            lane_axis,
            domain=unknown_row,
            categoryarray=unknown_lanes[::-1],
            range=[-0.6, max(len(unknown_lanes), 1) - 0.4],
            title=dict(text="Strength<br>unknown"),
        ),
        yaxis2=dict(
            domain=stack_row,
            anchor="x",
            rangemode="tozero",
            tickformat=",",
            gridcolor="#E5E5E5",
            zeroline=True,
            zerolinecolor="#999999",
            title=dict(text="Troops (known strength)"),
        ),
        yaxis3=dict(
            lane_axis,
            domain=event_row,
            anchor="x",
            categoryarray=event_lanes[::-1],
            range=[-0.6, max(len(event_lanes), 1) - 0.4],
        ),
        shapes=[],
        annotations=[],
    )
    if not stack:
        layout["annotations"].append(
            dict(
                x=0.5,
                y=0.5,
                xref="x domain",
                yref="y2 domain",
                showarrow=False,
                text="No stated strength for any partner in this selection",
            )
        )
    layout["annotations"].append(
        attribution(
            ATTRIBUTION
            + " Marks in the bottom row: present, no number stated (not counted as zero)."
        )
    )
    data = [*events, *stack, *([unknown] if unknown else [])]
    return ChartParts(data, layout, first, last)


# --- the swimlane chart ----------------------------------------------------------------------


def _strength_text(periods: pd.DataFrame) -> pd.Series:
    low = periods["min_strength"].map("{:,.0f}".format)
    high = periods["max_strength"].map("{:,.0f}".format)
    ranged = low.where(low.eq(high), low + "–" + high)
    return ranged.where(periods["known"], "not reported")


def swimlane_lanes(periods: pd.DataFrame) -> pd.DataFrame:
    """Lane order: countries by name; in each, a header lane, then partners by bloc and first
    arrival. Columns: lane (unique key), label (escaped tick text), country, partner."""
    if periods.empty:
        return pd.DataFrame(columns=["lane", "label", "country", "partner"])
    first_start = (
        periods.groupby(["country_label", "country", "partner", "partner_label"], as_index=False)
        .agg(rank=("rank", "first"), start=("start", "min"))
        .sort_values(["country_label", "rank", "start", "partner"])
    )
    partners = first_start.assign(
        lane=first_start["country"] + "|" + first_start["partner"],
        label=first_start["partner_label"],
        order=1,
    )
    headers = first_start.drop_duplicates("country").assign(
        lane=lambda f: f["country"] + "|",
        label=lambda f: "<b>" + f["country_label"] + "</b>",
        partner="",
        order=0,
    )
    lanes = pd.concat([headers, partners]).sort_values(["country_label", "order"], kind="stable")
    return lanes[["lane", "label", "country", "partner"]].reset_index(drop=True)


def _swimlane_bars(periods: pd.DataFrame) -> list[dict[str, Any]]:
    """One bar trace per (bloc, known): solid where strength is known, hatched where not."""
    periods = periods.assign(
        hover=(
            "<b>"
            + periods["partner_label"]
            + " in "
            + periods["country_label"]
            + "</b><br>"
            + periods["start"].dt.strftime("%-d %b %Y")
            + " – "
            + periods["end"].dt.strftime("%-d %b %Y")
            + np.where(periods["ongoing"], " (still present at the end of the range)", "")
            + "<br>Strength: "
            + _strength_text(periods)
        ),
        duration=(periods["end"] - periods["start"]).dt.total_seconds() * 1000,
    )
    data: list[dict[str, Any]] = []
    for (rank, known), rows in periods.groupby(["rank", "known"], sort=True):
        bloc = str(rows["bloc"].iloc[0])
        colour = BLOC_COLOURS.get(bloc, BLOC_COLOURS["other"])
        label = BLOC_LABELS.get(bloc, bloc)
        data.append(
            dict(
                type="bar",
                orientation="h",
                base=rows["start"].to_numpy(),
                x=rows["duration"].to_numpy(),
                y=rows["lane"].to_numpy(),
                name=label if known else f"{label}: strength not reported",
                legendgroup=bloc,
                legendrank=int(cast(float, rank)) * 2 + (0 if known else 1),
                marker=dict(
                    color=colour if known else shade(colour, 0.8),
                    line=dict(width=0.8, color=colour),
                    pattern=dict(shape="" if known else "/", fgcolor=colour, size=7, solidity=0.3),
                ),
                customdata=np.column_stack(
                    [rows["country"], rows["partner"], rows["end"].dt.strftime("%Y-%m-%d")]
                ),
                hovertext=rows["hover"].to_numpy(),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return data


def swimlane_parts(dataset: Dataset, view: View) -> ChartParts:
    """One lane per country x partner: bars for each presence period, coloured by bloc,
    hatched and paler where no strength is stated. Hover: start, end, strength range.

    Lanes: countries by name, each under a bold header lane; partners by bloc, then arrival.
    Trace customdata per bar: country, partner, end (YYYY-MM-DD).
    """
    first, last = window(view.start, view.end)
    periods = presence_periods(dataset.view_presence(view), first, last)
    names = {
        p: html.escape(partner_label(dataset.registry, p)) for p in periods["partner"].unique()
    }
    countries = {c: html.escape(country_name(c)) for c in periods["country"].unique()}
    periods = periods.assign(
        country_label=periods["country"].map(countries),
        partner_label=periods["partner"].map(names),
        rank=periods["bloc"].map(BLOC_RANK).fillna(len(BLOC_RANK)),
        lane=periods["country"].astype(str) + "|" + periods["partner"].astype(str),
    )
    lanes = swimlane_lanes(periods)
    data = _swimlane_bars(periods) if len(periods) else []
    n = len(lanes)
    # Thin rules above each country's header lane (lanes run top to bottom: reversed axis).
    header_at = lanes.index[lanes["partner"].eq("")].to_numpy()
    rules = [
        dict(
            type="line",
            xref="paper",
            x0=0,
            x1=1,
            yref="y",
            y0=i - 0.5,
            y1=i - 0.5,
            line=dict(color="#BBBBBB", width=1),
        )
        for i in header_at
        if i > 0
    ]
    layout: dict[str, Any] = dict(
        title=dict(
            text=f"Who was present when: {html.escape(places_label(view.countries))},"
            f" {first:%b %Y} – {last:%b %Y}",
            subtitle=dict(
                text="Presence periods per partner; colour = bloc, hatched = strength not reported"
            ),
            x=0.01,
            xanchor="left",
        ),
        font=_FONT,
        paper_bgcolor="white",
        plot_bgcolor="white",
        barmode="overlay",
        bargap=0.3,
        height=max(320, 170 + 22 * n),
        margin=dict(l=20, r=20, t=90, b=95),
        legend=dict(groupclick="toggleitem"),
        xaxis=dict(
            type="date",
            range=[first, last],
            gridcolor="#EEEEEE",
            ticks="outside",
            linecolor="#999999",
            title=dict(text="Date"),
        ),
        yaxis=dict(
            type="category",
            categoryorder="array",
            categoryarray=lanes["lane"].tolist(),
            tickmode="array",
            tickvals=lanes["lane"].tolist(),
            ticktext=lanes["label"].tolist(),
            range=[n - 0.5, -0.5],
            showgrid=False,
            automargin=True,
            fixedrange=True,
        ),
        shapes=rules,
        annotations=[],
    )
    if lanes.empty:
        layout["annotations"].append(
            dict(
                x=0.5,
                y=0.5,
                xref="paper",
                yref="paper",
                showarrow=False,
                text="No partner present in this selection",
            )
        )
    layout["annotations"].append(attribution(ATTRIBUTION + " Hatched: present, no number stated."))
    return ChartParts(data, layout, first, last)
