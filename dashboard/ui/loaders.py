"""Cached loaders: the only place the UI reads data. Shared objects are never mutated."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from dashboard.charts import ChartParts
from dashboard.dataset import Dataset, build_dataset
from dashboard.facts import LoadResult, load_facts
from dashboard.store import FactStore
from dashboard.view import FIRST_MONTH, View


def _secrets() -> dict[str, Any]:
    """st.secrets as a plain dict; an absent secrets.toml is normal, not an error."""
    try:
        return st.secrets.to_dict()
    except Exception:
        return {}


@st.cache_resource(show_spinner=False)
def curated() -> LoadResult:
    """The shipped dataset, read and validated once per server."""
    return load_facts()


@st.cache_resource(show_spinner=False)
def store() -> FactStore:
    return FactStore.open(secrets=_secrets(), curated=curated().facts)


def revision() -> int:
    """Changes when facts are added to the store (by any session)."""
    return store().count()


@st.cache_resource(show_spinner=False)
def _dataset(revision: int) -> Dataset:
    user = [s.fact for s in store().all()]
    problems = [str(p) for p in curated().problems]
    return build_dataset(curated().facts, user, problems=problems)


def dataset() -> Dataset:
    """Curated plus stored facts; rebuilt when the store's row count changes (another
    session wrote) or when this session writes (`refresh_dataset`)."""
    return _dataset(revision())


def refresh_dataset() -> None:
    _dataset.clear()
    _chart_parts.clear()


@st.cache_resource(show_spinner=False, max_entries=64)
def _chart_parts(
    kind: str, view_key: str, revision: int, _dataset: Dataset, _view: View
) -> ChartParts:
    from dashboard import charts

    build = charts.shift_chart_parts if kind == "shift" else charts.swimlane_parts
    return build(_dataset, _view)


def chart_parts(kind: str, dataset: Dataset, view: View) -> ChartParts:
    """A chart's traces and layout, kept across as-of steps (the month only moves the line)."""
    key = replace(view, as_of=FIRST_MONTH).query_string()
    return _chart_parts(kind, key, revision(), dataset, view)
