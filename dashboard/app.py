"""Entrypoint: page config, the shared sidebar, and the page router. No logic lives here."""

from pathlib import Path

import streamlit as st

from dashboard.ui import facts_page, filters, loaders, map_page, method_page, review_page

ICON = Path(__file__).parent / "ui" / "icon.png"
st.set_page_config(
    # A local icon: a ":material/…:" or emoji favicon makes the browser fetch it from a CDN.
    page_title="Sahel Partnerships", page_icon=str(ICON), layout="wide",
    initial_sidebar_state="expanded",
)
dataset = loaders.dataset()
view = filters.sidebar(dataset)
pages = [
    st.Page(lambda: map_page.render(dataset, view), title="Map", icon=":material/map:",
            url_path="map", default=True),
    st.Page(lambda: facts_page.render(dataset, view), title="Facts",
            icon=":material/table:", url_path="facts"),
    st.Page(lambda: review_page.render(dataset), title="Review articles",
            icon=":material/article:", url_path="review"),
    st.Page(method_page.render, title="Method", icon=":material/menu_book:", url_path="method"),
]
st.navigation(pages).run()
