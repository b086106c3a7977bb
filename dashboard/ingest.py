"""Article review, as plain Python: read an upload, flag duplicates, turn rows into facts.

The Review page (ui/review_page.py) only draws widgets around these functions.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.facts import Problem, validate_rows
from dashboard.models import Fact, FuzzyDate, Precision

MAX_ARTICLE_BYTES = 2_000_000  # a long feature is ~100 KB of text; 2 MB is plenty
ALLOWED_SUFFIXES = (".txt", ".html", ".htm", ".md")
ACTIONS = ("accept", "reject", "merge")
EDITABLE = ["country", "partner", "event", "date", "troops", "summary"]


class UploadError(ValueError):
    """An upload that cannot be read as an article; the message says why."""


@dataclass(frozen=True)
class Source:
    url: str = ""
    outlet: str = ""
    title: str = ""
    published: dt.date | None = None


def read_upload(
    name: str, data: bytes, allowed: tuple[str, ...] = ALLOWED_SUFFIXES
) -> tuple[str, str]:
    """(text, kind) of an uploaded text file, or UploadError naming the file and the reason."""
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in allowed:
        raise UploadError(f"{name}: only {', '.join(allowed)} files are accepted")
    if len(data) > MAX_ARTICLE_BYTES:
        raise UploadError(
            f"{name}: {len(data):,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte "
            "limit for one article"
        )
    if b"\x00" in data[:8192]:
        raise UploadError(f"{name}: this looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UploadError(f"{name}: not UTF-8 text (byte {err.start} cannot be decoded)") from None
    return text, suffix.lstrip(".")


def check_pasted(text: str) -> str:
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise UploadError(f"pasted text is over the {MAX_ARTICLE_BYTES:,}-byte limit")
    if not text.strip():
        raise UploadError("the pasted text is empty")
    return text


def find_duplicate(row: dict[str, Any], facts: pd.DataFrame) -> str:
    """Id of an existing fact with the same country, partner and event whose date overlaps
    the candidate's within the coarser precision (2024-03 matches 2024-03-16); else ""."""
    same = facts[
        (facts["country"] == row["country"])
        & (facts["partner"].fillna("") == (row["partner"] or ""))
        & (facts["event"] == row["event"])
    ]
    if same.empty:
        return ""
    try:
        date = FuzzyDate.parse(row["date"]) if row.get("date") else None
    except ValueError:
        return ""
    for fact_id, start, precision in zip(same["id"], same["date"], same["precision"], strict=True):
        if date is None or pd.isna(start):
            if date is None and pd.isna(start):
                return str(fact_id)
            continue
        other = FuzzyDate(
            pd.Timestamp(start).date(), Precision(precision) if precision else Precision.DAY
        )
        if date.overlaps(other):
            return str(fact_id)
    return ""


def new_fact_id(row: dict[str, Any], taken: set[str]) -> str:
    """`{country}-{partner or none}-{event}-{date or undated}`, with -2, -3 … when taken."""
    base = "-".join(
        [row["country"], row.get("partner") or "none", row["event"], row.get("date") or "undated"]
    ).lower()
    base = re.sub(r"[^a-z0-9_-]", "", base)
    fact_id, n = base, 2
    while fact_id in taken:
        fact_id, n = f"{base}-{n}", n + 1
    return fact_id


def rows_to_facts(
    rows: Iterable[tuple[int, dict[str, Any]]],
    source: Source,
    existing: Sequence[Fact],
    taken_ids: set[str],
    today: dt.date | None = None,
) -> tuple[list[Fact], list[Problem]]:
    """Validate accepted rows with the curated dataset's rules (duplicates included).

    Row numbers in problems are the table's 1-based row numbers, so the user can find them.
    """
    raw_rows: list[tuple[int, dict[str, str | None]]] = []
    taken = set(taken_ids)
    for number, row in rows:
        fact_id = new_fact_id(row, taken)
        taken.add(fact_id)
        raw: dict[str, str | None] = {
            k: "" if row.get(k) is None or pd.isna(row.get(k)) else str(row[k])
            for k in [*EDITABLE, "quote"]
        }
        troops = raw["troops"] or ""
        raw["troops"] = troops[:-2] if troops.endswith(".0") else troops
        raw.update(
            {
                "id": fact_id,
                "source_url": source.url,
                "source_outlet": source.outlet,
                "source_title": source.title,
                "source_published": source.published.isoformat() if source.published else "",
            }
        )
        raw_rows.append((number, raw))
    result = validate_rows(raw_rows, "review table", today=today, existing=existing)
    return result.facts, result.problems


def highlight_quote(quote: str, words: Iterable[str]) -> str:
    """The quote, HTML-escaped, with every occurrence of the matched words in <mark>.

    Spans are found in the raw text and merged before escaping, so a word can never match
    inside markup and overlapping words give one highlight.
    """
    spans: list[tuple[int, int]] = []
    for word in {w for w in words if w and w.strip()}:
        spans += [m.span() for m in re.finditer(re.escape(word), quote, re.IGNORECASE)]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out += [html.escape(quote[pos:start]), "<mark>", html.escape(quote[start:end]), "</mark>"]
        pos = end
    out.append(html.escape(quote[pos:]))
    return "".join(out)


def candidates_frame(candidates: Sequence[Any], facts: pd.DataFrame) -> pd.DataFrame:
    """The review table: one editable row per candidate, duplicates flagged."""
    rows = []
    for cand in candidates:
        row = {
            "action": "accept",
            "country": cand.country,
            "partner": cand.partner or "",
            "event": str(getattr(cand.event, "value", cand.event)),
            "date": str(cand.date) if cand.date else "",
            "troops": cand.troops,
            "summary": cand.summary,
            "quote": cand.quote,
            "confidence": round(float(cand.confidence), 2),
            "reason": cand.reason,
        }
        row["duplicate_of"] = find_duplicate(row, facts)
        if row["duplicate_of"]:
            row["action"] = "merge"
        rows.append(row)
    columns = ["action", *EDITABLE, "duplicate_of", "confidence", "reason", "quote"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["troops"] = pd.to_numeric(frame["troops"], errors="coerce").astype("Int64")
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")  # the numbers problems cite
    return frame
