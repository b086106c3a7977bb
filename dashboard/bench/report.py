"""The printed table and the JSON file of a bench run."""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dashboard.bench.figures import Figure


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "bytes":
        return f"{value / 1e6:.1f} MB" if value >= 1e6 else f"{value / 1e3:.1f} KB"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "articles/s":
        return f"{value:.1f}/s"
    return f"{value:.2f} {unit}".strip()


def ratio_text(ratio: float | None) -> str:
    if ratio is None:
        return "—"
    return f"{ratio:.2f}×" if ratio < 1 else f"{ratio:.1f}×"


def verdict(figure: Figure) -> str:
    if figure.note.startswith("unavailable"):
        return "n/a"
    return {True: "met", False: "MISSED", None: ""}[figure.met]


def rows(figures: list[Figure]) -> list[list[str]]:
    return [
        [
            f.section,
            f.name,
            fmt(f.value, f.unit),
            fmt(f.baseline, f.unit),
            ratio_text(f.ratio),
            f.target,
            verdict(f),
        ]
        for f in figures
    ]


HEADER = ["section", "figure", "ours", "baseline", "better by", "target", ""]


def table(figures: list[Figure]) -> str:
    """A plain-text table for the terminal, then one line per baseline/note."""
    body = rows(figures)
    widths = [max(len(r[i]) for r in [HEADER, *body]) for i in range(len(HEADER))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [HEADER, *body]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    for i, f in enumerate(figures, 1):
        detail = "; ".join(
            x for x in (f"baseline: {f.baseline_label}" if f.baseline_label else "", f.note) if x
        )
        if detail:
            lines.append(f"[{i}] {f.name}: {detail}")
    return "\n".join(lines)


def markdown(figures: list[Figure]) -> str:
    """The same table in Markdown (for docs/performance.md)."""
    out = ["| " + " | ".join([*HEADER[:-1], "met?"]) + " |", "|" + "---|" * len(HEADER)]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows(figures)]
    return "\n".join(out)


def machine() -> dict[str, Any]:
    import os

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        # Other work on the machine inflates wall times; the load says how busy it was.
        "load_average_1_5_15min": [round(x, 2) for x in os.getloadavg()],
    }


def write_json(figures: list[Figure], path: Path, options: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "options": options,
        "figures": [f.as_dict() for f in figures],
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
