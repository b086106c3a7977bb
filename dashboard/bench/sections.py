"""The export, extraction and memory figures, each measured in a child process."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from typing import Any

from dashboard.bench.figures import Figure, at_least, at_most, unavailable
from dashboard.paths import REPO_ROOT

EXPORT_WARM_TARGET_S = 0.5
EXTRACTION_TARGET = 50.0


def child(task: str, *args: object, timeout: float = 600) -> dict[str, Any]:
    """Run `dashboard.bench.child TASK ARGS` in a fresh interpreter; its JSON result."""
    cmd = [sys.executable, "-m", "dashboard.bench.child", task, *map(str, args)]
    done = subprocess.run(
        cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {done.returncode}: {tail}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def export_figures(runs: int) -> list[Figure]:
    result = child("export_card", runs)
    if "error" in result:
        return [unavailable("export", "briefing card PNG", result["error"])]
    warm = statistics.median(result["warm"])
    first = result["first"]
    label = "a fresh process per card (imports + first render)"
    return [
        Figure(
            "export",
            "briefing card PNG, first (fresh process)",
            first,
            "s",
            None,
            "",
            note=f"{result['bytes']:,} bytes, PNG: {result['is_png']}",
        ),
        Figure(
            "export",
            f"briefing card PNG, warm (median of {runs})",
            warm,
            "s",
            first,
            label,
            f"<= {EXPORT_WARM_TARGET_S} s",
            at_most(warm, EXPORT_WARM_TARGET_S),
        ),
    ]


def extraction_figure(minimum: int) -> Figure:
    try:
        import dashboard.extraction  # noqa: F401
    except Exception as err:
        return unavailable("extraction", "articles per second", f"import failed: {err!r}")
    result = child("extraction", minimum)
    if "error" in result:
        return unavailable("extraction", "articles per second", result["error"])
    rate = result["articles"] / result["seconds"]
    naive = result["naive_articles"] / result["naive_seconds"]
    return Figure(
        "extraction",
        f"articles/s on one core ({result['articles']:,} articles)",
        rate,
        "articles/s",
        naive,
        "dateparser search_dates over each whole article",
        f">= {EXTRACTION_TARGET:g}",
        at_least(rate, EXTRACTION_TARGET),
        lower_is_better=False,
        note=f"{result['corpus']} distinct articles, {result['facts']:,} candidate facts",
    )


def memory_figures(n_facts: int) -> list[Figure]:
    default = child("memory_default").get("peak_rss")
    floor = child("memory_reference").get("peak_rss")
    big = child("memory_facts", n_facts).get("peak_rss")
    naive = child("memory_naive_facts", n_facts).get("peak_rss")
    return [
        Figure(
            "memory",
            "peak RSS, default view page work (process)",
            default,
            "bytes",
            floor,
            "streamlit + folium imported, bare map rendered",
        ),
        Figure(
            "memory",
            f"peak RSS, {n_facts:,} facts loaded + page work",
            big,
            "bytes",
            naive,
            "the same facts as Python records + one naive state",
        ),
    ]
