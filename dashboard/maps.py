"""Folium map builders (no Streamlit): the offline choropleth of who is present where.

The map uses only Leaflet served from `/app/static/` (dashboard/assets.py): no tiles, no CDN,
no d3. The legend is a small Leaflet control written here, because branca colormaps make
streamlit-folium fetch d3 from a CDN. Every text that reaches the browser is HTML-escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, TypeVar

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from dashboard import style
from dashboard.assets import LEAFLET_CSS, LEAFLET_JS
from dashboard.dataset import Dataset
from dashboard.geo import geojson_text
from dashboard.metrics import MapMetrics, country_metrics
from dashboard.models import PRECISION_FORMATS
from dashboard.view import View

ATTRIBUTION = "Boundaries: Natural Earth (public domain). Facts: curated from news reports."
UNKNOWN_LEGEND = "Partner present, strength unknown"
POPUP_FACTS = 5
SEA = "#EAF1F7"
ElementT = TypeVar("ElementT", bound=MacroElement)
HATCH_PREFIX = "sahel-hatch-"


@lru_cache(maxsize=1)
def _base_features() -> dict[str, Any]:
    return json.loads(geojson_text("web"))


def escape(text: object) -> str:
    """HTML-escape text for the map, braces included.

    folium/branca compile every rendered script as a Jinja template, so a `{{ … }}` or
    `{% … %}` in a fact's text would be *executed* on the server. Encoding the braces as
    character references keeps them visible in the browser and inert in Jinja.
    """
    return html.escape(str(text), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def map_features(metrics: MapMetrics, latest: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The web layer as GeoJSON with per-country style and escaped tooltip/popup HTML."""
    table = metrics.table.set_index("iso3")
    base = _base_features()
    # Fresh feature and properties dicts, shared geometry: nothing below (or in folium)
    # writes to a geometry, and a deep copy of the whole layer cost ~30 ms per rerun. Only
    # the properties the browser uses are sent (the label points go as markers).
    collection = {
        **base,
        "features": [{**f, "properties": {"iso3": f["id"]}} for f in base["features"]],
    }
    names = {f["id"]: f["properties"].get("name", f["id"]) for f in base["features"]}
    for feature in collection["features"]:
        props = feature["properties"]
        iso3 = props["iso3"]
        name = escape(names[iso3])
        if iso3 in table.index:
            row = table.loc[iso3]
            props["fill"] = row["colour"]
            props["unknown"] = bool(row["has_unknown"])
            props["tooltip_html"] = _tooltip(name, metrics.title, row)
            props["popup_html"] = props["tooltip_html"] + (latest or {}).get(iso3, "")
        else:
            props["fill"] = style.CONTEXT_FILL
            props["unknown"] = False
            props["tooltip_html"] = f"<b>{name}</b><br>not selected"
            props["popup_html"] = props["tooltip_html"]
    return collection


def _tooltip(name: str, title: str, row: pd.Series) -> str:
    lines = [
        f"<b>{name}</b>",
        f"{escape(title)}: {escape(str(row['value_label']))}",
        f"Partners: {escape(str(row['partners_label']))}",
    ]
    if row["has_unknown"]:
        lines.append(f"<i>{UNKNOWN_LEGEND}</i>")
    return "<br>".join(lines)


def feature_style(feature: dict[str, Any]) -> dict[str, Any]:
    props = feature["properties"]
    base = {
        "fillColor": props["fill"],
        "fillOpacity": 0.9,
        "color": style.BORDER,
        "weight": 1,
        # A stable class per country lets browser tests and user CSS find a country's path.
        "className": f"country-{props['iso3']}",
    }
    if props.get("unknown"):
        # Unknown strength is never drawn as zero: hatching over the class colour plus a thick
        # dashed outline, both in the legend. The pattern is made in the browser (Legend).
        base.update(
            {
                "fillColor": f"url(#{hatch_id(props['fill'])})",
                "color": style.UNKNOWN_OUTLINE,
                "weight": 3,
                "dashArray": "6 4",
                "className": f"country-{props['iso3']} unknown",
            }
        )
    return base


