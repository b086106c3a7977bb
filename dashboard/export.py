"""Briefing images of a view: the map, the shift chart and a one-slide card (no Streamlit).

Every image is a 16:9 slide (1920×1080 px; PNG at 2× = 3840×2160) with a title, the as-of
date or range, a legend, a source line naming the outlets behind the numbers and a short
attribution. Formats: PNG, SVG (text kept as text) and one-page PDF.

Which renderer draws what, and why:

- **Map: geopandas + matplotlib.** About 0.2 s, no browser, and the same fills
  (`metrics.country_metrics`), legend classes and unknown-strength marking (UNKNOWN_OUTLINE
  dashed outline + '///' hatching) as the interactive map. A plotly geo trace would need a
  browser and, offline, local topojson files.
- **Chart: plotly via kaleido** (`charts.shift_chart`), so the exported chart is the very
  figure the app shows. Kaleido drives the system Chromium through one warm browser
  (`render.WarmRenderer`: ~2 s first image, ~0.2 s after). When Chromium is missing,
  broken or slow, a warning says why and the chart is drawn by matplotlib from the same
  monthly series, colours and partner order instead, never a hang.
- **Card: matplotlib only** (map axes + chart axes + text). One figure gives exact
  1920×1080 placement, no image pasting between renderers, real vector SVG/PDF, and the card
  never needs a browser, so it works on any headless machine and in a batch of months.

Entry points: `map_image`, `chart_image`, `briefing_card` (view, fmt, dataset=None) -> bytes,
`export_filename` for download names, `export_image` to dispatch by name, `time_exports` for
benchmarks. The command line is `sahel-dashboard export` (export_command.py).

Text from facts (outlet names) goes through matplotlib with math parsing switched off, so a
'$' in an outlet name is printed, never read as mathtext. Fonts: bundled DejaVu Sans.
"""

from __future__ import annotations

import html
import io
import logging
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Literal

import matplotlib as mpl
import matplotlib.dates
import matplotlib.lines
import matplotlib.ticker
import numpy as np
import pandas as pd

from dashboard import style
from dashboard.changes import changes, country_name, what_changed
from dashboard.dataset import Dataset, filter_codes
from dashboard.metrics import MapMetrics, country_metrics
from dashboard.models import PRESENCE_EVENTS
from dashboard.timeline import KEY, LEVEL_EVENTS, month_ends, monthly_series
from dashboard.view import CORE_SAHEL, Metric, View, month_end

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from dashboard.render import WarmRenderer

log = logging.getLogger(__name__)

Format = Literal["png", "svg", "pdf"]
What = Literal["card", "map", "chart"]
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
WHATS: tuple[str, ...] = ("card", "map", "chart")
SLIDE_PX = (1920, 1080)  # 16:9
DPI = 100  # figure inches = px / DPI, so point sizes below are slide-sized
PNG_SCALE = 2  # PNG at 2×: 3840×2160
ATTRIBUTION = "Map: Natural Earth. Facts: curated from news reports."
CHART_ATTRIBUTION = "Facts: curated from news reports."
UNKNOWN_LEGEND = "Partner present, strength unknown"
UNKNOWN_HATCH = "///"
SEA = "#EAF1F7"  # as on the interactive map
MUTED = "#555555"
SOURCE_CHARS = 330  # two lines at the source-line size on a 1920 px slide
# Axes boxes (left, bottom, width, height) in figure fractions; tests crop the PNG by them.
MAP_BOX = (0.015, 0.135, 0.64, 0.74)
CARD_MAP_BOX = (0.015, 0.215, 0.47, 0.655)
FOOTER_TOP = 0.112  # figure fraction: sources and attribution live below this rule
_PRESENCE_VALUES = sorted(e.value for e in PRESENCE_EVENTS)
_RC: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "text.usetex": False,
    "text.parse_math": False,  # outlet names with '$' stay literal
    "svg.fonttype": "none",  # SVG text stays text: searchable and editable in a slide tool
    "pdf.fonttype": 42,  # embed TrueType, not Type 3
    "svg.hashsalt": "sahel-dashboard",  # stable ids: same view, same SVG bytes
    "hatch.linewidth": 1.6,
    "axes.edgecolor": "#999999",
    "text.color": style.TEXT,
}


