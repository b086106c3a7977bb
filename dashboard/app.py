"""Entrypoint: page config, the shared sidebar, and the page router. No logic lives here."""

from pathlib import Path

import streamlit as st

from dashboard.ui import filters, loaders

UI = Path(__file__).parent / "ui"
# A local icon: a ":material/…:" or emoji favicon makes the browser fetch it from a CDN.
st.set_page_config(
    page_title="Sahel Partnerships",
    page_icon=str(UI / "icon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)
filters.sidebar(loaders.dataset())
# Page paths are relative to this script, as st.Page resolves them.
pages = [
    st.Page("ui/pages/map.py", title="Map", icon=":material/map:", url_path="map", default=True),
    st.Page("ui/pages/facts.py", title="Facts", icon=":material/table:", url_path="facts"),
    st.Page(
        "ui/pages/review.py", title="Review articles", icon=":material/article:", url_path="review"
    ),
    st.Page("ui/pages/method.py", title="Method", icon=":material/menu_book:", url_path="method"),
]
st.navigation(pages).run()
