"""Generalisation floors: the scorer on the held-out articles (tests/fixtures/heldout).

h01-h12 were written and labelled before the rules were read; the rules were then improved
against their errors (general rules only), so these floors guard against regressions rather
than measure unseen text. `fresh/` was written after that work and scored once, untuned.
Measured 2026-11-28: h01-h12 F1 0.968, date 0.991, troops 0.972, 1 trap;
fresh F1 0.884, date 0.947, troops 0.947, 1 trap.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.extraction.scoring import load_gold, predict, score

HELDOUT = Path(__file__).parents[1] / "fixtures" / "heldout"


def test_heldout_floors() -> None:
    gold = load_gold([HELDOUT])
    assert len(gold) == 12
    result = score(gold, predict(gold))
    assert result.f1 >= 0.91
    assert result.precision >= 0.93
    assert result.date_accuracy >= 0.93
    assert result.troop_accuracy >= 0.92
    assert result.traps_taken <= 1  # the UN casualty sentence in h02 (see docs)


def test_fresh_floors() -> None:
    gold = load_gold([HELDOUT / "fresh"])
    assert len(gold) == 4
    result = score(gold, predict(gold))
    assert result.f1 >= 0.83
    assert result.precision >= 0.85
    assert result.traps_taken <= 1
