"""A separate writer process for the store's crash and concurrency tests.

    python tests/unit/store_writer.py URL --first 0 --count 1000 --batch 1 [--go FILE]

Adds facts numbered first..first+count-1, `batch` per transaction, and prints
``committed <id>`` (flushed) for each fact only after its transaction returned, so the
parent knows which facts were durably committed when it kills this process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from dashboard.models import Fact  # noqa: E402
from dashboard.store import FactStore  # noqa: E402

FIRST_DAY = dt.date(1900, 1, 1)  # long before any curated fact, so keys never collide


def numbered_fact(n: int) -> Fact:
    """Fact number n: a unique id and a unique day (China-Mauritania talks, one a day)."""
    day = FIRST_DAY + dt.timedelta(days=n)
    return Fact(
        id=f"test-{n:06d}",
        country="MRT",
        partner="CHN",
        event="talks",
        date=day.isoformat(),
        summary=f"Test fact number {n}.",
        source_url=f"https://example.org/articles/{n}",
        source_outlet="Example",
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--go", type=Path, help="wait until this file exists, then write")
    args = parser.parse_args()
    store = FactStore.open(args.url)
    print("ready", flush=True)
    while args.go and not args.go.exists():
        time.sleep(0.01)
    numbers = range(args.first, args.first + args.count)
    started = time.perf_counter()
    for start in range(0, len(numbers), args.batch):
        facts = [numbered_fact(n) for n in numbers[start : start + args.batch]]
        result = store.add(facts)
        if not result.ok:
            print("\n".join(str(p) for p in result.problems), file=sys.stderr)
            return 1
        sys.stdout.write("".join(f"committed {fact_id}\n" for fact_id in result.added))
        sys.stdout.flush()
    print(f"done {time.perf_counter() - started:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