def hatch_id(colour: str) -> str:
    """The SVG pattern id for hatching over one fill colour ("#FD8D3C" -> "sahel-hatch-FD8D3C")."""
    return f"{HATCH_PREFIX}{colour.lstrip('#').upper()}"


def latest_facts_html(
    facts: pd.DataFrame, as_of: pd.Timestamp, n: int = POPUP_FACTS
) -> dict[str, str]:
    """Per country, escaped lists of the latest `n` dated facts up to `as_of` and of up to
    `n` undated ones (which cannot be placed in time but must not be hidden), with sources."""
    dated = facts[facts["date"].notna() & (facts["date"] <= as_of)]
    dated = dated.sort_values("date").groupby("country").tail(n)
    undated = facts[facts["date"].isna()].groupby("country").tail(n)
    out: dict[str, str] = {}
    for title, rows in (("Latest facts", dated.iloc[::-1]), ("Undated facts", undated)):
        for country, group in rows.groupby("country", sort=False):
            items = "".join(_fact_item(r) for r in group.itertuples())
            out[str(country)] = out.get(str(country), "") + f"<hr><b>{title}</b><ul>{items}</ul>"
    return out


def _fact_item(row: Any) -> str:
    when = (
        "undated"
        if pd.isna(row.date)
        else escape(
            pd.Timestamp(row.date).strftime(PRECISION_FORMATS.get(row.precision, "%Y-%m-%d"))
        )
    )
    outlet = escape(str(row.source_outlet or "source"))
    source = safe_link(str(row.source_url or ""), outlet)
    added = " <i>[user-added]</i>" if getattr(row, "origin", "") == "user" else ""
    return f"<li>{when}: {escape(str(row.summary))} ({source}){added}</li>"


def safe_link(url: str, label: str) -> str:
    """An <a> only for http(s) URLs; anything else (javascript:, data:) is shown as text."""
    if url.lower().startswith(("http://", "https://")):
        return f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{label}</a>'
    return label


class Legend(MacroElement):
    """The legend control and the hatch patterns, tied to the layer group they describe.

    It lives inside the view's FeatureGroup, so when the app swaps that group for a new
    month (streamlit-folium's `feature_group_to_add`) the old legend and patterns go with it
    and the map itself, with the reader's pan and zoom, stays.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var group = {{ this._parent.get_name() }};
            var map = {{ this._parent._parent.get_name() }};
            var legend = L.control({position: "topright"});
            var defs = null;
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "sahel-legend");
                div.innerHTML = {{ this.html_json }};
                return div;
            };
            function show() {
                if (legend._map || !map.hasLayer(group)) { return; }
                legend.addTo(map);
                // Diagonal hatching over the class colour for "present, strength unknown",
                // as in the exported images; one pattern per colour, so no geometry is sent
                // twice.
                var svg = map.getPanes().overlayPane.querySelector("svg");
                if (!svg) { return; }
                var ns = svg.namespaceURI;
                defs = document.createElementNS(ns, "defs");
                {{ this.hatch_fills_json }}.forEach(function (fill) {
                    var pattern = document.createElementNS(ns, "pattern");
                    pattern.setAttribute("id", {{ this.hatch_prefix_json }} + fill.slice(1).toUpperCase());
                    pattern.setAttribute("patternUnits", "userSpaceOnUse");
                    pattern.setAttribute("width", "8");
                    pattern.setAttribute("height", "8");
                    pattern.setAttribute("patternTransform", "rotate(45)");
                    var rect = document.createElementNS(ns, "rect");
                    rect.setAttribute("width", "8"); rect.setAttribute("height", "8");
                    rect.setAttribute("fill", fill);
                    var line = document.createElementNS(ns, "line");
                    line.setAttribute("x1", "0"); line.setAttribute("y1", "0");
                    line.setAttribute("x2", "0"); line.setAttribute("y2", "8");
                    line.setAttribute("stroke", {{ this.hatch_colour_json }});
                    line.setAttribute("stroke-width", "2");
                    pattern.appendChild(rect);
                    pattern.appendChild(line);
                    defs.appendChild(pattern);
                });
                svg.insertBefore(defs, svg.firstChild);
                // Drawn last, so neighbours' white borders cannot cover the dashed outline.
                svg.querySelectorAll("path.unknown").forEach(function (path) {
                    path.parentNode.appendChild(path);
                });
            }
            function hide() {
                legend.remove();
                if (defs) { defs.remove(); defs = null; }
            }
            group.on("add", show);
            group.on("remove", hide);
            show();
        })();
        {% endmacro %}
    """)

    def __init__(self, legend_html: str, hatch_fills: Iterable[str] = ()):
        super().__init__()
        self._name = "Legend"
        self.html_json = json.dumps(legend_html)
        self.hatch_prefix_json = json.dumps(HATCH_PREFIX)
        self.hatch_fills_json = json.dumps(sorted(set(hatch_fills)))
        self.hatch_colour_json = json.dumps(style.UNKNOWN_OUTLINE)


