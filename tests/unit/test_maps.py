"""dashboard.maps: the folium map tested as an object and as rendered HTML (no browser).

Checks what a reader relies on: the colours, the dashed outline for unknown strength, the
legend, local-only assets, and that hostile fact text reaches the page escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import folium
import folium.plugins
import pytest

from dashboard import style
from dashboard.dataset import build_dataset
from dashboard.maps import (
    UNKNOWN_LEGEND,
    build_map,
    feature_style,
    latest_facts_html,
    legend_html,
    localise_assets,
    map_features,
    safe_link,
)
from dashboard.metrics import country_metrics
from dashboard.models import Fact
from dashboard.view import View

NIGER_MARCH_2024 = View(countries=("NER",), as_of=dt.date(2024, 3, 1))
LOCAL = "/app/static/"
HOSTILE_SUMMARY = "<script>alert(1)</script>"


def features_by_iso3(collection: dict) -> dict[str, dict]:
    return {f["properties"]["iso3"]: f for f in collection["features"]}


def rendered(m: folium.Map) -> str:
    return m.get_root().render()


def as_browser_sees(page: str) -> str:
    """Undo the \\u escapes folium's JSON uses, so checks see the HTML a popup will inject."""
    for code, char in (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&"), ('\\"', '"')):
        page = page.replace(code, char)
    return page


@pytest.fixture
def unknown_niger(dataset_of):
    """Niger with one partner of known and one of unknown strength, Mali with a known one."""
    return dataset_of(
        [
            ("NER", "USA", "presence", "2024-01-10", 500),
            ("NER", "RUS", "deployment", "2024-01", None),
            ("MLI", "FRA", "presence", "2020-01", 1000),
        ]
    )


@pytest.fixture
def unknown_view() -> View:
    return View(countries=("NER", "MLI"), as_of=dt.date(2024, 3, 1))


@pytest.fixture
def hostile_map():
    """A map whose only facts carry script in the summary and a javascript: link, built from
    Fact objects directly, so the map's own escaping is tested, not the CSV validator."""
    facts = [
        Fact(
            id="evil",
            country="NER",
            partner="RUS",
            event="deployment",
            date="2024-01",
            summary=HOSTILE_SUMMARY,
            source_url="javascript:alert(1)",
            source_outlet='<img src=x onerror="alert(2)">',
        ),
        Fact(
            id="quote",
            country="NER",
            partner="USA",
            event="presence",
            date="2024-01-10",
            troops=500,
            summary='He said "leave" & left',
            source_url='https://e.org/a?b=1&c="x"',
            source_outlet="RT",
        ),
    ]
    return build_map(build_dataset(facts), NIGER_MARCH_2024)


def test_niger_march_2024_fill_and_context(curated):
    metrics = country_metrics(curated, NIGER_MARCH_2024)
    features = features_by_iso3(map_features(metrics))
    ner = features["NER"]["properties"]
    assert ner["fill"] == style.classify(1350.0, style.STRENGTH_BREAKS, style.STRENGTH_COLOURS)
    assert "United States 1,000" in ner["tooltip_html"] and "France" not in ner["tooltip_html"]
    assert ner["unknown"] is False
    for iso3 in ("MLI", "BFA", "DZA", "NGA"):  # not selected: grey context
        props = features[iso3]["properties"]
        assert (props["fill"], props["unknown"]) == (style.CONTEXT_FILL, False)
        assert props["tooltip_html"].endswith("not selected")
        assert feature_style(features[iso3])["fillColor"] == style.CONTEXT_FILL


@pytest.mark.parametrize(
    ("as_of", "known"),
    [
        (dt.date(2023, 11, 1), 2950.0),  # France 1,500, the US 1,100, Italy 250, Germany 100
        (dt.date(2024, 3, 1), 1350.0),  # France gone: the US 1,000, Italy 250, Germany 100
        (dt.date(2024, 9, 1), 350.0),  # the US gone: Italy 250, Africa Corps 100
    ],
)
def test_as_of_changes_niger_fill(curated, as_of, known):
    view = View(countries=("NER",), as_of=as_of)
    metrics = country_metrics(curated, view)
    assert metrics.table.iloc[0]["known_strength"] == known
    fill = features_by_iso3(map_features(metrics))["NER"]["properties"]["fill"]
    assert fill == style.classify(known, style.STRENGTH_BREAKS, style.STRENGTH_COLOURS)
    page = rendered(build_map(curated, view))
    # In Nov 2023 the EU is present at unknown strength: the class colour under hatching.
    drawn = f"url(#sahel-hatch-{fill[1:]})" if metrics.table.iloc[0]["has_unknown"] else fill
    assert re.search(r'case "NER":\s*return \{[^}]*"fillColor": "' + re.escape(drawn), page)


def test_three_as_of_dates_give_three_fills(curated):
    fills = {
        features_by_iso3(
            map_features(country_metrics(curated, View(countries=("NER",), as_of=as_of)))
        )["NER"]["properties"]["fill"]
        for as_of in (dt.date(2023, 11, 1), dt.date(2024, 3, 1), dt.date(2024, 9, 1))
    }
    assert len(fills) == 3


def test_unknown_strength_drawn_dashed(unknown_niger, unknown_view):
    metrics = country_metrics(unknown_niger, unknown_view)
    features = features_by_iso3(map_features(metrics))
    ner, mli = features["NER"], features["MLI"]
    assert (ner["properties"]["unknown"], mli["properties"]["unknown"]) == (True, False)
    assert UNKNOWN_LEGEND in ner["properties"]["tooltip_html"]
    ner_style = feature_style(ner)
    assert style.UNKNOWN_OUTLINE not in {style.BORDER, style.CONTEXT_FILL}  # must stand out
    assert (ner_style["color"], ner_style["dashArray"]) == (style.UNKNOWN_OUTLINE, "6 4")
    assert ner_style["fillColor"] != style.NO_DATA_FILL  # the known 500 still colours it
    assert "dashArray" not in feature_style(mli)
    assert feature_style(mli)["color"] == style.BORDER


def test_unknown_strength_in_rendered_map(unknown_niger, unknown_view):
    page = rendered(build_map(unknown_niger, unknown_view))
    ner_case = re.search(r'case "NER":\s*return (\{[^}]*\})', page)
    assert ner_case and f'"color": "{style.UNKNOWN_OUTLINE}"' in ner_case[1]
    assert '"dashArray": "6 4"' in ner_case[1]
    mli_case = re.search(r'case "MLI":\s*return (\{[^}]*\})', page)
    assert mli_case and "dashArray" not in mli_case[1]
    assert '"className": "country-NER unknown"' in ner_case[1]  # hatched, raised to the top
    assert '"fillColor": "url(#sahel-hatch-' in ner_case[1]
    assert "unknown" not in mli_case[1]
    assert UNKNOWN_LEGEND in page


def test_no_unknown_outline_or_legend_row_when_all_known(curated):
    page = rendered(build_map(curated, NIGER_MARCH_2024))
    assert '"dashArray"' not in page
    assert UNKNOWN_LEGEND not in page


def test_context_countries_grey_in_rendered_map(curated):
    page = rendered(build_map(curated, NIGER_MARCH_2024))
    for iso3 in ("MLI", "DZA"):
        case = re.search(rf'case "{iso3}":\s*return (\{{[^}}]*\}})', page)
        assert case and f'"fillColor": "{style.CONTEXT_FILL}"' in case[1]


def test_legend_in_rendered_map(curated):
    m = build_map(curated, NIGER_MARCH_2024)
    metrics = country_metrics(curated, NIGER_MARCH_2024)
    page = rendered(m)
    assert 'L.DomUtil.create("div", "sahel-legend")' in page
    assert f"div.innerHTML = {json.dumps(legend_html(metrics, show_unknown=False))};" in page
    for row in metrics.legend:
        assert f"background:{row.colour}" in page


@pytest.mark.parametrize("show_unknown", [True, False])
def test_legend_html(curated, show_unknown):
    metrics = country_metrics(curated, NIGER_MARCH_2024)
    text = legend_html(metrics, show_unknown)
    assert f"<b>{metrics.title}</b>" in text
    assert (UNKNOWN_LEGEND in text) is show_unknown
    assert f"background:{style.CONTEXT_FILL}" in text
    assert text.count('class="swatch') == len(metrics.legend) + 1 + show_unknown


def walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def asset_urls(m: folium.Map) -> list[str]:
    return [
        url
        for el in walk(m)
        for attr in ("default_js", "default_css")
        for _, url in getattr(el, attr, [])
    ]


def test_every_asset_is_local(curated):
    m = build_map(curated, NIGER_MARCH_2024)
    urls = asset_urls(m)
    assert urls, "the map must load Leaflet from somewhere"
    assert [u for u in urls if not u.startswith(LOCAL)] == []
    page = rendered(m)
    srcs = re.findall(r'<script[^>]*\ssrc="([^"]*)"', page)
    hrefs = re.findall(r'<link[^>]*\shref="([^"]*)"', page)
    assert srcs and hrefs
    assert [u for u in srcs + hrefs if not u.startswith(LOCAL)] == []
    assert not re.search(r'<(script|link)[^>]*(src|href)="(https?:)?//', page)


def test_localise_assets_removes_cdn_links_of_any_element():
    """A plugin that brings its own CDN scripts must not survive localise_assets."""
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    folium.Marker([15, 2]).add_to(m)
    assert any(u.startswith("https://") for u in asset_urls(m))  # the premise
    urls = asset_urls(localise_assets(m))
    assert urls and all(u.startswith(LOCAL) for u in urls)
    assert "cdn" not in rendered(m).lower()


def test_hostile_text_is_escaped(hostile_map):
    page = rendered(hostile_map)
    seen = as_browser_sees(page)
    assert html.escape(HOSTILE_SUMMARY) in seen
    for raw in ("<script>alert", "<img src=x", 'href="javascript:', "href='javascript:"):
        assert raw not in page and raw not in seen
    assert "javascript:" not in seen  # not even as link text: the outlet label is shown
    assert "He said &quot;leave&quot; &amp; left" in seen
    assert 'href="https://e.org/a?b=1&amp;c=&quot;x&quot;"' in seen


def test_hostile_text_escaped_in_geojson_popup(hostile_map):
    geojson = next(el for el in walk(hostile_map) if isinstance(el, folium.GeoJson))
    ner = features_by_iso3(geojson.data)["NER"]["properties"]
    assert html.escape(HOSTILE_SUMMARY) in ner["popup_html"]
    assert "<script" not in ner["popup_html"] and "javascript:" not in ner["popup_html"]
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in ner["popup_html"]


@pytest.mark.parametrize(
    ("url", "label", "expected"),
    [
        (
            "https://www.rt.com/africa/1",
            "RT",
            '<a href="https://www.rt.com/africa/1" target="_blank" rel="noopener noreferrer">RT</a>',
        ),
        (
            "HTTP://EXAMPLE.ORG",
            "E",
            '<a href="HTTP://EXAMPLE.ORG" target="_blank" rel="noopener noreferrer">E</a>',
        ),
        (
            "https://e.org/?a=1&b=2",
            "E",
            '<a href="https://e.org/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">E</a>',
        ),
        (
            'https://e.org/"onmouseover="alert(1)',
            "E",
            '<a href="https://e.org/&quot;onmouseover=&quot;alert(1)" target="_blank" '
            'rel="noopener noreferrer">E</a>',
        ),
        ("javascript:alert(1)", "RT", "RT"),
        ("JavaScript:alert(1)", "RT", "RT"),
        (" javascript:alert(1)", "RT", "RT"),
        ("data:text/html,<script>alert(1)</script>", "RT", "RT"),
        ("//evil.example/x", "RT", "RT"),
        ("ftp://e.org/file", "RT", "RT"),
        ("", "source", "source"),
    ],
)
def test_safe_link(url, label, expected):
    assert safe_link(url, label) == expected


def test_latest_facts_html_newest_first_escaped_and_capped(dataset_of):
    dataset = dataset_of([("NER", "FRA", "presence", f"2020-0{m}", m) for m in range(1, 8)])
    facts = dataset.facts.assign(summary=[f"<i>fact {m}</i>" for m in range(1, 8)])
    out = latest_facts_html(facts, as_of=facts["date"].max() - dt.timedelta(days=1), n=3)
    items = re.findall(r"<li>(.*?)</li>", out["NER"])
    assert [i.split(":")[0] for i in items] == ["2020-06", "2020-05", "2020-04"]
    assert "&lt;i&gt;fact 6&lt;/i&gt;" in items[0] and "<i>" not in out["NER"]


@pytest.mark.parametrize(
    "text",
    ["MARK {{ 7*7 }}", "MARK {% if true %}49{% endif %}", "MARK {# hidden #} {{ this }}"],
)
def test_template_syntax_in_fact_text_is_shown_not_executed(text):
    """folium compiles the map script as a Jinja template: fact text must stay inert."""
    fact = Fact(
        id="braces",
        country="NER",
        partner="RUS",
        event="deployment",
        date="2024-01",
        summary=text,
        source_url="https://e.org/{{7*7}}",
        source_outlet="Outlet {{ 6*6 }}",
    )
    page = as_browser_sees(rendered(build_map(build_dataset([fact]), NIGER_MARCH_2024)))
    assert "MARK 49" not in page and "Outlet 36" not in page and "e.org/49" not in page
    shown = html.unescape(page)
    assert text in shown
    assert "Outlet {{ 6*6 }}" in shown
