"""Browser timings in headless Chromium (Playwright): cold start and repaint after a step.

Cold start runs from `streamlit run` until Niger's path is drawn in the map iframe, with a
fresh browser profile each time (nothing cached). The baseline is a minimal folium +
streamlit-folium app with local Leaflet, built in a temp dir. The repaint is timed from a
click on the sidebar's "▶" until Niger's fill changes; its baseline is loading the same view
from its deep link.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from dashboard.bench.figures import Figure, at_most
from dashboard.paths import REPO_ROOT

SECTION = "browser"
COLD_TARGET_S = 2.5
REPAINT_TARGET_S = 0.300
# Niger's fill in the default metric changes between these months (France's withdrawal).
STEP_FROM, STEP_TO = "2023-11", "2023-12"
_FILL_JS = """() => {
  const frame = document.querySelector("iframe[title*='streamlit_folium']");
  const doc = frame && frame.contentDocument;
  const path = doc && doc.querySelector("path.country-NER");
  return path ? path.getAttribute("fill") : null;
}"""

REFERENCE_APP = """
import folium
import streamlit as st
from streamlit_folium import st_folium

GEOJSON = {geojson!r}
m = folium.Map(location=[16.5, 2.0], zoom_start=4, tiles=None)
folium.GeoJson(GEOJSON, style_function=lambda f: {{
    "fillColor": "#FD8D3C", "color": "#555", "weight": 1,
    "className": "country-" + f["properties"]["iso3"]}}).add_to(m)
for element in [m, *m._children.values()]:
    if hasattr(element, "default_js"):
        element.default_js = []
    if hasattr(element, "default_css"):
        element.default_css = []
m.default_js = [("leaflet", "/app/static/vendor/leaflet/leaflet.js")]
m.default_css = [("leaflet_css", "/app/static/vendor/leaflet/leaflet.css")]
st_folium(m, height=560, returned_objects=[])
"""
REFERENCE_CONFIG = """[server]
enableStaticServing = true
headless = true
[browser]
gatherUsageStats = false
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(
    script: Path, cwd: Path, port: int, env: dict[str, str]
) -> Iterator[subprocess.Popen[bytes]]:
    """`streamlit run script` on `port`; the process is stopped (by its own pid) on exit."""
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _goto_when_up(page: Any, url: str, deadline_s: float = 60.0) -> None:
    """Navigate as soon as the server accepts connections (polling, as a user would reload)."""
    end = time.monotonic() + deadline_s
    while True:
        try:
            page.goto(url, wait_until="commit", timeout=5_000)
            return
        except Exception:
            if time.monotonic() > end:
                raise
            time.sleep(0.02)


@functools.cache
def driver() -> ModuleType:
    """tests/browser/driver.py (offline Chromium flags, map_frame), loaded by path so the
    bench also runs from the `sahel-dashboard` entry point, where tests/ is not importable."""
    path = REPO_ROOT / "tests" / "browser" / "driver.py"
    spec = importlib.util.spec_from_file_location("_bench_browser_driver", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"{path} not found: the browser section needs a source checkout")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while executing it
    spec.loader.exec_module(module)
    return module


def cold_start(script: Path, cwd: Path, env: dict[str, str], path: str = "/") -> tuple[float, int]:
    """Seconds from `streamlit run` to the map drawn, and the server's peak RSS (bytes)."""
    browser_session, map_frame = driver().browser_session, driver().map_frame

    port = free_port()
    with browser_session() as session:
        start = time.perf_counter()
        with served(script, cwd, port, env) as proc:
            _goto_when_up(session.page, f"http://127.0.0.1:{port}{path}")
            map_frame(session.page)
            took = time.perf_counter() - start
            rss = peak_rss(proc.pid)
    return took, rss