# --- public API ---------------------------------------------------------------------------


def map_image(view: View, fmt: str, dataset: Dataset | None = None) -> bytes:
    """The choropleth of `view.metric` at the end of the as-of month, as a full slide."""
    dataset = dataset or _default_dataset()
    with _rc():
        fig = _slide()
        metrics = country_metrics(dataset, view)
        _header(
            fig,
            f"{metrics.title}: foreign security partners in {places_label(view.countries)}",
            f"As of {as_of_text(view)}",
        )
        ax = fig.add_axes(MAP_BOX)
        draw_map(ax, metrics, view)
        legend_ax = fig.add_axes((0.675, 0.135, 0.31, 0.74))
        legend_ax.set_axis_off()
        _legend(legend_ax, metrics, loc="upper left", ncol=1, fontsize=17)
        _country_notes(legend_ax, metrics)
        _footer(fig, source_line(outlets_for(dataset, view, "map")), ATTRIBUTION)
        return _save(fig, fmt)


def chart_image(
    view: View,
    fmt: str,
    dataset: Dataset | None = None,
    renderer: WarmRenderer | None = None,
) -> bytes:
    """The partnership-shift chart over view.start..view.end as a full slide.

    Drawn by plotly/kaleido (the app's own figure); falls back to matplotlib with a
    logged warning when the browser renderer is unavailable.
    """
    from dashboard.render import RendererUnavailable, shared_renderer

    dataset = dataset or _default_dataset()
    _check_format(fmt)
    try:
        fig = slide_shift_figure(dataset, view)
        return (renderer or shared_renderer()).render(
            fig, fmt, SLIDE_PX[0], SLIDE_PX[1], PNG_SCALE if fmt == "png" else 1
        )
    except RendererUnavailable as err:
        log.warning("%s Drawing the chart with matplotlib instead.", err)
    return chart_image_matplotlib(view, fmt, dataset)


def chart_image_matplotlib(view: View, fmt: str, dataset: Dataset | None = None) -> bytes:
    """The shift chart drawn by matplotlib: the no-browser path of `chart_image`."""
    dataset = dataset or _default_dataset()
    with _rc():
        fig = _slide()
        _header(
            fig,
            f"Foreign security partners in {places_label(view.countries)}",
            f"{range_text(view)} · known troop strength stacked by partner, colour = bloc",
        )
        ax = fig.add_axes((0.07, 0.20, 0.68, 0.66))
        handles = draw_shift_chart(ax, dataset, view, fontsize=16)
        legend_ax = fig.add_axes((0.77, 0.20, 0.22, 0.66))
        legend_ax.set_axis_off()
        if handles:
            legend_ax.legend(
                handles=handles,
                loc="upper left",
                fontsize=15,
                frameon=False,
                title="Partner (colour = bloc)",
                title_fontsize=16,
                alignment="left",
            )
        _footer(fig, source_line(outlets_for(dataset, view, "chart")), CHART_ATTRIBUTION)
        return _save(fig, fmt)


