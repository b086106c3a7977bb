"""Score extracted facts against hand-labelled articles (corpus/dev conventions).

Both sides are first deduplicated on (country, partner, event, date). A predicted fact
matches a gold fact with the same (country, partner, event), one to one, preferring equal
dates. Date and troop accuracy are measured over the matched pairs. A trap is "taken" when
an unmatched prediction quotes a sentence labelled as a trap.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Row = Mapping[str, Any]


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    published: dt.date | None
    url: str
    facts: tuple[Row, ...]
    traps: tuple[Row, ...] = ()


@dataclass
class Score:
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    date_correct: int = 0
    troops_correct: int = 0
    traps_taken: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    wrong_values: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def date_accuracy(self) -> float:
        return self.date_correct / self.matched if self.matched else 0.0

    @property
    def troop_accuracy(self) -> float:
        return self.troops_correct / self.matched if self.matched else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "articles": self.articles,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "date_accuracy": round(self.date_accuracy, 3),
            "troop_accuracy": round(self.troop_accuracy, 3),
            "traps_taken": self.traps_taken,
        }

    def as_markdown_row(self) -> str:
        d = self.as_dict()
        return (
            "| {articles} | {gold} | {predicted} | {precision:.3f} | {recall:.3f} | {f1:.3f} | "
            "{date_accuracy:.3f} | {troop_accuracy:.3f} | {traps_taken} |"
        ).format(**d)


MARKDOWN_HEADER = (
    "| articles | gold facts | predicted | precision | recall | F1 | date acc | "
    "troop acc | traps taken |\n|---|---|---|---|---|---|---|---|---|"
)


# ---- loading ----------------------------------------------------------------------------------


def load_gold(paths: Iterable[Path]) -> list[GoldArticle]:
    """Labelled articles from directories of NN.json files, .json files or .jsonl files."""
    articles = []
    for path in paths:
        files = sorted(path.glob("*.json")) if path.is_dir() else [path]
        for file in files:
            articles.extend(_gold_from_file(file))
    return articles


def _gold_from_file(path: Path) -> list[GoldArticle]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        data = json.loads(text)
        rows = data if isinstance(data, list) else [data]
    return [_gold_article(row, path) for row in rows if "facts" in row]


def _gold_article(row: Row, path: Path) -> GoldArticle:
    text = row.get("text")
    if text is None and row.get("text_file"):
        text = (path.parent / str(row["text_file"])).read_text(encoding="utf-8")
    published = row.get("published") or None
    return GoldArticle(
        id=str(row.get("id") or path.stem),
        text=str(text or ""),
        published=dt.date.fromisoformat(published) if published else None,
        url=str(row.get("url") or ""),
        facts=tuple(row.get("facts") or ()),
        traps=tuple(row.get("traps") or ()),
    )


def load_predictions(path: Path) -> dict[str, list[Row]]:
    """`{"id", "facts": [...]}` JSON Lines, as written by `sahel-dashboard extract`."""
    found: dict[str, list[Row]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            found[str(row["id"])] = list(row.get("facts") or [])
    return found


# ---- scoring ----------------------------------------------------------------------------------


def _key(row: Row) -> tuple[str, str, str, str]:
    return (
        str(row.get("country") or ""),
        str(row.get("partner") or ""),
        str(row.get("event") or ""),
        str(row.get("date") or ""),
    )


def _dedup(rows: Iterable[Row]) -> list[Row]:
    seen: dict[tuple[str, str, str, str], Row] = {}
    for row in rows:
        seen.setdefault(_key(row), row)
    return list(seen.values())


def _troops(row: Row) -> int | None:
    value = row.get("troops")
    return None if value in (None, "") else int(value)


def score(gold: Sequence[GoldArticle], predictions: Mapping[str, Sequence[Row]]) -> Score:
    """Precision, recall, F1, date/troop accuracy and traps taken over all articles."""
    total = Score(articles=len(gold))
    for article in gold:
        _score_article(article, _dedup(predictions.get(article.id, [])), total)
    return total


def _score_article(article: GoldArticle, predicted: list[Row], total: Score) -> None:
    gold = _dedup(article.facts)
    total.gold += len(gold)
    total.predicted += len(predicted)
    gold_by: dict[tuple[str, ...], list[Row]] = defaultdict(list)
    pred_by: dict[tuple[str, ...], list[Row]] = defaultdict(list)
    for row in gold:
        gold_by[_key(row)[:3]].append(row)
    for row in predicted:
        pred_by[_key(row)[:3]].append(row)
    unmatched_pred: list[Row] = []
    for key in set(gold_by) | set(pred_by):
        pairs, left_gold, left_pred = _pair(gold_by.get(key, []), pred_by.get(key, []))
        for g, p in pairs:
            total.matched += 1
            date_ok = str(g.get("date") or "") == str(p.get("date") or "")
            troops_ok = _troops(g) == _troops(p)
            total.date_correct += date_ok
            total.troops_correct += troops_ok
            if not (date_ok and troops_ok):
                total.wrong_values.append(
                    f"{article.id} {'/'.join(key)}: gold {g.get('date') or '-'} "
                    f"{_troops(g)} vs {p.get('date') or '-'} {_troops(p)}"
                )
        total.misses += [f"{article.id} {_show(r)}" for r in left_gold]
        unmatched_pred += left_pred
    for row in unmatched_pred:
        trap = _trap_hit(article, row)
        total.traps_taken += trap is not None
        suffix = f"  [TRAP {trap}]" if trap else ""
        total.false_positives.append(f"{article.id} {_show(row)}{suffix}")


def _pair(gold: list[Row], pred: list[Row]) -> tuple[list[tuple[Row, Row]], list[Row], list[Row]]:
    """One-to-one pairs, equal dates first."""
    gold_left, pred_left = list(gold), list(pred)
    pairs = []
    for g in list(gold_left):
        same = [p for p in pred_left if str(p.get("date") or "") == str(g.get("date") or "")]
        if same:
            pairs.append((g, same[0]))
            gold_left.remove(g)
            pred_left.remove(same[0])
    while gold_left and pred_left:
        pairs.append((gold_left.pop(0), pred_left.pop(0)))
    return pairs, gold_left, pred_left


def _trap_hit(article: GoldArticle, row: Row) -> str | None:
    quote = str(row.get("quote") or "")
    start, end = row.get("start"), row.get("end")
    for trap in article.traps:
        sentence = str(trap.get("sentence") or "")
        where = article.text.find(sentence) if sentence else -1
        if where >= 0 and isinstance(start, int) and isinstance(end, int):
            if start < where + len(sentence) and where < end:
                return str(trap.get("kind") or "trap")
        elif sentence and quote and (sentence in quote or quote in sentence):
            return str(trap.get("kind") or "trap")
    return None


def _show(row: Row) -> str:
    troops = _troops(row)
    return (
        f"{row.get('country')}/{row.get('partner') or '-'}/{row.get('event')} "
        f"{row.get('date') or '-'}{f' troops={troops}' if troops is not None else ''} | "
        f"{str(row.get('quote') or '')[:90]}"
    )


def predict(
    gold: Sequence[GoldArticle],
    use_published: bool = True,
    extract_fn: Callable[..., Sequence[Any]] | None = None,
) -> dict[str, list[Row]]:
    """Run the extractor on labelled articles (optionally hiding their known date)."""
    if extract_fn is None:
        from dashboard.extraction.extractor import extract as default_extract

        extract_fn = default_extract
    run = extract_fn
    return {
        article.id: [
            f.as_json()
            for f in run(
                article.text, article.published if use_published else None, article.url or None
            )
        ]
        for article in gold
    }
