"""Facts page: every fact in the current filters, with sources and downloads."""

from __future__ import annotations

import streamlit as st

from dashboard.dataset import Dataset
from dashboard.tables import table_csv, table_geojson
from dashboard.ui.tables import show_facts
from dashboard.view import View


def render(dataset: Dataset, view: View) -> None:
    st.title("Facts")
    frame = dataset.view_facts(view)
    st.caption(
        f"{len(frame)} fact(s) for {', '.join(view.countries) or 'no country'}, "
        f"{view.start:%b %Y} – {view.end:%b %Y}. Undated facts are always listed."
    )
    for problem in dataset.problems:
        st.error(problem)
    table = show_facts(frame, key="facts_table")
    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        table_csv(table),
        "sahel_facts_view.csv",
        "text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        "Download GeoJSON",
        lambda: table_geojson(table),
        "sahel_facts_view.geojson",
        "application/geo+json",
        on_click="ignore",
        icon=":material/download:",
    )
