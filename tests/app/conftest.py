"""AppTest fixtures: the real app script against a throwaway fact store."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def store_env(tmp_path, monkeypatch):
    """Each test gets its own empty SQLite store, so user facts never leak between tests."""
    monkeypatch.setenv("SAHEL_STORE_PATH", str(tmp_path / "store.sqlite"))
    import dashboard.ui.loaders as loaders

    loaders.store.clear()
    loaders.refresh_dataset()
    yield tmp_path
    loaders.store.clear()


@pytest.fixture
def app(store_env):
    """A fresh AppTest of the entrypoint (the Map page is the default)."""
    return AppTest.from_file(APP, default_timeout=60)