def briefing_card(view: View, fmt: str, dataset: Dataset | None = None) -> bytes:
    """One 1920×1080 slide: title, map, shift chart, "what changed" and sources."""
    dataset = dataset or _default_dataset()
    with _rc():
        fig = _slide()
        metrics = country_metrics(dataset, view)
        _header(
            fig,
            f"Foreign security partners in {places_label(view.countries)}",
            f"As of {as_of_text(view)} · map: {metrics.title.lower()} · "
            f"chart and changes: {range_text(view)}",
        )
        map_ax = fig.add_axes(CARD_MAP_BOX)
        draw_map(map_ax, metrics, view, label_size=14)
        legend_ax = fig.add_axes((0.015, 0.122, 0.47, 0.088))
        legend_ax.set_axis_off()
        _legend(legend_ax, metrics, loc="center left", ncol=4, fontsize=14)

        chart_ax = fig.add_axes((0.565, 0.475, 0.32, 0.365))
        handles = draw_shift_chart(chart_ax, dataset, view, fontsize=13)
        chart_ax.set_title(
            f"Known troop strength, {range_text(view)}",
            loc="left",
            fontsize=16,
            fontweight="bold",
            pad=10,
        )
        if handles:
            fig.legend(
                handles=handles[:12],
                loc="upper left",
                bbox_to_anchor=(0.893, 0.86),
                fontsize=12,
                frameon=False,
                handlelength=1.2,
                borderaxespad=0,
            )

        lines = what_changed(dataset, view, n=3)
        fig.text(
            0.515,
            0.395,
            f"What changed, {view.start:%b %Y} → {view.as_of:%b %Y}",
            fontsize=18,
            fontweight="bold",
            va="top",
        )
        y = 0.345
        for line in lines:
            wrapped = textwrap.wrap(line, 72, subsequent_indent="   ")[:2]
            fig.text(0.515, y, "•  " + "\n".join(wrapped), fontsize=16, va="top", linespacing=1.3)
            y -= 0.025 + 0.03 * len(wrapped)
        _footer(fig, source_line(outlets_for(dataset, view, "card")), ATTRIBUTION)
        return _save(fig, fmt)


EXPORTERS: dict[str, Callable[[View, str, Dataset | None], bytes]] = {
    "card": briefing_card,
    "map": map_image,
    "chart": chart_image,
}


def export_image(view: View, what: str, fmt: str, dataset: Dataset | None = None) -> bytes:
    """Dispatch to the image named by `what` (card, map, chart)."""
    try:
        exporter = EXPORTERS[what]
    except KeyError:
        raise ValueError(f"unknown image {what!r}; expected one of {', '.join(WHATS)}") from None
    return exporter(view, fmt, dataset)


def export_filename(view: View, what: str, fmt: str) -> str:
    """ "sahel-card-2024-03-ner-mli-bfa-tcd-bloc.png": what, month, places and metric."""
    _check_format(fmt)
    places = "sahel" if set(view.countries) == set(CORE_SAHEL) else "-".join(view.countries)
    if len(view.countries) > 6 and places != "sahel":
        places = f"{len(view.countries)}-countries"
    name = f"sahel-{what}-{view.as_of:%Y-%m}-{places}-{view.metric.value}"
    return re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") + f".{fmt}"


def source_line(outlets: Iterable[str], max_chars: int = SOURCE_CHARS) -> str:
    """ "Sources: RT; Reuters; … and 4 more outlets", most-cited first, within `max_chars`.

    `outlets` has one entry per fact (repeats rank an outlet higher); blanks are dropped.
    """
    counts: dict[str, int] = {}
    for outlet in outlets:
        name = " ".join(str(outlet or "").split())
        if name:
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return "Sources: none in this view."
    ranked = sorted(counts, key=lambda o: (-counts[o], o.lower()))
    shown: list[str] = []
    for i, name in enumerate(ranked):
        rest = len(ranked) - i - 1
        tail = f" … and {rest} more outlet{'s' if rest != 1 else ''}" if rest else ""
        candidate = "Sources: " + "; ".join([*shown, name]) + tail
        if len(candidate) > max_chars and shown:
            break
        shown.append(name)
    rest = len(ranked) - len(shown)
    more = f"; and {rest} more outlet{'s' if rest != 1 else ''}" if rest else ""
    return "Sources: " + "; ".join(shown) + more + "."


