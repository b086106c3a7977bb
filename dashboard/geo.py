"""Sahel country polygons and the join of per-country metrics onto them by ISO3.

The layer is built once by ``geodata/build.py`` and committed; this module only reads it,
so the app never needs the network or the Natural Earth package at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
import shapely
from shapely.geometry import mapping

from dashboard.paths import GEODATA_DIR

if TYPE_CHECKING:  # geopandas costs ~0.1 s to import; the map page itself does not need it
    import geopandas as gpd

# The countries the dashboard reports on, then the neighbours drawn for orientation.
CORE_SAHEL: tuple[str, ...] = ("MRT", "MLI", "BFA", "NER", "TCD", "SEN", "GMB")
CONTEXT: tuple[str, ...] = (
    "DZA", "LBY", "SDN", "NGA", "CMR", "BEN", "TGO", "GHA", "CIV",
    "GIN", "GNB", "ERI", "CAF", "MAR", "ESH",
)  # fmt: skip
REGION_ISO3: tuple[str, ...] = CORE_SAHEL + CONTEXT
LAYER_COLUMNS: tuple[str, ...] = ("iso3", "name", "name_fr", "region", "label_lon", "label_lat")

LayerKind = Literal["web", "print"]
# web: light enough to send to the browser; print: finer edges for PNG/PDF exports.
LAYER_FILES: dict[str, Path] = {
    "web": GEODATA_DIR / "sahel_web.geojson",
    "print": GEODATA_DIR / "sahel_print.geojson",
}
SHAPEFILE = GEODATA_DIR / "shapefile" / "sahel.shp"


@dataclass(frozen=True)
class JoinResult:
    """Every layer country with its metrics (NaN where none), plus metric codes not on the map."""

    frame: gpd.GeoDataFrame
    unmatched_codes: tuple[str, ...]


def layer_path(kind: LayerKind = "web") -> Path:
    """The GeoJSON file behind a layer kind; a readable error for an unknown kind."""
    try:
        return LAYER_FILES[kind]
    except KeyError:
        known = sorted(LAYER_FILES)
        raise ValueError(f"unknown layer kind {kind!r}; expected one of {known}") from None


def load_layer(kind: LayerKind = "web") -> gpd.GeoDataFrame:
    """The Sahel layer (EPSG:4326, one row per ISO3); a fresh copy, so callers may mutate it."""
    return _cached_layer(kind).copy()


@lru_cache(maxsize=2)
def _cached_layer(kind: LayerKind) -> gpd.GeoDataFrame:
    import geopandas as gpd

    layer = gpd.read_file(layer_path(kind), encoding="utf-8")
    return layer[[*LAYER_COLUMNS, "geometry"]]


@lru_cache(maxsize=2)
def geojson_text(kind: LayerKind = "web") -> str:
    """The committed GeoJSON as text, read once: folium can embed it without re-serialising."""
    return layer_path(kind).read_text(encoding="utf-8")


def join_metrics(layer: gpd.GeoDataFrame, metrics: pd.DataFrame) -> JoinResult:
    """Left-join metrics onto the layer by ``iso3``; codes the layer lacks are reported.

    Every country of the layer stays (metrics NaN where it has none). A metrics row whose
    code is not on the map cannot be drawn, so its code goes to ``unmatched_codes`` rather
    than vanishing. Duplicate codes in ``metrics`` raise, because they would duplicate shapes.
    """
    if "iso3" not in metrics.columns:
        raise ValueError(f"metrics need an 'iso3' column; got {list(metrics.columns)}")
    duplicated = sorted(set(metrics.loc[metrics["iso3"].duplicated(), "iso3"].astype(str)))
    if duplicated:
        raise ValueError(f"metrics list these iso3 codes more than once: {duplicated}")
    clashing = sorted(set(metrics.columns) & set(layer.columns) - {"iso3"})
    if clashing:
        raise ValueError(f"metrics columns clash with layer columns: {clashing}")
    frame = layer.merge(metrics, on="iso3", how="left", validate="one_to_one")
    unmatched = sorted(set(metrics["iso3"].astype(str)) - set(layer["iso3"]))
    return JoinResult(frame=frame, unmatched_codes=tuple(unmatched))


def plotly_geojson(layer: gpd.GeoDataFrame) -> dict[str, Any]:
    """A FeatureCollection for plotly ``geojson=``; feature ``id`` is the ISO3 code.

    Plotly (d3-geo) reads a counter-clockwise exterior ring as "everything except this
    polygon", so exterior rings are made clockwise here, whatever the file holds.
    """
    oriented = shapely.orient_polygons(layer.geometry.to_numpy(), exterior_cw=True)
    columns = [c for c in layer.columns if c != layer.geometry.name]
    features = [
        {
            "type": "Feature",
            "id": str(row["iso3"]),
            "properties": {c: _json_value(row[c]) for c in columns},
            "geometry": mapping(geometry),
        }
        for (_, row), geometry in zip(layer.iterrows(), oriented, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def _json_value(value: Any) -> Any:
    """NaN is not valid JSON; a missing metric becomes null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def gap_area(layer: gpd.GeoDataFrame) -> float:
    """Total area (square degrees) of holes inside the union: slivers between neighbours."""
    union = shapely.union_all(layer.geometry.to_numpy())
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(union) for ring in part.interiors]
    return float(sum(hole.area for hole in holes))


def overlap_area(layer: gpd.GeoDataFrame) -> float:
    """Total area (square degrees) shared by two countries; zero for a clean coverage."""
    geometries = layer.geometry.to_numpy()
    left, right = shapely.STRtree(geometries).query(geometries, predicate="intersects")
    pairs = (left < right).nonzero()[0]  # each unordered pair once, never a shape with itself
    overlaps = shapely.intersection(geometries[left[pairs]], geometries[right[pairs]])
    return float(shapely.area(overlaps).sum())


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO3 -> English name, from the web layer's properties (no geometry parsed)."""
    features = json.loads(geojson_text("web"))["features"]
    return {f["properties"]["iso3"]: f["properties"]["name"] for f in features}


def country_name(code: str) -> str:
    """English name of an ISO3 code; the code itself when the layer does not know it."""
    return country_names().get(code, code)
