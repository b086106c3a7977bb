"""Map page: the choropleth, the partnership-shift chart, the facts behind the numbers."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard.charts import assemble
from dashboard.dataset import Dataset
from dashboard.maps import build_map_parts
from dashboard.metrics import supporting_facts
from dashboard.ui import chrome, loaders, tables
from dashboard.view import View

MAP_HEIGHT = 560


def render(dataset: Dataset, view: View) -> None:
    presenting = st.toggle(
        "Presentation mode",
        key="presentation",
        help="Hide the sidebar and menus for a clean screenshot",
    )
    if presenting:
        chrome.hide_chrome()
    st.title(f"Foreign security partners in the Sahel — {view.as_of:%B %Y}")
    latest = dataset.facts["date"].max()
    if pd.notna(latest) and pd.Timestamp(view.as_of_end) > latest:
        st.caption(
            f"The latest fact is dated {latest:%d %B %Y}; later months carry the last "
            "known state forward."
        )
    if not view.countries:
        st.info("Choose at least one country in the sidebar.")
        return
    base, layers = build_map_parts(dataset, view, st.session_state.get("basemap", False))
    # The layers travel as `feature_group_to_add`: a new month swaps them in the live map
    # instead of reloading the map (which would also lose the reader's pan and zoom).
    st_folium(
        base,
        feature_group_to_add=layers,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],
        key="choropleth",
    )
    shift, lanes = st.tabs(["Partnership shift", "Presence periods"])
    # Stable keys keep each chart's identity across reruns, so the browser updates it in
    # place (Plotly.react, ~40 ms) instead of drawing it anew (~250 ms) on every as-of step.
    for tab, kind in ((shift, "shift"), (lanes, "lanes")):
        figure = assemble(loaders.chart_parts(kind, dataset, view), view)
        tab.plotly_chart(figure, width="stretch", key=f"chart_{kind}", theme=None)
    if not presenting:
        _downloads(dataset, view)
        # A toggle, not an expander: a collapsed expander still builds and sends its table
        # on every month step.
        if st.toggle("Show the facts behind these numbers", key="show_support"):
            tables.show_facts(supporting_facts(dataset, view), key="supporting", height=320)


def _downloads(dataset: Dataset, view: View) -> None:
    # Imported here, after the map and charts are on screen: the exporters pull in
    # matplotlib, which would otherwise delay the first paint of the map.
    from dashboard import export

    exports = [
        ("map", "Map", export.map_image),
        ("chart", "Chart", export.chart_image),
        ("card", "Briefing card", export.briefing_card),
    ]
    st.caption("Slide-ready images of this view (16:9, title, date, legend, sources)")
    cols = st.columns(4)
    fmt = cols[3].selectbox(
        "Format", ["png", "svg", "pdf"], key="export_format", label_visibility="collapsed"
    )
    for col, (what, label, make) in zip(cols, exports, strict=False):
        col.download_button(
            label,
            data=functools.partial(make, view, fmt, dataset=dataset),
            file_name=export.export_filename(view, what, fmt),
            mime=_MIME[fmt],
            on_click="ignore",
            icon=":material/download:",
            key=f"download_{what}",
        )


_MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
