"""The local Leaflet JS/CSS the map needs, copied from installed packages (no CDN).

Streamlit serves `dashboard/static/` at `/app/static/` (server.enableStaticServing), and the
folium map is pointed at those URLs. The folder is filled from the `xstatic-leaflet` wheel at
start-up and is git-ignored: no third-party code is committed to the repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from dashboard.paths import STATIC_DIR

STATIC_URL = "/app/static"
VENDOR = "vendor/leaflet"
LEAFLET_JS = f"{STATIC_URL}/{VENDOR}/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/{VENDOR}/leaflet.css"
_FILES = ("leaflet.js", "leaflet.css")


def leaflet_source_dir() -> Path:
    """Where the installed xstatic-leaflet package keeps leaflet.js."""
    try:
        import xstatic.pkg.leaflet as xleaflet
    except ImportError as err:  # pragma: no cover - a broken install
        raise RuntimeError(
            "xstatic-leaflet is not installed; run `pip install -e .` to get the map assets"
        ) from err
    return Path(xleaflet.BASE_DIR)


def install_static_assets(target: Path = STATIC_DIR) -> Path:
    """Copy Leaflet (JS, CSS, marker images) into the static folder; cheap when up to date."""
    source = leaflet_source_dir()
    dest = target / VENDOR
    dest.mkdir(parents=True, exist_ok=True)
    for name in _FILES:
        _copy_if_changed(source / name, dest / name)
    if (source / "images").is_dir():
        shutil.copytree(source / "images", dest / "images", dirs_exist_ok=True)
    return dest


def _copy_if_changed(src: Path, dst: Path) -> None:
    if dst.exists() and dst.stat().st_size == src.stat().st_size:
        return
    tmp = dst.with_suffix(dst.suffix + ".tmp")
    shutil.copyfile(src, tmp)
    tmp.replace(dst)  # atomic: a concurrent server start never serves half a file
