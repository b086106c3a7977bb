"""The scorer on hand-made gold, the CLI, and (when present) the shared dev corpus targets."""

import argparse
import json
from pathlib import Path

import pytest

from dashboard.extraction.command import register, run_extract
from dashboard.extraction.scoring import GoldArticle, load_gold, predict, score

FIXTURES = Path(__file__).parents[1] / "fixtures"
DEV = Path(__file__).parents[3] / "shared" / "corpus" / "dev"

TEXT = "Chad hosts 1,000 French troops. Rumours said Wagner was coming to Chad."
GOLD = GoldArticle(
    id="a",
    text=TEXT,
    published=None,
    url="",
    facts=(
        {
            "country": "TCD",
            "partner": "FRA",
            "event": "presence",
            "date": "2024-01-01",
            "troops": 1000,
        },
        {
            "country": "TCD",
            "partner": "FRA",
            "event": "presence",
            "date": "2024-01-01",
            "troops": 1000,
        },  # a restatement: deduplicated
        {"country": "TCD", "partner": "USA", "event": "talks", "date": "", "troops": None},
    ),
    traps=({"sentence": "Rumours said Wagner was coming to Chad.", "kind": "rumour"},),
)


def row(partner: str, event: str, date: str, troops: int | None, start: int = 0) -> dict:
    return {
        "country": "TCD",
        "partner": partner,
        "event": event,
        "date": date,
        "troops": troops,
        "start": start,
        "end": start + 5,
        "quote": "x",
    }


def test_score_counts_matches_dates_troops_and_traps() -> None:
    trap_start = TEXT.index("Rumours")
    predictions = {
        "a": [
            row("FRA", "presence", "2024-01", 1000),
            row("WAGNER", "deployment", "", None, trap_start),
        ]
    }
    result = score([GOLD], predictions)
    assert (result.gold, result.predicted, result.matched) == (2, 2, 1)
    assert result.precision == 0.5 and result.recall == 0.5
    assert result.date_accuracy == 0.0 and result.troop_accuracy == 1.0
    assert result.traps_taken == 1


def test_perfect_prediction_scores_one() -> None:
    predictions = {"a": [dict(f) for f in GOLD.facts]}
    result = score([GOLD], predictions)
    assert (result.f1, result.date_accuracy, result.troop_accuracy) == (1.0, 1.0, 1.0)
    assert result.traps_taken == 0


def test_tiny_gold_set_end_to_end() -> None:
    gold = load_gold([FIXTURES / "articles" / "tiny_gold.jsonl"])
    result = score(gold, predict(gold))
    assert result.f1 == 1.0 and result.traps_taken == 0


def test_seed_against_the_facts_md_table() -> None:
    gold = load_gold([FIXTURES / "seed_rt_2024-03-27.gold.json"])
    result = score(gold, predict(gold, use_published=False))
    assert result.recall == 1.0
    assert result.date_accuracy == 1.0 and result.troop_accuracy == 1.0
    assert result.traps_taken == 0


def test_extract_command_writes_json_lines(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    out = tmp_path / "pred.jsonl"
    args = parser.parse_args(
        [
            "extract",
            str(FIXTURES / "articles" / "tiny_gold.jsonl"),
            str(FIXTURES / "articles" / "page_niger.html"),
            "--out",
            str(out),
        ]
    )
    assert run_extract(args) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["tiny-1", "tiny-2", "page_niger"]
    assert rows[0]["facts"][0]["quote"]


@pytest.mark.skipif(not DEV.is_dir(), reason="shared dev corpus not available")
def test_dev_corpus_targets() -> None:
    gold = load_gold([DEV])
    result = score(gold, predict(gold))
    assert result.f1 >= 0.85
    assert result.date_accuracy >= 0.85
    assert result.troop_accuracy >= 0.9
    assert result.traps_taken == 0
