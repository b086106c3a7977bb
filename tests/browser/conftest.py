"""A real app server and a real headless Chromium, for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.assets import install_static_assets

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "browser" / "artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """The dashboard served by `streamlit run` on a free port, with its own empty store."""
    install_static_assets()
    port = _free_port()
    env = {**os.environ, "SAHEL_STORE_PATH": str(tmp_path_factory.mktemp("store") / "s.sqlite")}
    log = (tmp_path_factory.mktemp("server") / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail(f"the app did not start; see {log.name}")
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots land here so a person can look at what the tests saw."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
