"""The facts table as shown, and its CSV / GeoJSON downloads (exactly what is shown)."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from dashboard.geo import load_layer
from dashboard.models import PRECISION_FORMATS

TABLE_COLUMNS = [
    "date",
    "country",
    "partner",
    "event",
    "troops",
    "summary",
    "source_outlet",
    "source_url",
    "origin",
    "id",
]


def is_safe_url(url: object) -> bool:
    return isinstance(url, str) and url.lower().startswith(("http://", "https://"))


def facts_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Facts for display: dates at their own precision, troops as nullable ints, and
    `source_url` kept only for http(s) links (anything else moves into `source_text`)."""
    out = pd.DataFrame(index=frame.index)
    out["date"] = (
        [
            ""
            if pd.isna(d)
            else pd.Timestamp(d).strftime(PRECISION_FORMATS.get(str(p), "%Y-%m-%d"))
            for d, p in zip(frame["date"], frame.get("precision", ""), strict=False)
        ]
        if len(frame)
        else []
    )
    for col in TABLE_COLUMNS[1:]:
        if col in frame:
            out[col] = frame[col]
    troops = out["troops"] if "troops" in out else pd.Series(pd.NA, index=out.index)
    out["troops"] = pd.to_numeric(troops, errors="coerce").astype("Int64")
    unsafe = ~out["source_url"].map(is_safe_url)
    out["source_text"] = out["source_url"].where(unsafe & out["source_url"].fillna("").ne(""))
    out["source_url"] = out["source_url"].where(~unsafe)
    return out.reset_index(drop=True)


def table_csv(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False).encode("utf-8")


def table_geojson(table: pd.DataFrame) -> bytes:
    """One Point feature per fact at its country's label point (facts are country-level)."""
    layer = load_layer("web").set_index("iso3")
    features: list[dict[str, Any]] = []
    for record in table.to_dict(orient="records"):
        props = {k: (None if pd.isna(v) else v) for k, v in record.items()}
        point = None
        if record["country"] in layer.index:
            row = layer.loc[record["country"]]
            point = {
                "type": "Point",
                "coordinates": [float(row["label_lon"]), float(row["label_lat"])],
            }
        features.append({"type": "Feature", "geometry": point, "properties": props})
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str
    ).encode("utf-8")