def peak_rss(pid: int) -> int:
    """VmHWM of a process, in bytes (0 when unreadable)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def reference_app(directory: Path) -> Path:
    """The minimal folium + streamlit-folium app (local Leaflet), written into `directory`."""
    from dashboard.assets import install_static_assets
    from dashboard.geo import geojson_text

    install_static_assets(directory / "static")
    (directory / ".streamlit").mkdir(exist_ok=True)
    (directory / ".streamlit" / "config.toml").write_text(REFERENCE_CONFIG)
    script = directory / "reference_app.py"
    import json

    script.write_text(REFERENCE_APP.format(geojson=json.loads(geojson_text("web"))))
    return script


def repaint_times(env: dict[str, str], steps: int) -> tuple[list[float], list[float]]:
    """(step-button repaints, deep-link reloads) in seconds, alternating ▶ and ◀."""
    browser_session, map_frame = driver().browser_session, driver().map_frame

    port = free_port()
    base = f"http://127.0.0.1:{port}/?countries=NER"
    script = REPO_ROOT / "dashboard" / "app.py"
    clicks, reloads = [], []
    with served(script, REPO_ROOT, port, env), browser_session() as session:
        page = session.page
        _goto_when_up(page, f"{base}&as_of={STEP_FROM}")
        map_frame(page)
        sidebar = page.locator("[data-testid='stSidebar']")
        other = {STEP_FROM: STEP_TO, STEP_TO: STEP_FROM}
        shown = STEP_FROM
        for _ in range(steps):
            button = "▶" if shown == STEP_FROM else "◀"
            clicks.append(
                _timed_change(page, lambda b=button: sidebar.get_by_role("button", name=b).click())
            )
            shown = other[shown]
        for _ in range(steps):
            shown = other[shown]
            reloads.append(
                _timed_change(
                    page, lambda m=shown: page.goto(f"{base}&as_of={m}", wait_until="commit")
                )
            )
    return clicks, reloads


def _timed_change(page: Any, action: Any) -> float:
    """Seconds from `action()` until Niger's fill differs from what it was before."""
    before = page.evaluate(_FILL_JS)
    start = time.perf_counter()
    action()
    page.wait_for_function(
        f"() => {{ const f = ({_FILL_JS})(); return f && f !== {before!r}; }}",
        polling="raf",
        timeout=30_000,
    )
    return time.perf_counter() - start


def measure(runs: int, steps: int) -> list[Figure]:
    env = os.environ.copy()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        env["SAHEL_STORE_PATH"] = str(Path(tmp) / "bench-store.sqlite")
        from dashboard.assets import install_static_assets

        install_static_assets()
        ref_script = reference_app(Path(tmp))
        ours, ref, rss, ref_rss = [], [], [], []
        for _ in range(runs):  # interleaved, so drift on a busy machine hits both alike
            took, peak = cold_start(REPO_ROOT / "dashboard" / "app.py", REPO_ROOT, env)
            ours.append(took)
            rss.append(peak)
            ref_took, ref_peak = cold_start(ref_script, Path(tmp), env)
            ref.append(ref_took)
            ref_rss.append(ref_peak)
        cold, ref_cold = statistics.median(ours), statistics.median(ref)
        figures.append(
            Figure(
                SECTION,
                f"cold start to map visible (median of {runs})",
                cold,
                "s",
                ref_cold,
                "minimal folium + streamlit-folium app, local Leaflet",
                f"<= {COLD_TARGET_S} s",
                at_most(cold, COLD_TARGET_S),
            )
        )
        clicks, reloads = repaint_times(env, steps)
        p50 = statistics.median(clicks)
        figures.append(
            Figure(
                SECTION,
                f"as-of step ▶/◀ until map repainted (p50 of {steps})",
                p50,
                "s",
                statistics.median(reloads),
                "reload the view from its deep link",
                f"<= {REPAINT_TARGET_S * 1000:.0f} ms p50",
                at_most(p50, REPAINT_TARGET_S),
                note=f"max {max(clicks):.3f} s",
            )
        )
    figures.append(
        Figure(
            "memory",
            "server peak RSS after the default view (VmHWM)",
            statistics.median(rss),
            "bytes",
            statistics.median(ref_rss),
            "the minimal reference app's server, map shown",
            note="measured on the live streamlit servers of the cold-start runs",
        )
    )
    return figures