def source_facts(dataset: Dataset, view: View, what: str) -> pd.DataFrame:
    """The facts behind the numbers of an image.

    - map: for each partner present at the end of the as-of month, the fact that started
      its current stay and the fact that gave its latest stated strength;
    - chart: those facts at the start of the range, plus every presence-changing fact dated
      inside the range;
    - card: both, plus the facts named in "what changed".
    """
    facts = filter_codes(dataset.facts, view)
    facts = facts[facts["event"].isin(_PRESENCE_VALUES) & facts["date"].notna()]
    first = pd.Timestamp(view.start)
    last = pd.Timestamp(month_end(view.end))
    parts: list[pd.DataFrame] = []
    if what in ("map", "card"):
        parts.append(_state_facts(facts, pd.Timestamp(view.as_of_end)))
    if what in ("chart", "card") or (what == "map" and view.metric is Metric.SHIFT):
        parts.append(_state_facts(facts, first - pd.Timedelta(days=1)))
        parts.append(facts[facts["date"].between(first, last)])
    if what == "card":
        ids = {c.fact_id for c in changes(dataset, view)}
        parts.append(dataset.facts[dataset.facts["id"].isin(ids)])
    if not parts:
        raise ValueError(f"unknown image {what!r}; expected one of {', '.join(WHATS)}")
    rows = pd.concat(parts)
    return rows.drop_duplicates("id").sort_values(["date", "id"]).reset_index(drop=True)


def outlets_for(dataset: Dataset, view: View, what: str) -> list[str]:
    """One outlet name per fact behind the image (see `source_facts`)."""
    return [str(o) for o in source_facts(dataset, view, what)["source_outlet"].fillna("")]


def places_label(countries: Sequence[str]) -> str:
    """ "Niger", "Mali and Niger", "Niger, Mali, Burkina Faso and Chad", or "the Sahel"."""
    if set(countries) == set(CORE_SAHEL):
        return "the Sahel"
    names = [country_name(c) for c in countries]
    if len(names) > 5:
        return f"{len(names)} Sahel countries"
    if len(names) <= 1:
        return names[0] if names else "no country"
    return ", ".join(names[:-1]) + " and " + names[-1]


def as_of_text(view: View) -> str:
    """ "end of March 2024": the map reads the state on the last day of the as-of month."""
    return f"end of {view.as_of:%B %Y}"


def range_text(view: View) -> str:
    return f"{view.start:%b %Y} – {view.end:%b %Y}"


# --- drawing helpers ----------------------------------------------------------------------


def draw_map(ax: Axes, metrics: MapMetrics, view: View, label_size: float = 16) -> None:
    """The print layer with metric fills; unknown strength hatched with a dashed outline."""
    from dashboard.geo import load_layer

    layer = load_layer("print")
    table = metrics.table.set_index("iso3")
    selected = layer["iso3"].isin(table.index)
    fills = [
        table.loc[i, "colour"] if s else style.CONTEXT_FILL
        for i, s in zip(layer["iso3"], selected, strict=True)
    ]
    layer.plot(ax=ax, color=fills, edgecolor=style.BORDER, linewidth=0.9)
    unknown = layer[
        selected & layer["iso3"].map(lambda i: bool(table["has_unknown"].get(i, False)))
    ]
    if not unknown.empty:
        unknown.plot(
            ax=ax,
            facecolor="none",
            edgecolor=style.UNKNOWN_OUTLINE,
            hatch=UNKNOWN_HATCH,
            linewidth=2.6,
            linestyle=(0, (5, 3)),
        )
    _zoom(ax, layer[selected] if selected.any() else layer, layer)
    ax.set_facecolor(SEA)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#BBBBBB")
    _map_labels(ax, layer, table, label_size)


