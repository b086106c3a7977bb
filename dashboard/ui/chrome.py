"""Presentation mode: hide Streamlit's chrome so a manual screenshot is clean."""

import streamlit as st

_HIDE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
.block-container { padding-top: 1rem !important; }
</style>
"""


def hide_chrome() -> None:
    st.html(_HIDE)
