"""dashboard.geo on small synthetic layers: joins, plotly orientation, coverage measures."""

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box, shape

from dashboard.geo import (
    CONTEXT,
    CORE_SAHEL,
    REGION_ISO3,
    gap_area,
    join_metrics,
    layer_path,
    overlap_area,
    plotly_geojson,
)


def two_squares(gap: float = 0.0, overlap: float = 0.0) -> gpd.GeoDataFrame:
    """Two unit squares side by side: touching, apart by `gap`, or overlapping by `overlap`."""
    right_x = 1 + gap - overlap
    return gpd.GeoDataFrame(
        {"iso3": ["MLI", "NER"], "name": ["Mali", "Niger"]},
        geometry=[box(0, 0, 1, 1), box(right_x, 0, right_x + 1, 1)],
        crs="EPSG:4326",
    )


def framed_hole() -> gpd.GeoDataFrame:
    """A ring of four boxes around an uncovered 1x1 square: the classic sliver gap."""
    return gpd.GeoDataFrame(
        {"iso3": ["A", "B", "C", "D"]},
        geometry=[box(0, 0, 3, 1), box(0, 2, 3, 3), box(0, 1, 1, 2), box(2, 1, 3, 2)],
    )


def test_region_lists_are_disjoint_and_complete():
    assert len(CORE_SAHEL) == 7 and len(CONTEXT) == 15
    assert not set(CORE_SAHEL) & set(CONTEXT)
    assert len(set(REGION_ISO3)) == len(REGION_ISO3) == 22


@pytest.mark.parametrize(
    ("metric_codes", "expected_unmatched"),
    [
        (["MLI", "NER"], ()),
        (["MLI"], ()),
        (["MLI", "FRA"], ("FRA",)),
        (["mli", "XXX", "NER"], ("XXX", "mli")),
        ([], ()),
    ],
)
def test_join_metrics_reports_codes_the_layer_lacks(metric_codes, expected_unmatched):
    metrics = pd.DataFrame({"iso3": metric_codes, "troops": range(len(metric_codes))})
    result = join_metrics(two_squares(), metrics)
    assert result.unmatched_codes == expected_unmatched
    assert list(result.frame["iso3"]) == ["MLI", "NER"]  # every country of the layer stays
    assert isinstance(result.frame, gpd.GeoDataFrame)


def test_join_metrics_leaves_missing_metrics_empty_not_dropped():
    result = join_metrics(two_squares(), pd.DataFrame({"iso3": ["NER"], "troops": [1500]}))
    troops = result.frame.set_index("iso3")["troops"]
    assert troops["NER"] == 1500
    assert pd.isna(troops["MLI"])


@pytest.mark.parametrize(
    ("metrics", "message"),
    [
        (pd.DataFrame({"country": ["MLI"]}), "iso3"),
        (pd.DataFrame({"iso3": ["MLI", "MLI"], "troops": [1, 2]}), "more than once"),
        (pd.DataFrame({"iso3": ["MLI"], "name": ["x"]}), "clash"),
    ],
)
def test_join_metrics_refuses_ambiguous_input(metrics, message):
    with pytest.raises(ValueError, match=message):
        join_metrics(two_squares(), metrics)


def test_plotly_geojson_makes_exterior_rings_clockwise():
    square_with_hole = shapely.Polygon(
        [(0, 0), (4, 0), (4, 4), (0, 4)], holes=[[(1, 1), (1, 2), (2, 2), (2, 1)]]
    )
    layer = gpd.GeoDataFrame({"iso3": ["TCD"]}, geometry=[square_with_hole])
    assert square_with_hole.exterior.is_ccw  # input as GEOS usually gives it

    (feature,) = plotly_geojson(layer)["features"]
    polygon = shape(feature["geometry"])
    assert not polygon.exterior.is_ccw
    assert all(ring.is_ccw for ring in polygon.interiors)
    assert feature["id"] == "TCD"


def test_plotly_geojson_writes_missing_metrics_as_null():
    frame = join_metrics(two_squares(), pd.DataFrame({"iso3": ["MLI"], "troops": [3.0]})).frame
    features = {f["id"]: f for f in plotly_geojson(frame)["features"]}
    assert features["MLI"]["properties"]["troops"] == 3.0
    assert features["NER"]["properties"]["troops"] is None


@pytest.mark.parametrize(
    ("layer", "expected_gap", "expected_overlap"),
    [
        (two_squares(), 0.0, 0.0),
        (two_squares(overlap=0.25), 0.0, 0.25),
        (framed_hole(), 1.0, 0.0),
    ],
)
def test_coverage_measures(layer, expected_gap, expected_overlap):
    assert gap_area(layer) == pytest.approx(expected_gap)
    assert overlap_area(layer) == pytest.approx(expected_overlap)


def test_unknown_layer_kind_is_a_readable_error():
    with pytest.raises(ValueError, match="unknown layer kind 'poster'"):
        layer_path("poster")  # type: ignore[arg-type]
