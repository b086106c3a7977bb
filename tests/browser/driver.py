"""Headless Debian Chromium for browser tests: offline flags and a record of every request."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, FrameLocator, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Every outside host fails fast, so "zero external requests" holds on any network.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


@dataclass
class Session:
    page: Page
    context: BrowserContext
    requests: list[str] = field(default_factory=list)

    @property
    def external_requests(self) -> list[str]:
        return [
            u
            for u in self.requests
            if urlsplit(u).scheme in ("http", "https", "ws", "wss")
            and urlsplit(u).hostname not in LOCAL_HOSTS
        ]


@contextmanager
def browser_session(width: int = 1600, height: int = 1000) -> Iterator[Session]:
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": width, "height": height},
        )
        session = Session(context.pages[0] if context.pages else context.new_page(), context)
        context.on("request", lambda r: session.requests.append(r.url))
        try:
            yield session
        finally:
            context.close()


def map_frame(page: Page) -> FrameLocator:
    """The streamlit-folium iframe, once Leaflet has drawn the country paths."""
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=60_000)
    frame = page.frame_locator("iframe[title*='streamlit_folium']").first
    frame.locator("path.country-NER").first.wait_for(timeout=60_000)
    return frame