def _zoom(ax: Axes, focus: Any, layer: Any) -> None:
    """Frame the selected countries with a margin, grown to fill the axes box exactly.

    Degrees of longitude shrink by cos(latitude), so the data aspect is 1/cos(mid-latitude);
    the shorter side of the frame is widened until it matches the box, then clipped to the
    layer (the box shrinks only if the layer itself is too small).
    """
    x0, y0, x1, y1 = focus.total_bounds
    lx0, ly0, lx1, ly1 = layer.total_bounds
    pad = max(x1 - x0, y1 - y0) * 0.06 + 1.0
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    aspect = 1 / np.cos(np.radians((y0 + y1) / 2))
    box = ax.get_position(original=True)  # the active one already applies an aspect
    figure = ax.get_figure(root=True)
    assert figure is not None
    width_in, height_in = figure.get_size_inches()
    box_ratio = (box.height * height_in) / (box.width * width_in)
    data_ratio = (y1 - y0) * aspect / (x1 - x0)
    if data_ratio < box_ratio:  # too wide: add height
        grow = ((x1 - x0) * box_ratio / aspect - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    else:  # too tall: add width
        grow = ((y1 - y0) * aspect / box_ratio - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    x0, x1 = _clamp(x0, x1, lx0 - 1, lx1 + 1)
    y0, y1 = _clamp(y0, y1, ly0 - 1, ly1 + 1)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect, adjustable="box")


def _clamp(low: float, high: float, floor: float, ceiling: float) -> tuple[float, float]:
    """Shift [low, high] inside [floor, ceiling] keeping its length where it fits."""
    if high - low >= ceiling - floor:
        return floor, ceiling
    if low < floor:
        return floor, floor + (high - low)
    if high > ceiling:
        return ceiling - (high - low), ceiling
    return low, high


def _map_labels(ax: Axes, layer: Any, table: pd.DataFrame, size: float) -> None:
    import matplotlib.patheffects as pe

    halo = [pe.withStroke(linewidth=3.5, foreground="white")]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for row in layer.itertuples():
        if not (x0 < row.label_lon < x1 and y0 < row.label_lat < y1):
            continue
        if row.iso3 in table.index:
            value = str(table.loc[row.iso3, "value_label"])
            ax.text(
                row.label_lon,
                row.label_lat,
                f"{row.name}\n{_fit(value, 28)}",
                ha="center",
                va="center",
                fontsize=size,
                fontweight="bold",
                color=style.TEXT,
                path_effects=halo,
                linespacing=1.25,
                clip_on=True,
            )
        elif row.geometry.area > 20:  # big neighbours only: small ones would crowd the map
            ax.text(
                row.label_lon,
                row.label_lat,
                row.name,
                ha="center",
                va="center",
                fontsize=size * 0.75,
                color="#777777",
                style="italic",
                clip_on=True,
            )


def _legend(ax: Axes, metrics: MapMetrics, loc: Any, ncol: int, fontsize: float) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=c.colour, edgecolor="#999999", label=c.label) for c in metrics.legend
    ]
    if bool(metrics.table["has_unknown"].any()):
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=style.UNKNOWN_OUTLINE,
                hatch=UNKNOWN_HATCH,
                linestyle="--",
                linewidth=2,
                label=UNKNOWN_LEGEND,
            )
        )
    handles.append(Patch(facecolor=style.CONTEXT_FILL, edgecolor="#999999", label="Not selected"))
    ax.legend(
        handles=handles,
        loc=loc,
        ncol=ncol,
        fontsize=fontsize,
        frameon=False,
        title=metrics.title,
        title_fontsize=fontsize + 1,
        alignment="left",
        handlelength=1.8,
        handleheight=1.1,
        columnspacing=1.4,
    )


def _country_notes(ax: Axes, metrics: MapMetrics) -> None:
    """Per selected country, the partners behind its colour (below the legend)."""
    lines: list[str] = []
    for row in metrics.table.itertuples():
        wrapped = textwrap.wrap(f"{country_name(str(row.iso3))}: {row.partners_label}", 44)
        lines.extend(wrapped[:3])
    ax.text(
        0.0,
        0.47,
        "Partners present (troops)",
        transform=ax.transAxes,
        va="top",
        ha="left",
        fontsize=18,
        color=style.TEXT,
    )
    ax.text(
        0.0,
        0.41,
        "\n".join(lines[:14]),
        transform=ax.transAxes,
        va="top",
        ha="left",
        fontsize=15,
        color=style.TEXT,
        linespacing=1.4,
    )


