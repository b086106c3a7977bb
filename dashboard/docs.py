"""Sections of the README shown in the app, so the Method page and the README never differ."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.paths import REPO_ROOT

README = REPO_ROOT / "README.md"


def readme_section(title: str, path: Path = README) -> str:
    """The markdown of `## title` up to the next `## ` heading; empty when absent."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    match = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match.group(1).strip() if match else ""
