"""Where the product's files live, relative to the installed package."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
GEODATA_DIR = REPO_ROOT / "geodata"
FACTS_CSV = GEODATA_DIR / "sahel_facts.csv"
PARTNERS_CSV = GEODATA_DIR / "partners.csv"
# Served by Streamlit at /app/static/ (server.enableStaticServing); filled from installed
# packages at start-up, never committed (see dashboard/assets.py).
STATIC_DIR = PACKAGE_DIR / "static"