def draw_shift_chart(ax: Axes, dataset: Dataset, view: View, fontsize: float) -> list[Any]:
    """Known strength per partner per month, stacked, coloured as in `charts.shift_chart`.

    Returns legend handles (one per partner, bloc order). The as-of month is a dashed line.
    """
    from matplotlib.patches import Patch

    from dashboard.charts import partner_colours, partner_label, partner_order

    first = pd.Timestamp(view.start)
    last = pd.Timestamp(month_end(view.end))
    months = month_ends(first, last)
    monthly = monthly_series(dataset.view_presence(view), first, last, view.countries)
    order = partner_order(monthly)
    colours = partner_colours(order)
    known = monthly[monthly["strength"].notna()]
    table = (
        known.pivot_table(index="month", columns="partner", values="strength", aggfunc="sum")
        .reindex(months)
        .fillna(0.0)
    )
    partners = [p for p in order["partner"] if p in table.columns]
    handles: list[Any] = []
    if partners:
        ax.stackplot(
            months.to_numpy(),
            *(table[p].to_numpy() for p in partners),
            colors=[colours[p] for p in partners],
            step="post",
            edgecolor="white",
            linewidth=0.4,
        )
        handles = [
            Patch(facecolor=colours[p], label=partner_label(dataset.registry, p)) for p in partners
        ]
    else:
        ax.text(
            0.5,
            0.5,
            "No stated strength for any partner in this selection",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=fontsize,
        )
    at = pd.Timestamp(view.as_of_end)
    if first <= at <= last:
        ax.axvline(float(mpl.dates.date2num(at)), color=style.TEXT, linestyle="--", linewidth=1.4)
        ax.annotate(
            f"As of {view.as_of:%b %Y}",
            (at, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-4, -4),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=fontsize,
            bbox=dict(facecolor="white", edgecolor="none", pad=1.5),
        )
    ax.set_xlim(float(mpl.dates.date2num(first)), float(mpl.dates.date2num(last)))
    ax.set_ylim(bottom=0)
    locator = mpl.dates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%b %Y"))
    ax.set_ylabel("Troops (known strength)", fontsize=fontsize)
    ax.tick_params(labelsize=fontsize)
    ax.yaxis.set_major_formatter(mpl.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.grid(axis="y", color="#E5E5E5")
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return handles


def slide_shift_figure(dataset: Dataset, view: View) -> Any:
    """`charts.shift_chart` restyled for a 1920×1080 slide, with sources and attribution.

    The chart's own small attribution note is replaced by the slide footer (sources, then
    the attribution), placed in pixels below the x-axis title so nothing overlaps.
    """
    from dashboard.charts import shift_chart

    fig = shift_chart(dataset, view)
    title = fig.layout.title.text or "Foreign security partners"
    subtitle = fig.layout.title.subtitle.text or ""
    kept = [a for a in fig.layout.annotations if not str(a.text or "").startswith("Facts:")]
    fig.layout.annotations = kept
    fig.update_annotations(font_size=18)
    sources = textwrap.wrap(source_line(outlets_for(dataset, view, "chart")), 180)[:2]
    footer = [*(html.escape(line) for line in sources), CHART_ATTRIBUTION]
    fig.add_annotation(
        x=0,
        xref="paper",
        y=0,
        yref="paper",
        yshift=-95,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font=dict(size=16, color=MUTED),
        text="<br>".join(footer),
    )
    fig.update_layout(
        width=SLIDE_PX[0],
        height=SLIDE_PX[1],
        font=dict(family="DejaVu Sans, sans-serif", size=18),
        title=dict(
            text=f"<b>{title}</b>",
            font=dict(size=30),
            y=0.975,
            yanchor="top",
            subtitle=dict(
                text=f"As of {as_of_text(view)} · {subtitle}", font=dict(size=20, color=MUTED)
            ),
        ),
        legend=dict(font=dict(size=16)),
        margin=dict(l=150, r=40, t=140, b=190),
    )
    return fig


# --- figure plumbing ----------------------------------------------------------------------


def _rc() -> AbstractContextManager[Any]:
    return mpl.rc_context(_RC)


def _slide() -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(SLIDE_PX[0] / DPI, SLIDE_PX[1] / DPI), dpi=DPI, facecolor="white")


def _header(fig: Figure, title: str, subtitle: str) -> None:
    fig.text(0.015, 0.965, title, fontsize=30, fontweight="bold", va="top")
    fig.text(0.015, 0.905, subtitle, fontsize=18, color=MUTED, va="top")


