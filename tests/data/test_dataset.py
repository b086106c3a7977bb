"""The shipped facts (geodata/sahel_facts.csv) against their own rules and the other files.

The codes are read straight from the CSV with the csv module, not through the validator, so
a validator bug cannot hide a bad code here.
"""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from dashboard.facts import load_facts
from dashboard.geo import load_layer
from dashboard.paths import FACTS_CSV, PARTNERS_CSV


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    """The raw rows of the shipped CSV, exactly as a spreadsheet would show them."""
    with FACTS_CSV.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_shipped_dataset_has_no_problems(rows):
    result = load_facts(FACTS_CSV)
    assert [str(p) for p in result.problems] == []
    assert len(result.facts) == len(rows) > 100


def test_every_partner_is_in_partners_csv(rows):
    with PARTNERS_CSV.open(newline="", encoding="utf-8") as fh:
        known = {row["code"] for row in csv.DictReader(fh)}
    used = {row["partner"] for row in rows if row["partner"]}
    assert sorted(used - known) == []


def test_every_country_is_on_the_sahel_map(rows):
    on_map = set(load_layer()["iso3"])
    used = {row["country"] for row in rows}
    assert sorted(used - on_map) == []


def test_ids_are_unique(rows):
    counts = Counter(row["id"] for row in rows)
    assert [fact_id for fact_id, n in counts.items() if n > 1] == []


def test_only_coups_lack_a_partner(rows):
    assert {row["event"] for row in rows if not row["partner"]} <= {"coup"}
