"""One warm headless Chromium for plotly figure -> PNG/SVG/PDF bytes (kaleido 1.x).

Why not `kaleido.start_sync_server`: when Chromium is missing or broken, its server thread
dies on start-up but still reports itself running, and the next call waits forever on a
queue. Here the Kaleido object lives on our own event-loop thread and every step (start,
render) has a deadline, so a broken browser becomes `RendererUnavailable` with a readable
message within seconds, never a hang. After a failure the renderer stays marked broken so
a batch of 40 images does not wait 40 times; `reset_renderer()` clears that.

The browser is the system one: `BROWSER_PATH` when set, else kaleido's own lookup
(/usr/bin/chromium on Debian). MathJax is off (it would come from a CDN).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

START_TIMEOUT_S = 20.0
RENDER_TIMEOUT_S = 20.0
DEFAULT_BROWSER = "/usr/bin/chromium"


class RendererUnavailable(RuntimeError):
    """The browser-based renderer cannot be used; the message says why and what to do."""


def browser_path() -> str:
    """The Chromium kaleido will launch: BROWSER_PATH, else /usr/bin/chromium if present."""
    return os.environ.get("BROWSER_PATH") or shutil.which("chromium") or DEFAULT_BROWSER


def _check_browser(path: str) -> None:
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        raise RendererUnavailable(
            f"Chromium not found at {path!r} (from BROWSER_PATH or /usr/bin/chromium). "
            "Install Debian's chromium (apt-get install chromium) or point BROWSER_PATH at "
            "a working Chromium; images fall back to the matplotlib renderer."
        )


def _kill_browser(kal: Any) -> None:
    """Kill the browser process group kaleido started (its own session), if still running."""
    process = getattr(kal, "subprocess", None)
    if process is None or process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 0.5), (signal.SIGKILL, 3.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


class WarmRenderer:
    """A Kaleido browser kept open on a background event loop."""

    def __init__(
        self, start_timeout: float = START_TIMEOUT_S, render_timeout: float = RENDER_TIMEOUT_S
    ) -> None:
        self.start_timeout = start_timeout
        self.render_timeout = render_timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._error: RendererUnavailable | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        """Open the browser once; raise RendererUnavailable (and remember it) on failure."""
        with self._lock:
            if self._error is not None:
                raise self._error
            if self._kaleido is not None:
                return
            try:
                self._start()
            except RendererUnavailable as err:
                self._error = err
                self._shutdown()
                raise

    def _start(self) -> None:
        path = browser_path()
        _check_browser(path)
        try:
            import kaleido
        except ImportError as err:  # pragma: no cover - kaleido is a dependency
            raise RendererUnavailable("kaleido is not installed: pip install 'kaleido>=1'") from err
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido-loop", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread

        opening: list[Any] = []  # the Kaleido being opened, so a timeout can kill its process

        async def open_browser() -> Any:
            k = kaleido.Kaleido(n=1, mathjax=False, timeout=self.render_timeout)
            opening.append(k)
            await k.open()
            return k

        future = asyncio.run_coroutine_threadsafe(open_browser(), loop)
        try:
            self._kaleido = future.result(timeout=self.start_timeout)
        except FutureTimeout:
            # Kill the stuck browser: open() then fails fast and its error is collected here,
            # instead of lingering as an unretrieved task exception.
            if opening:
                _kill_browser(opening[0])
            with contextlib.suppress(Exception):
                future.result(timeout=5)
            future.cancel()
            raise RendererUnavailable(
                f"Chromium at {path!r} did not start within {self.start_timeout:.0f} s; "
                "check that it runs headless (chromium --headless --version)."
            ) from None
        except Exception as err:
            if opening:
                _kill_browser(opening[0])
            raise RendererUnavailable(
                f"Chromium at {path!r} could not be started by kaleido: {type(err).__name__}: {err}"
            ) from err

    def render(self, fig: Any, fmt: str, width: int, height: int, scale: float = 1.0) -> bytes:
        """Figure -> image bytes in `fmt` (png, svg, pdf)."""
        self.start()
        assert self._loop is not None
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        future = asyncio.run_coroutine_threadsafe(
            self._kaleido.calc_fig(fig, opts=opts), self._loop
        )
        try:
            return bytes(future.result(timeout=self.render_timeout + 5))
        except FutureTimeout:
            future.cancel()
            self._fail(f"rendering took longer than {self.render_timeout:.0f} s")
        except Exception as err:
            self._fail(f"{type(err).__name__}: {err}")
        raise AssertionError("unreachable")  # pragma: no cover

    def _fail(self, why: str) -> None:
        err = RendererUnavailable(f"Chromium renderer failed: {why}")
        with self._lock:
            self._error = err
            self._shutdown()
        raise err

    def close(self) -> None:
        with self._lock:
            self._shutdown()
            self._error = None

    def _shutdown(self) -> None:
        loop, kal = self._loop, self._kaleido
        self._kaleido = None
        if loop is None:
            return
        if kal is not None:
            # Closing a broken browser is best effort: the failure was already reported.
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(kal.close(), loop).result(timeout=5)
            _kill_browser(kal)  # no-op when close() worked; a hung browser must not linger
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._loop, self._thread = None, None


_shared: WarmRenderer | None = None
_shared_lock = threading.Lock()


def shared_renderer() -> WarmRenderer:
    """The process-wide warm renderer (created lazily; the browser opens on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = WarmRenderer()
        return _shared


def reset_renderer() -> None:
    """Close the shared browser and forget any failure (e.g. after fixing BROWSER_PATH)."""
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.close()
        _shared = None
