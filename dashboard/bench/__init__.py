"""`sahel-dashboard bench` (or `python -m dashboard.bench`): every performance figure, each
next to a naive baseline measured in the same run, as a table and a JSON file.

Sections: map payload, rerun cost (bundled data and synthetic 10k/100k/1M facts), browser
timings (headless Chromium), briefing-card export, extraction throughput, peak memory.
See docs/performance.md for the latest numbers and what each baseline is.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from dashboard.bench.figures import Figure, unavailable
from dashboard.paths import REPO_ROOT

SECTIONS = ("payload", "rerun", "browser", "export", "extraction", "memory")
DEFAULT_OUT = REPO_ROOT / "bench-results" / "latest.json"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("bench", help="measure performance against naive baselines")
    add_arguments(parser)
    parser.set_defaults(handler=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny inputs and few repeats (the smoke test); numbers are rough",
    )
    parser.add_argument("--skip-browser", action="store_true", help="no headless Chromium")
    parser.add_argument("--only", default="", help=f"comma-separated subset of {SECTIONS}")
    parser.add_argument("--runs", type=int, default=0, help="repeats per timing (median)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")


def run(args: argparse.Namespace) -> int:
    from dashboard.bench import report

    chosen = [s for s in (args.only.split(",") if args.only else SECTIONS) if s]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        print(f"unknown section(s) {unknown}; choose from {', '.join(SECTIONS)}")
        return 2
    if args.skip_browser and "browser" in chosen:
        chosen.remove("browser")
    plan = Plan.quick() if args.quick else Plan.full()
    if args.runs:
        plan.runs = args.runs
    figures: list[Figure] = []
    for section in chosen:
        start = time.perf_counter()
        print(f"… {section}", flush=True)
        figures.extend(_guarded(section, MEASURE[section], plan))
        print(f"  {section} took {time.perf_counter() - start:.1f} s", flush=True)
    print()
    print(report.table(figures))
    report.write_json(
        figures, args.out, {"quick": args.quick, "sections": chosen, "runs": plan.runs}
    )
    print(f"\nwrote {args.out}")
    if args.markdown:
        args.markdown.write_text(report.markdown(figures) + "\n", encoding="utf-8")
    return 0


class Plan:
    """How big and how often: full runs for the report, quick ones for the smoke test."""

    def __init__(
        self,
        runs: int,
        sizes: list[tuple[str, int]],
        browser_runs: int,
        steps: int,
        articles: int,
        memory_facts: int,
        naive_page_limit: int,
    ):
        self.runs, self.sizes, self.browser_runs, self.steps = runs, sizes, browser_runs, steps
        self.articles, self.memory_facts = articles, memory_facts
        self.naive_page_limit = naive_page_limit

    @classmethod
    def full(cls) -> Plan:
        sizes = [("bundled", 0), ("10k", 10_000), ("100k", 100_000), ("1M", 1_000_000)]
        return cls(5, sizes, 3, 7, 1000, 1_000_000, 100_000)

    @classmethod
    def quick(cls) -> Plan:
        return cls(2, [("bundled", 0), ("2k", 2_000)], 1, 2, 25, 2_000, 2_000)


def _guarded(section: str, measure: Callable[[Plan], list[Figure]], plan: Plan) -> list[Figure]:
    """A section that fails reports why instead of ending the whole run."""
    try:
        return measure(plan)
    except Exception as err:
        return [unavailable(section, section, f"{type(err).__name__}: {err}")]


def _payload(plan: Plan) -> list[Figure]:
    from dashboard.bench import payload
    from dashboard.dataset import load_curated_dataset

    return payload.measure(load_curated_dataset(), REPO_ROOT / "bench-results" / "cache")


def _rerun(plan: Plan) -> list[Figure]:
    from dashboard.bench import rerun

    sizes = [rerun.Size(label, n) for label, n in plan.sizes]
    figures = rerun.measure(sizes, plan.runs, plan.naive_page_limit)
    growth = rerun.growth_figure(figures)
    return [*figures, growth] if growth else figures


def _browser(plan: Plan) -> list[Figure]:
    from dashboard.bench import browser

    return browser.measure(plan.browser_runs, plan.steps)


def _export(plan: Plan) -> list[Figure]:
    from dashboard.bench import sections

    return sections.export_figures(plan.runs)


def _extraction(plan: Plan) -> list[Figure]:
    from dashboard.bench import sections

    return [sections.extraction_figure(plan.articles)]


def _memory(plan: Plan) -> list[Figure]:
    from dashboard.bench import sections

    return sections.memory_figures(plan.memory_facts)


MEASURE: dict[str, Callable[[Plan], list[Figure]]] = {
    "payload": _payload,
    "rerun": _rerun,
    "browser": _browser,
    "export": _export,
    "extraction": _extraction,
    "memory": _memory,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.bench", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))
