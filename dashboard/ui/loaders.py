"""Cached loaders: the only place the UI reads data. Shared objects are never mutated."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.dataset import Dataset, build_dataset
from dashboard.facts import load_facts
from dashboard.geo import load_layer
from dashboard.store import FactStore


def _secrets() -> dict[str, Any]:
    """st.secrets as a plain dict; an absent secrets.toml is normal, not an error."""
    try:
        return st.secrets.to_dict()
    except Exception:
        return {}


@st.cache_resource(show_spinner=False)
def store() -> FactStore:
    return FactStore.open(secrets=_secrets())


@st.cache_resource(show_spinner=False)
def _dataset(revision: int) -> Dataset:
    curated = load_facts()
    user = [s.fact for s in store().all()]
    return build_dataset(curated.facts, user, problems=[str(p) for p in curated.problems])


def dataset() -> Dataset:
    """Curated plus stored facts; rebuilt when the store's row count changes (another
    session wrote) or when this session writes (`refresh_dataset`)."""
    return _dataset(store().count())


def refresh_dataset() -> None:
    _dataset.clear()


@st.cache_resource(show_spinner=False)
def print_layer() -> Any:
    return load_layer("print")