def _footer(fig: Figure, sources: str, attribution: str) -> None:
    fig.add_artist(
        mpl.lines.Line2D([0.015, 0.985], [FOOTER_TOP, FOOTER_TOP], color="#CCCCCC", linewidth=1)
    )
    wrapped = "\n".join(textwrap.wrap(sources, 190)[:2])
    fig.text(
        0.015, FOOTER_TOP - 0.012, wrapped, fontsize=13, color=MUTED, va="top", linespacing=1.4
    )
    fig.text(0.015, 0.016, attribution, fontsize=13, color=MUTED, va="bottom")
    fig.text(0.985, 0.016, "sahel-dashboard", fontsize=13, color="#999999", va="bottom", ha="right")


def _save(fig: Figure, fmt: str) -> bytes:
    _check_format(fmt)
    buffer = io.BytesIO()
    metadata: dict[str, Any] = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
    }[fmt]
    # Fast zlib level for PNG: about 40% less encoding time for ~15% more bytes, which a
    # slide deck does not notice (a 3840x2160 card stays under 1 MB).
    extra: dict[str, Any] = {"pil_kwargs": {"compress_level": 1}} if fmt == "png" else {}
    dpi = DPI * PNG_SCALE if fmt == "png" else DPI
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, **extra)
    return buffer.getvalue()


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _fit(text: str, width: int) -> str:
    """Shorten to `width` characters with an ellipsis (one line on the slide)."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _state_facts(facts: pd.DataFrame, at: pd.Timestamp) -> pd.DataFrame:
    """Per pair present at `at`: the fact starting its current stay and the last stated level.

    Vectorised: a row's stay is the number of withdrawals before it in its pair (a
    withdrawal closes the stay it belongs to); the current stay is the last one, and a pair
    whose last fact is a withdrawal is not present.
    """
    upto = facts[facts["date"] <= at].sort_values([*KEY, "date"], kind="stable")
    if upto.empty:
        return upto
    pairs = [upto[k] for k in KEY]
    is_withdrawal = upto["event"].eq("withdrawal")
    seen = is_withdrawal.astype("int64").groupby(pairs).cumsum()
    stay = seen - is_withdrawal.astype("int64")
    current = stay.eq(seen.groupby(pairs).transform("max")) & ~is_withdrawal
    present = ~is_withdrawal.groupby(pairs).transform("last")
    levels = upto[current & present & upto["event"].isin(LEVEL_EVENTS)]
    first = levels.groupby(KEY, sort=False).head(1)
    numbered = levels[levels["troops"].notna()].groupby(KEY, sort=False).tail(1)
    return pd.concat([first, numbered])


def _default_dataset() -> Dataset:
    from dashboard.dataset import load_curated_dataset

    return load_curated_dataset()


__all__ = [
    "ATTRIBUTION",
    "FORMATS",
    "WHATS",
    "as_of_text",
    "briefing_card",
    "chart_image",
    "export_filename",
    "export_image",
    "map_image",
    "outlets_for",
    "source_facts",
    "source_line",
]


def time_exports(
    view: View,
    dataset: Dataset | None = None,
    whats: Sequence[str] = WHATS,
    formats: Sequence[str] = FORMATS,
    repeats: int = 3,
) -> list[dict[str, Any]]:
    """First and warm (median of `repeats`) export times in seconds, for a bench module.

    "First" is the first export of that image in this process for each format, so in a
    fresh process the first row includes the one-off costs (layer load, fonts, browser).
    """
    import statistics
    import time

    dataset = dataset or _default_dataset()
    rows: list[dict[str, Any]] = []
    for what in whats:
        for fmt in formats:
            started = time.perf_counter()
            size = len(export_image(view, what, fmt, dataset))
            first = time.perf_counter() - started
            warm = []
            for _ in range(repeats):
                started = time.perf_counter()
                export_image(view, what, fmt, dataset)
                warm.append(time.perf_counter() - started)
            rows.append(
                {
                    "what": what,
                    "format": fmt,
                    "bytes": size,
                    "first_s": first,
                    "warm_s": statistics.median(warm),
                }
            )
    return rows
