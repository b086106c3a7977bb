"""Show a facts frame as a table with safe source links."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.tables import facts_table


def show_facts(frame: pd.DataFrame, key: str, height: int = 560) -> pd.DataFrame:
    """Render the table; returns exactly what is shown (for the downloads)."""
    table = facts_table(frame)
    st.dataframe(
        table,
        key=key,
        hide_index=True,
        height=height,
        width="stretch",
        column_config={
            "source_url": st.column_config.LinkColumn("source", display_text="open ↗"),
            "source_text": st.column_config.TextColumn("source (not a web link)"),
            "troops": st.column_config.NumberColumn("troops", format="%d"),
            "summary": st.column_config.TextColumn("summary", width="large"),
            "origin": st.column_config.TextColumn("origin", help="curated dataset or user-added"),
        },
    )
    return table
