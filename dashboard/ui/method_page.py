"""Method page: definitions, the presence rule, sources, limits and extraction scores."""

import streamlit as st

from dashboard.docs import readme_section


def render() -> None:
    st.title("Method")
    for section in ("Method", "Data provenance", "Field dictionary"):
        body = readme_section(section)
        if body:
            if section != "Method":
                st.header(section)
            st.markdown(body)
