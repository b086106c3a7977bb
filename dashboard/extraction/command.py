"""`sahel-dashboard extract` and `sahel-dashboard score` subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO


def register(subparsers: Any) -> None:
    """Add the extraction subcommands to the CLI router."""
    extract = subparsers.add_parser(
        "extract", help="propose facts from articles (.txt/.html/.md, JSON or JSON Lines)"
    )
    extract.add_argument("files", nargs="+", type=Path)
    extract.add_argument("--out", type=Path, help="write JSON Lines here instead of stdout")
    extract.add_argument(
        "--ignore-published",
        action="store_true",
        help="detect each article's date from its text even when given",
    )
    extract.set_defaults(handler=run_extract)

    score = subparsers.add_parser("score", help="score extracted facts against labelled articles")
    score.add_argument(
        "--gold",
        nargs="+",
        type=Path,
        required=True,
        help="labelled articles: corpus directories, .json or .jsonl files",
    )
    score.add_argument(
        "--pred",
        type=Path,
        help="predictions from `extract` (JSON Lines); default: run the extractor",
    )
    score.add_argument(
        "--ignore-published",
        action="store_true",
        help="when running the extractor, hide the articles' known dates",
    )
    score.add_argument(
        "--details", action="store_true", help="list misses, false positives and wrong dates/troops"
    )
    score.add_argument("--json", action="store_true", help="print the scores as JSON")
    score.set_defaults(handler=run_score)


def iter_articles(path: Path) -> Iterator[dict[str, Any]]:
    """Articles in a file as {"id", "text", "published", "url"} dicts."""
    from dashboard.extraction.text import article_text

    suffix = path.suffix.lower()
    raw = path.read_text(encoding="utf-8", errors="replace")
    if suffix == ".jsonl":
        for number, line in enumerate(raw.splitlines(), 1):
            if line.strip():
                yield _article_row(json.loads(line), f"{path.stem}-{number}")
    elif suffix == ".json":
        data = json.loads(raw)
        for number, row in enumerate(data if isinstance(data, list) else [data], 1):
            yield _article_row(
                row, path.stem if not isinstance(data, list) else f"{path.stem}-{number}"
            )
    else:
        yield {
            "id": path.stem,
            "text": article_text(raw, suffix or "txt"),
            "published": None,
            "url": None,
        }


def _article_row(row: dict[str, Any], default_id: str) -> dict[str, Any]:
    return {
        "id": str(row.get("id") or default_id),
        "text": str(row.get("text") or ""),
        "published": row.get("published") or None,
        "url": row.get("url") or None,
    }


def run_extract(args: argparse.Namespace) -> int:
    from dashboard.extraction.extractor import extract

    out: TextIO = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    status = 0
    try:
        for path in args.files:
            try:
                articles = list(iter_articles(path))
            except (OSError, ValueError) as err:
                print(f"{path}: cannot read ({err})", file=sys.stderr)
                status = 1
                continue
            for article in articles:
                published = None if args.ignore_published else _date(article["published"])
                facts = extract(article["text"], published, article["url"])
                out.write(
                    json.dumps(
                        {"id": article["id"], "facts": [f.as_json() for f in facts]},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    finally:
        if args.out:
            out.close()
    return status


def run_score(args: argparse.Namespace) -> int:
    from dashboard.extraction.scoring import (
        MARKDOWN_HEADER,
        load_gold,
        load_predictions,
        predict,
        score,
    )

    gold = load_gold(args.gold)
    if not gold:
        print("no labelled articles found", file=sys.stderr)
        return 1
    predictions = (
        load_predictions(args.pred)
        if args.pred
        else predict(gold, use_published=not args.ignore_published)
    )
    result = score(gold, predictions)
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        print(MARKDOWN_HEADER)
        print(result.as_markdown_row())
    if args.details:
        for title, rows in (
            ("missed", result.misses),
            ("false positives", result.false_positives),
            ("wrong date or troops", result.wrong_values),
        ):
            print(f"\n## {title} ({len(rows)})")
            print("\n".join(rows))
    return 0


def _date(value: object) -> dt.date | None:
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
