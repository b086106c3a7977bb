"""The benchmark command runs end to end on tiny inputs (the real numbers live in
docs/performance.md; benchmarks are kept out of the test suite on purpose)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from dashboard.paths import REPO_ROOT

SECTIONS = {"map payload", "rerun", "export", "extraction", "memory"}


def test_bench_quick_runs_and_writes_every_section(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.bench", "--quick", "--skip-browser", "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert time.perf_counter() - start < 20
    figures = json.loads(out.read_text())["figures"]
    assert {f["section"] for f in figures} >= SECTIONS
    for figure in figures:
        # Every figure was measured, or says why not; each measured one has its baseline.
        assert figure["value"] is not None or figure["note"].startswith("unavailable"), figure
    assert "baseline" in done.stdout and "better by" in done.stdout