class Attribution(MacroElement):
    """Our sources in the map's attribution line (there is no tile layer to carry one)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text_json }});
        {% endmacro %}
    """)

    def __init__(self, text: str = ATTRIBUTION):
        super().__init__()
        self._name = "Attribution"
        self.text_json = json.dumps(escape(text))


def legend_html(metrics: MapMetrics, show_unknown: bool) -> str:
    rows = [
        f'<div><span class="swatch" style="background:{c.colour}"></span>{escape(c.label)}</div>'
        for c in metrics.legend
    ]
    if show_unknown:
        rows.append(f'<div><span class="swatch unknown"></span>{UNKNOWN_LEGEND}</div>')
    rows.append(
        f'<div><span class="swatch" style="background:{style.CONTEXT_FILL}"></span>'
        "Not selected / context</div>"
    )
    return (
        '<div style="background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;'
        'font:12px/1.35 sans-serif;color:#222;box-shadow:0 1px 4px rgba(0,0,0,.3)">'
        f"<b>{escape(metrics.title)}</b>" + "".join(rows) + "</div>"
        "<style>.sahel-legend .swatch{display:inline-block;width:14px;height:12px;"
        "margin-right:6px;vertical-align:middle;border:1px solid #999}"
        ".sahel-legend .swatch.unknown{background:repeating-linear-gradient(45deg,"
        f"{style.UNKNOWN_OUTLINE} 0 2px,#fff 2px 6px);border:2px dashed {style.UNKNOWN_OUTLINE}}}"
        "</style>"
    )


def localise_assets(root: ElementT) -> ElementT:
    """Drop the CDN links of every element under `root` (we use none of those plugins) and
    point a map at the local Leaflet copy."""
    for element in _walk(root):
        if hasattr(element, "default_js"):
            element.default_js = []
        if hasattr(element, "default_css"):
            element.default_css = []
    if isinstance(root, folium.Map):
        root.default_js = [("leaflet", LEAFLET_JS)]
        root.default_css = [("leaflet_css", LEAFLET_CSS)]
    return root


def _walk(element: Any) -> Any:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def build_map(dataset: Dataset, view: View, online_basemap: bool = False) -> folium.Map:
    """The choropleth for a view as one folium Map (for standalone HTML and tests)."""
    base, layers = build_map_parts(dataset, view, online_basemap)
    layers.add_to(base)
    return base


def build_map_parts(
    dataset: Dataset, view: View, online_basemap: bool = False
) -> tuple[folium.Map, folium.FeatureGroup]:
    """(base map, view layers). The base depends only on the selected countries and the
    basemap choice, so the browser keeps it (and the reader's zoom) while the layers are
    swapped month by month. `online_basemap` adds OpenStreetMap tiles (opt-in only)."""
    return base_map(view.countries, online_basemap), view_layers(dataset, view)


