"""dashboard.tables: the facts table as shown, and downloads that equal what is shown."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest

from dashboard.dataset import build_dataset
from dashboard.geo import load_layer
from dashboard.tables import facts_table, is_safe_url, table_csv, table_geojson
from dashboard.view import View

# (id, country, partner, event, date, troops, source_url)
ROWS = [
    ("a", "NER", "USA", "presence", "2024-03-16", 1000, "https://www.rt.com/africa/1"),
    ("b", "NER", "FRA", "withdrawal", "2023-12", None, "http://en.people.cn/n3/2023"),
    ("c", "NER", "", "coup", "2023", None, "javascript:alert(1)"),
    ("d", "MLI", "RUS", "agreement", "", None, ""),
    ("e", "MLI", "WAGNER", "deployment", "2021-12", 1000, "ftp://files.example/x"),
    ("f", "ZAF", "RUS", "talks", "2024-02-02", None, "data:text/html,hi"),  # not on the map
]


@pytest.fixture
def table(make_fact) -> pd.DataFrame:
    """The table of six facts covering every date precision and every kind of link."""
    facts = [
        make_fact(
            partner,
            event,
            date,
            troops,
            country=country,
            id=fid,
            source_url=url,
            summary=f"fact {fid}, with a comma",
        )
        for fid, country, partner, event, date, troops, url in ROWS
    ]
    return facts_table(build_dataset(facts).facts)


@pytest.mark.parametrize(
    ("fact_id", "date", "troops", "source_url", "source_text"),
    [
        ("a", "2024-03-16", 1000, "https://www.rt.com/africa/1", None),
        ("b", "2023-12", None, "http://en.people.cn/n3/2023", None),
        ("c", "2023", None, None, "javascript:alert(1)"),
        ("d", "", None, None, None),
        ("e", "2021-12", 1000, None, "ftp://files.example/x"),
        ("f", "2024-02-02", None, None, "data:text/html,hi"),
    ],
)
def test_facts_table_rows(table, fact_id, date, troops, source_url, source_text):
    row = table.set_index("id").loc[fact_id]
    assert row["date"] == date
    assert (None if pd.isna(row["troops"]) else int(row["troops"])) == troops
    assert (None if pd.isna(row["source_url"]) else row["source_url"]) == source_url
    assert (None if pd.isna(row["source_text"]) else row["source_text"]) == source_text


def test_facts_table_types(table):
    assert str(table["troops"].dtype) == "Int64"
    assert all(is_safe_url(u) for u in table["source_url"].dropna())


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://a.b", True),
        ("HTTP://A.B", True),
        ("javascript:x", False),
        ("", False),
        (None, False),
        (float("nan"), False),
        (" https://a.b", False),
    ],
)
def test_is_safe_url(url, safe):
    assert is_safe_url(url) is safe


def test_csv_download_equals_table(table):
    back = pd.read_csv(io.BytesIO(table_csv(table)), dtype=str, keep_default_na=False)
    assert list(back.columns) == list(table.columns)
    assert list(back["id"]) == list(table["id"])
    shown = table.astype(object).where(table.notna(), "").astype(str)
    pd.testing.assert_frame_equal(back, shown)


def test_geojson_download_equals_table(table):
    collection = json.loads(table_geojson(table))
    features = collection["features"]
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["id"] for f in features] == list(table["id"])
    assert all(set(f["properties"]) == set(table.columns) for f in features)
    layer = load_layer("web").set_index("iso3")
    by_id = {f["properties"]["id"]: f for f in features}
    assert by_id["a"]["geometry"] == {
        "type": "Point",
        "coordinates": [float(layer.loc["NER", "label_lon"]), float(layer.loc["NER", "label_lat"])],
    }
    assert by_id["f"]["geometry"] is None  # South Africa is not on the Sahel map
    assert by_id["c"]["properties"]["source_url"] is None
    assert by_id["c"]["properties"]["source_text"] == "javascript:alert(1)"
    assert by_id["a"]["properties"]["troops"] == 1000


def test_downloads_of_a_view_hold_the_rows_shown(curated):
    view = View(
        countries=("NER",),
        start=dt.date(2023, 7, 1),
        end=dt.date(2023, 12, 1),
        events=("presence", "withdrawal"),
    )
    shown = facts_table(curated.view_facts(view))
    ids = list(shown["id"])
    assert len(ids) >= 5 and "ner-fra-withdrawal-2023-12-22" in ids
    assert set(shown["country"]) == {"NER"}
    assert list(pd.read_csv(io.BytesIO(table_csv(shown)))["id"]) == ids
    assert [f["properties"]["id"] for f in json.loads(table_geojson(shown))["features"]] == ids


def test_empty_table_downloads():
    empty = facts_table(build_dataset([]).facts)
    assert empty.empty
    assert json.loads(table_geojson(empty))["features"] == []
    assert table_csv(empty).decode().strip().split(",")[0] == "date"
