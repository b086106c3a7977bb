"""Measurements that need a process of their own (cold imports, one core, peak memory).

Run as `python -m dashboard.bench.child TASK [ARG]`; prints one JSON object on stdout.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CORPUS_DIRS = (Path("/work/shared/corpus/dev"),)


def vm_hwm() -> int:
    """Peak resident set size of this process, in bytes (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def export_card(runs: str) -> dict[str, Any]:
    """Briefing card PNG: the first call in a fresh process (imports included), then warm."""
    start = time.perf_counter()
    from dashboard.dataset import load_curated_dataset
    from dashboard.export import briefing_card
    from dashboard.view import View

    dataset, view = load_curated_dataset(), View()
    png = briefing_card(view, "png", dataset=dataset)
    first = time.perf_counter() - start
    warm = []
    for _ in range(int(runs)):
        t = time.perf_counter()
        briefing_card(view, "png", dataset=dataset)
        warm.append(time.perf_counter() - t)
    return {"first": first, "warm": warm, "bytes": len(png), "is_png": png[:4] == b"\x89PNG"}


def articles() -> list[dict[str, Any]]:
    """The dev corpus (text, published date), or the test fixtures when it is absent."""
    for directory in (*CORPUS_DIRS, Path("tests/fixtures/articles")):
        files = sorted(directory.glob("*.json")) if directory.is_dir() else []
        if files:
            return [json.loads(f.read_text(encoding="utf-8")) for f in files]
    return []


def extraction(minimum: str) -> dict[str, Any]:
    """Articles per second on one core, the corpus repeated to at least `minimum` articles."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from dashboard.extraction import extract

    corpus = [(a["text"], _date(a.get("published"))) for a in articles()]
    if not corpus:
        return {"error": "no articles found"}
    extract(*corpus[0])  # imports and lazy tables are a start-up cost, not throughput
    passes = -(-int(minimum) // len(corpus))
    start = time.perf_counter()
    found = sum(len(extract(text, published)) for _ in range(passes) for text, published in corpus)
    took = time.perf_counter() - start
    naive = _naive_extraction(corpus)
    return {
        "articles": passes * len(corpus),
        "seconds": took,
        "facts": found,
        "corpus": len(corpus),
        **naive,
    }


def _naive_extraction(corpus: list[tuple[str, dt.date | None]]) -> dict[str, Any]:
    """The naive approach: dateparser's free-text date search over each whole article."""
    from dateparser.search import search_dates

    sample = corpus[: min(len(corpus), 10)]
    search_dates(sample[0][0][:200], languages=["en", "fr"])
    start = time.perf_counter()
    for text, _ in sample:
        search_dates(text, languages=["en", "fr"])
    return {"naive_articles": len(sample), "naive_seconds": time.perf_counter() - start}


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def memory_default() -> dict[str, Any]:
    """Peak RSS after the page work of the default view on the bundled data."""
    from dashboard.bench.rerun import page_parts
    from dashboard.dataset import load_curated_dataset
    from dashboard.view import View

    for fn in page_parts(load_curated_dataset(), View()).values():
        fn()
    return {"peak_rss": vm_hwm()}


def memory_reference() -> dict[str, Any]:
    """Peak RSS of the naive floor: streamlit + folium imported, a bare folium map rendered."""
    import folium

    # The floor a Streamlit map app cannot go below: the bench measures Streamlit itself.
    import streamlit  # noqa: F401, TID251
    import streamlit_folium  # noqa: F401, TID251

    folium.Map(location=[16.5, 2.0], zoom_start=4, tiles=None).get_root().render()
    return {"peak_rss": vm_hwm()}


def memory_facts(n: str) -> dict[str, Any]:
    """Peak RSS with `n` synthetic facts loaded, presence built and the default page work done."""
    from dashboard.bench.rerun import page_parts
    from dashboard.bench.synthetic import synthetic_dataset
    from dashboard.view import View

    dataset = synthetic_dataset(int(n))
    for fn in page_parts(dataset, View()).values():
        fn()
    return {"peak_rss": vm_hwm()}


def memory_naive_facts(n: str) -> dict[str, Any]:
    """Peak RSS of the naive representation: `n` facts as Python records, one naive state."""
    from dashboard.bench.naive import naive_state_at, records
    from dashboard.bench.synthetic import synthetic_facts

    facts = records(synthetic_facts(int(n)))
    naive_state_at(facts, dt.date.today())
    return {"peak_rss": vm_hwm()}


TASKS: dict[str, Callable[..., dict[str, Any]]] = {
    "export_card": export_card,
    "extraction": extraction,
    "memory_default": memory_default,
    "memory_reference": memory_reference,
    "memory_facts": memory_facts,
    "memory_naive_facts": memory_naive_facts,
}


if __name__ == "__main__":
    print(json.dumps(TASKS[sys.argv[1]](*sys.argv[2:])))
