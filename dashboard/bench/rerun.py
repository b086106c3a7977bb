"""Rerun cost: the server work of one script rerun after a filter change, at growing sizes."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.bench import naive
from dashboard.bench.figures import Figure, at_most, median_seconds
from dashboard.bench.synthetic import synthetic_dataset
from dashboard.dataset import Dataset, load_curated_dataset
from dashboard.timeline import state_at
from dashboard.view import FIRST_MONTH, View

SECTION = "rerun"
PAGE_TARGET_S = 0.100
ASOF_1M_TARGET_S = 1.0


@dataclass(frozen=True)
class Size:
    label: str
    n_facts: int  # 0 = the bundled dataset


def page_parts(
    dataset: Dataset, view: View, chart_cache: dict[object, object] | None = None
) -> dict[str, Callable[[], object]]:
    """The work the map page does on a rerun, as separately timed steps.

    Like the page (ui/loaders.chart_parts), chart traces are kept per view without its
    as-of month when `chart_cache` is given: an as-of step only redraws the as-of line.
    Both charts are serialised to JSON, as st.plotly_chart does. The supporting-facts table
    is opt-in on the page (a toggle), so it is timed separately (`facts_table_opt_in`) and
    left out of the rerun total.
    """
    from dashboard.charts import assemble, shift_chart_parts, swimlane_parts
    from dashboard.maps import build_map
    from dashboard.metrics import country_metrics

    def charts() -> object:
        key = replace(view, as_of=FIRST_MONTH)
        cache = {} if chart_cache is None else chart_cache
        if key not in cache:
            cache[key] = (shift_chart_parts(dataset, view), swimlane_parts(dataset, view))
        parts = cache[key]
        assert isinstance(parts, tuple)
        return [assemble(p, view).to_json() for p in parts]

    return {
        "country_metrics": lambda: country_metrics(dataset, view),
        "map_render": lambda: build_map(dataset, view).get_root().render(),
        "charts": charts,
    }


def opt_in_parts(dataset: Dataset, view: View) -> dict[str, Callable[[], object]]:
    """Work the page does only when the reader asks for it."""
    from dashboard.metrics import supporting_facts
    from dashboard.tables import facts_table

    return {"facts_table_opt_in": lambda: facts_table(supporting_facts(dataset, view))}


def page_seconds(
    dataset: Dataset, view: View, runs: int, keep_charts: bool = True
) -> tuple[float, dict[str, float]]:
    """Median total over runs, and the median of each part (warm: one unmeasured run).

    Every run steps the view one month back, as the ◀ button does, so a cache keyed by the
    view could not make a repeated run look cheaper than a real filter change.
    """
    # Without keep_charts every run rebuilds the charts, as a change of countries, range,
    # partners or events does.
    chart_cache: dict[object, object] | None = {} if keep_charts else None
    for fn in page_parts(dataset, view, chart_cache).values():
        fn()
    totals: list[float] = []
    per_part: dict[str, list[float]] = {}
    cpu: list[float] = []
    for _ in range(runs):
        view = filter_change(view)
        total = 0.0
        cpu_start = time.process_time()
        for name, fn in page_parts(dataset, view, chart_cache).items():
            start = time.perf_counter()
            fn()
            took = time.perf_counter() - start
            per_part.setdefault(name, []).append(took)
            total += took
        cpu.append(time.process_time() - cpu_start)
        totals.append(total)
        for name, fn in opt_in_parts(dataset, view).items():  # reported, not in the total
            start = time.perf_counter()
            fn()
            per_part.setdefault(name, []).append(time.perf_counter() - start)
    # CPU time of this process is less disturbed by other work on a shared machine.
    per_part["cpu_total"] = cpu
    return _median(totals), {name: _median(v) for name, v in per_part.items()}


def _median(values: list[float]) -> float:
    return float(pd.Series(values).median())


def filter_change(view: View) -> View:
    """The rerun being timed: the map stepped to the previous month (the ◀ button)."""
    month = view.as_of.month - 1 or 12
    year = view.as_of.year - (view.as_of.month == 1)
    return view.with_as_of(view.as_of.replace(year=year, month=month))


def measure(sizes: list[Size], runs: int, naive_page_limit: int) -> list[Figure]:
    figures: list[Figure] = []
    view = filter_change(View())
    for size in sizes:
        dataset = load_curated_dataset() if size.n_facts == 0 else synthetic_dataset(size.n_facts)
        figures.extend(_measure_size(size, dataset, view, runs, naive_page_limit))
    return figures


def _measure_size(
    size: Size, dataset: Dataset, view: View, runs: int, naive_page_limit: int
) -> list[Figure]:
    n = len(dataset.facts)
    records = naive.records(dataset.facts)
    at = view.as_of_end
    # Fewer repeats where one naive run takes seconds; the median is still over >= 1 run.
    slow_runs = max(1, runs if n <= 100_000 else 1)
    asof = median_seconds(lambda: state_at(dataset.presence, pd.Timestamp(at)), runs, warmup=1)
    naive_asof = median_seconds(lambda: naive.naive_state_at(records, at), slow_runs)
    agree = naive.same_state(
        state_at(dataset.presence, pd.Timestamp(at)), naive.naive_state_at(records, at)
    )
    build = median_seconds(lambda: _rebuild_presence(dataset), slow_runs)
    asof_target = f"<= {ASOF_1M_TARGET_S:g} s" if n >= 1_000_000 else ""
    out = [
        Figure(
            SECTION,
            f"as-of state, {size.label} ({n:,} facts)",
            asof,
            "s",
            naive_asof,
            "naive_state_at: Python loop over all facts",
            asof_target,
            at_most(asof, ASOF_1M_TARGET_S) if asof_target else None,
            note=f"same state as naive: {'yes' if agree else 'NO'}; presence precompute "
            f"(once per dataset, cached) {build:.3f} s",
        ),
    ]
    total, parts = page_seconds(dataset, view, runs if n <= 100_000 else max(1, runs // 2))
    naive_total = None
    if n <= naive_page_limit:
        naive_total = median_seconds(lambda: naive.naive_page(records, view), slow_runs)
    breakdown = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in parts.items())
    page_target = f"<= {PAGE_TARGET_S * 1000:.0f} ms" if n <= 100_000 else ""
    out.append(
        Figure(
            SECTION,
            f"page rerun, {size.label} ({n:,} facts)",
            total,
            "s",
            naive_total,
            "naive_page: loops for state, totals, monthly series, support (no rendering)"
            if naive_total is not None
            else f"naive page skipped above {naive_page_limit:,} facts",
            page_target,
            at_most(total, PAGE_TARGET_S) if page_target else None,
            note=breakdown,
        )
    )
    if n <= 100_000:
        rebuilt, rebuilt_parts = page_seconds(dataset, view, runs, keep_charts=False)
        out.append(
            Figure(
                SECTION,
                f"page rerun, charts rebuilt (country/range change), {size.label}",
                rebuilt,
                "s",
                naive_total,
                "naive_page (as above)" if naive_total is not None else "",
                page_target,
                at_most(rebuilt, PAGE_TARGET_S) if page_target else None,
                note=", ".join(f"{k} {v * 1000:.0f} ms" for k, v in rebuilt_parts.items()),
            )
        )
    return out


def _rebuild_presence(dataset: Dataset) -> object:
    from dashboard.timeline import presence_frame

    return presence_frame(dataset.facts)


def growth_figure(figures: list[Figure]) -> Figure | None:
    """Worst step in per-fact page cost between consecutive sizes from 10k facts up
    (<= 1 means each 10x more facts costs at most 10x more time: no worse than linear)."""
    sizes = {}
    for f in figures:
        if f.name.startswith("page rerun") and "rebuilt" not in f.name and f.value:
            count = int(f.name.split("(")[1].split()[0].replace(",", ""))
            sizes[count] = f.value
    counts = sorted(c for c in sizes if c >= 10_000)
    if len(counts) < 2:
        return None
    steps = {(lo, hi): (sizes[hi] / hi) / (sizes[lo] / lo) for lo, hi in itertools.pairwise(counts)}
    worst = max(steps.values())
    detail = ", ".join(f"{a:,}->{b:,}: {r:.2f}" for (a, b), r in steps.items())
    return Figure(
        SECTION,
        "growth: worst per-fact cost ratio between sizes",
        worst,
        "x",
        1.0,
        "linear scaling",
        "<= 1 (no worse than linear)",
        worst <= 1.0,
        note=f"per-fact cost ratios {detail}",
    )