def base_map(countries: tuple[str, ...], online_basemap: bool = False) -> folium.Map:
    m = folium.Map(
        location=[16.5, 2.0],
        zoom_start=4,
        tiles="OpenStreetMap" if online_basemap else None,
        min_zoom=3,
        max_zoom=8,
        attribution_control=True,
        control_scale=True,
        prefer_canvas=False,
    )
    root: Any = m.get_root()  # a branca Figure, whose `header` the stubs do not declare
    root.header.add_child(
        folium.Element(
            f"<style>.leaflet-container{{background:{SEA}}}"
            ".sahel-label{font:600 12px/16px sans-serif;color:#222;text-align:center;"
            "text-shadow:0 0 3px #fff,0 0 3px #fff;pointer-events:none;white-space:nowrap}"
            ".leaflet-popup-content{max-height:340px;overflow-y:auto}"
            "</style>"
        )
    )
    Attribution().add_to(m)
    m.fit_bounds(_bounds(_base_features(), countries))
    return localise_assets(m)


def compact_template_json() -> None:
    """Make folium's templates write JSON without spaces after , and : (its Jinja policy).

    The GeoJSON is embedded with Jinja's `tojson`, whose default separators add ~12 KB of
    spaces to every map. This changes only whitespace in JSON that folium writes; it is
    idempotent and harmless to other folium users in the process.
    """
    environment = folium.GeoJson._template.environment
    environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}


def view_layers(dataset: Dataset, view: View) -> folium.FeatureGroup:
    """The countries coloured for the view, their labels and the legend, as one group."""
    compact_template_json()
    metrics = country_metrics(dataset, view)
    latest = latest_facts_html(dataset.view_facts(view), pd.Timestamp(view.as_of_end))
    group = folium.FeatureGroup(name="view", control=False)
    folium.GeoJson(
        map_features(metrics, latest),
        name="countries",
        style_function=feature_style,
        highlight_function=lambda _: {"weight": 3, "color": "#000"},
        tooltip=folium.GeoJsonTooltip(fields=["tooltip_html"], labels=False, sticky=True),
        popup=folium.GeoJsonPopup(fields=["popup_html"], labels=False, max_width=420),
    ).add_to(group)
    _add_labels(group, _base_features(), view.countries)
    unknown = metrics.table[metrics.table["has_unknown"]]
    Legend(legend_html(metrics, not unknown.empty), hatch_fills=unknown["colour"]).add_to(group)
    localise_assets(group)
    return group


def _add_labels(
    group: folium.FeatureGroup, features: dict[str, Any], countries: tuple[str, ...]
) -> None:
    """Country names at Natural Earth's label points, for the selected countries only."""
    for feature in features["features"]:
        props = feature["properties"]
        if props["iso3"] not in countries:
            continue
        label = escape(str(props.get("name", props["iso3"])))
        folium.Marker(
            [props["label_lat"], props["label_lon"]],
            icon=folium.DivIcon(
                html=f'<div class="sahel-label">{label}</div>',
                icon_size=(120, 16),
                icon_anchor=(60, 8),
                class_name="sahel-label-icon",
            ),
            interactive=False,
        ).add_to(group)


def _bounds(features: dict[str, Any], countries: tuple[str, ...]) -> list[list[float]]:
    boxes = [
        _box(f["geometry"]) for f in features["features"] if f["properties"]["iso3"] in countries
    ]
    if not boxes:
        return [[4.0, -18.0], [28.0, 25.0]]
    return [
        [min(b[0] for b in boxes), min(b[1] for b in boxes)],
        [max(b[2] for b in boxes), max(b[3] for b in boxes)],
    ]


def _box(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    """(min lat, min lon, max lat, max lon); the layer's own shapes are measured only once."""
    cached = _layer_boxes().get(id(geometry))
    if cached is not None and cached[0] is geometry:
        return cached[1]
    return _measure(geometry)


@lru_cache(maxsize=1)
def _layer_boxes() -> dict[int, tuple[dict[str, Any], tuple[float, float, float, float]]]:
    # Keyed by identity and holding the geometry itself, so a key can never be reused.
    return {
        id(f["geometry"]): (f["geometry"], _measure(f["geometry"]))
        for f in _base_features()["features"]
    }


def _measure(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    points = list(_coords(geometry["coordinates"]))
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lats), min(lons), max(lats), max(lons)


def _coords(nested: Any) -> Any:
    if isinstance(nested[0], int | float):
        yield nested
        return
    for part in nested:
        yield from _coords(part)
