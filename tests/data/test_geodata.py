"""The committed Sahel layer: complete, valid, gap-free, light; and build.py's pure transform."""

import importlib.util
import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box, shape

from dashboard.facts import load_facts
from dashboard.geo import (
    CORE_SAHEL,
    LAYER_COLUMNS,
    LAYER_FILES,
    REGION_ISO3,
    SHAPEFILE,
    gap_area,
    geojson_text,
    join_metrics,
    load_layer,
    overlap_area,
    plotly_geojson,
)
from dashboard.paths import GEODATA_DIR

WEB_BUDGET_BYTES = 150_000
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
KINDS = ("web", "print")


def load_build_module():
    """geodata/ is not a package; load build.py by path to test its pure functions."""
    spec = importlib.util.spec_from_file_location("geodata_build", GEODATA_DIR / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def all_layers() -> dict[str, gpd.GeoDataFrame]:
    layers = {kind: load_layer(kind) for kind in KINDS}
    layers["shapefile"] = gpd.read_file(SHAPEFILE, encoding="utf-8")
    return layers


LAYERS = all_layers()


@pytest.mark.parametrize("kind", LAYERS)
def test_every_region_code_present_exactly_once(kind):
    codes = LAYERS[kind]["iso3"]
    assert sorted(codes) == sorted(REGION_ISO3)
    assert codes.is_unique


@pytest.mark.parametrize("kind", LAYERS)
def test_attributes_and_crs(kind):
    layer = LAYERS[kind]
    assert list(layer.columns) == [*LAYER_COLUMNS, "geometry"]
    assert layer.crs.to_epsg() == 4326
    regions = dict(zip(layer["iso3"], layer["region"], strict=True))
    assert {code for code, region in regions.items() if region == "sahel"} == set(CORE_SAHEL)
    assert set(regions.values()) == {"sahel", "context"}


@pytest.mark.parametrize(
    ("iso3", "name", "name_fr"),
    [
        ("SEN", "Senegal", "Sénégal"),
        ("TCD", "Chad", "Tchad"),
        ("CIV", "Côte d'Ivoire", "Côte d'Ivoire"),
        ("ERI", "Eritrea", "Érythrée"),
        ("ESH", "Western Sahara", "Sahara occidental"),
        ("CAF", "Central African Republic", "République centrafricaine"),
    ],
)
@pytest.mark.parametrize("kind", LAYERS)
def test_names_survive_encoding(kind, iso3, name, name_fr):
    row = LAYERS[kind].set_index("iso3").loc[iso3]
    assert (row["name"], row["name_fr"]) == (name, name_fr)


@pytest.mark.parametrize("kind", LAYERS)
def test_label_points_fall_inside_their_country(kind):
    layer = LAYERS[kind]
    points = shapely.points(layer["label_lon"].to_numpy(), layer["label_lat"].to_numpy())
    inside = shapely.contains(layer.geometry.to_numpy(), points)
    assert list(layer.loc[~inside, "iso3"]) == []


@pytest.mark.parametrize("kind", LAYERS)
def test_shapes_are_valid(kind):
    layer = LAYERS[kind]
    assert list(layer.loc[~layer.geometry.is_valid, "iso3"]) == []
    assert shapely.coverage_is_valid(layer.geometry.to_numpy())


@pytest.mark.parametrize("kind", LAYERS)
def test_neighbours_neither_overlap_nor_leave_gaps(kind):
    layer = LAYERS[kind]
    assert overlap_area(layer) == 0.0
    assert gap_area(layer) == 0.0


@pytest.mark.parametrize(
    ("a", "b"), [("SEN", "GMB"), ("NER", "TCD"), ("NGA", "CMR"), ("MAR", "ESH"), ("MLI", "BFA")]
)
def test_known_neighbours_share_a_border(a, b):
    shapes = LAYERS["web"].set_index("iso3").geometry
    shared = shapes[a].intersection(shapes[b])
    assert shared.length > 0.1 and shared.area == 0.0


def test_gambia_lies_within_senegal_outline():
    """The Gambia is an enclave open only to the sea: most of its border is Senegal's."""
    shapes = LAYERS["web"].set_index("iso3").geometry
    shared = shapes["GMB"].boundary.intersection(shapes["SEN"].boundary).length
    assert shared / shapes["GMB"].boundary.length > 0.5


def test_web_file_fits_the_browser_budget():
    assert LAYER_FILES["web"].stat().st_size <= WEB_BUDGET_BYTES


def test_print_layer_is_finer_than_web():
    vertices = {k: shapely.get_num_coordinates(LAYERS[k].geometry.to_numpy()).sum() for k in KINDS}
    assert vertices["print"] > 1.5 * vertices["web"]


@pytest.mark.parametrize("suffix", SHAPEFILE_PARTS)
def test_shapefile_parts_are_committed(suffix):
    assert SHAPEFILE.with_suffix(suffix).stat().st_size > 0


def test_shapefile_declares_utf8():
    assert SHAPEFILE.with_suffix(".cpg").read_text().strip().upper() == "UTF-8"


def test_every_country_in_the_facts_joins():
    facts = load_facts().facts
    assert facts, "the curated facts did not load"
    codes = sorted({fact.country for fact in facts})
    result = join_metrics(load_layer(), pd.DataFrame({"iso3": codes}))
    assert result.unmatched_codes == ()


def test_geojson_text_is_the_web_file_and_parses():
    text = geojson_text("web")
    assert text == LAYER_FILES["web"].read_text(encoding="utf-8")
    assert {f["id"] for f in json.loads(text)["features"]} == set(REGION_ISO3)


def test_load_layer_returns_an_independent_copy():
    first = load_layer()
    first.loc[0, "name"] = "changed"
    assert load_layer().loc[0, "name"] != "changed"


@pytest.mark.parametrize("kind", KINDS)
def test_plotly_geojson_of_the_real_layer_is_clockwise(kind):
    for feature in plotly_geojson(load_layer(kind))["features"]:
        for polygon in shapely.get_parts(shape(feature["geometry"])):
            assert not polygon.exterior.is_ccw, feature["id"]


# --- build.py's pure transform on a synthetic Natural Earth table (no download) ---


def synthetic_natural_earth(drop: str | None = None, double: str | None = None):
    """One unit square per region code, Natural Earth style: France-like -99 for Western Sahara."""
    codes = [c for c in REGION_ISO3 if c != drop] + ([double] if double else [])
    rows = pd.DataFrame(
        {
            "ISO_A3": ["-99" if c == "ESH" else c for c in codes],
            "ADM0_A3": codes,
            "NAME_EN": [f"{c} en" for c in codes],
            "NAME_FR": [f"{c} fr" for c in codes],
            "LABEL_X": [i + 0.5 for i in range(len(codes))],
            "LABEL_Y": [0.5] * len(codes),
        }
    )
    extra = pd.DataFrame({"ISO_A3": ["FRA"], "ADM0_A3": ["FRA"], "NAME_EN": ["France"],
                          "NAME_FR": ["France"], "LABEL_X": [99.5], "LABEL_Y": [0.5]})  # fmt: skip
    rows = pd.concat([rows.iloc[::-1], extra], ignore_index=True)  # order must not matter
    geometry = [box(x - 0.5, 0, x + 0.5, 1) for x in rows["LABEL_X"]]
    return gpd.GeoDataFrame(rows, geometry=geometry, crs="EPSG:4326")


BUILD = load_build_module()


def test_select_region_keeps_the_region_in_order_with_fallback_codes():
    layer = BUILD.select_region(synthetic_natural_earth())
    assert tuple(layer["iso3"]) == REGION_ISO3  # ESH came from ADM0_A3, FRA left out
    assert list(layer.columns) == [*LAYER_COLUMNS, "geometry"]
    by_code = layer.set_index("iso3")
    assert by_code.loc["MLI", "region"] == "sahel" and by_code.loc["ESH", "region"] == "context"
    assert by_code.loc["CIV", "name"] == "Côte d'Ivoire"  # the documented override
    assert by_code.loc["MLI", "name_fr"] == "MLI fr"


@pytest.mark.parametrize(
    ("drop", "double", "message"), [("NER", None, "'NER': 0"), (None, "TCD", "'TCD': 2")]
)
def test_select_region_refuses_missing_or_doubled_codes(drop, double, message):
    with pytest.raises(ValueError, match=message):
        BUILD.select_region(synthetic_natural_earth(drop=drop, double=double))


def test_check_coverage_catches_an_overlap():
    layer = BUILD.select_region(synthetic_natural_earth())
    layer.loc[0, "geometry"] = box(-1, 0, 1.2, 1)  # MRT reaches into its neighbour
    with pytest.raises(ValueError, match="overlap"):
        BUILD.check_coverage(layer)


def test_geojson_dumps_is_deterministic_and_keeps_accents():
    layer = BUILD.select_region(synthetic_natural_earth())
    text = BUILD.geojson_dumps(layer)
    assert text == BUILD.geojson_dumps(layer.copy())
    assert "Côte d'Ivoire" in text
    assert len(json.loads(text)["features"]) == len(REGION_ISO3)
