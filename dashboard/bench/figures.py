"""One measured figure with its baseline, and the median-of-runs timer every section uses."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    """A measurement next to its naive baseline, both taken in the same run.

    `lower_is_better` decides the ratio's direction, so "x times better" always reads > 1
    when ours wins. `met` is None when the figure has no target or could not be measured.
    """

    section: str
    name: str
    value: float | None
    unit: str
    baseline: float | None
    baseline_label: str
    target: str = ""
    met: bool | None = None
    lower_is_better: bool = True
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """How many times better than the baseline (> 1 = better)."""
        if not self.value or not self.baseline:
            return None
        return self.baseline / self.value if self.lower_is_better else self.value / self.baseline

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ratio": self.ratio}


def unavailable(section: str, name: str, why: str) -> Figure:
    """A figure that could not be measured, with the reason in its note."""
    return Figure(section, name, None, "", None, "", note=f"unavailable: {why}")


def median_seconds(fn: Callable[[], object], runs: int, warmup: int = 0) -> float:
    """Median wall time of `runs` calls of `fn`, after `warmup` unmeasured calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def at_least(value: float | None, limit: float) -> bool | None:
    return None if value is None else value >= limit
