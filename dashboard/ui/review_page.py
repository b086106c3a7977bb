"""Review page: paste or upload an article, review the candidate facts, keep the good ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.dataset import Dataset
from dashboard.ingest import (
    ACTIONS,
    Source,
    UploadError,
    candidates_frame,
    check_pasted,
    highlight_quote,
    read_upload,
    rows_to_facts,
)
from dashboard.models import Event
from dashboard.store import FactStore
from dashboard.ui import loaders


def render(dataset: Dataset) -> None:
    # Imported here: the extractor pulls in dateparser and trafilatura, which would slow
    # every cold start of the map page for a feature used once a week.
    from dashboard.extraction import article_text, detect_published, extract

    st.title("Review articles")
    st.caption(
        "Paste or upload an article. Candidate facts are proposed with their supporting "
        "sentence; accept, edit, merge or reject each, then save."
    )
    store_transfer()
    source = _source_inputs()
    text = _article_input(article_text)
    if text is not None and st.button("Extract candidate facts", type="primary"):
        if source.published is None:
            source = replace(source, published=detect_published(text, source.url or None))
        candidates = extract(text, published=source.published, url=source.url or None)
        st.session_state["review_rows"] = candidates_frame(candidates, dataset.facts)
        st.session_state["review_source"] = source
    rows = st.session_state.get("review_rows")
    if rows is None:
        return
    used = st.session_state.get("review_source")
    if used is not None:
        st.caption(
            f"Relative dates resolved against the publication date {used.published:%d %B %Y}."
            if used.published
            else "No publication date given or found: relative dates are left empty."
        )
    if rows.empty:
        st.info("No candidate facts found in this article.")
        return
    _quotes(rows)
    edited = st.data_editor(
        rows,
        key="review_editor",
        hide_index=False,
        width="stretch",
        disabled=["duplicate_of", "confidence", "reason", "quote"],
        column_config={
            "action": st.column_config.SelectboxColumn("action", options=ACTIONS, required=True),
            "event": st.column_config.SelectboxColumn("event", options=[e.value for e in Event]),
            "troops": st.column_config.NumberColumn("troops", min_value=0, step=1),
            "quote": st.column_config.TextColumn("quote", width="large"),
        },
    )
    if st.button("Save accepted and merged rows", icon=":material/save:"):
        _save(edited, dataset, st.session_state.get("review_source", source))


def _source_inputs() -> Source:
    with st.expander("Article source", expanded=True):
        left, right = st.columns(2)
        url = left.text_input("URL", key="src_url")
        outlet = right.text_input("Outlet", key="src_outlet")
        title = left.text_input("Title", key="src_title")
        published = right.date_input(
            "Published (leave empty to detect)",
            value=None,
            key="src_published",
            max_value=dt.date.today(),
        )
    return Source(url.strip(), outlet.strip(), title.strip(), published)


def _article_input(article_text: Callable[[str, str], str]) -> str | None:
    pasted, uploaded = st.tabs(["Paste", "Upload"])
    text = pasted.text_area("Article text", height=200, key="article_text")
    upload = uploaded.file_uploader("Article file", type=["txt", "html", "htm", "md"])
    try:
        if upload is not None:
            raw, kind = read_upload(upload.name, upload.getvalue())
            return article_text(raw, kind)
        return check_pasted(text) if text else None
    except UploadError as err:
        st.error(str(err), icon=":material/error:")
        return None


def _quotes(rows: pd.DataFrame) -> None:
    with st.expander("Supporting sentences (matched words highlighted)", expanded=True):
        for index, row in rows.iterrows():
            marked = highlight_quote(str(row["quote"]), _cue_words(row))
            st.html(f"<p><b>{index}</b> · {marked}</p>")


def _cue_words(row: pd.Series) -> list[str]:
    """The words the extractor matched, quoted in its reason ("cue 'revoked an agreement'");
    bare codes such as 'FRA' are skipped, since they would light up inside 'France'."""
    return [w for w in str(row["reason"]).split("'")[1::2] if len(w) > 2 and not w.isupper()]


def _save(edited: pd.DataFrame, dataset: Dataset, source: Source) -> None:
    store = loaders.store()
    keep = edited[edited["action"] == "accept"]
    merges = edited[(edited["action"] == "merge") & edited["duplicate_of"].ne("")]
    existing = store.curated + store.facts()
    facts, problems = rows_to_facts(
        _numbered(keep),
        source,
        existing,
        set(dataset.facts["id"]),
    )
    if problems:
        for problem in problems:
            st.error(str(problem))
        st.warning("Nothing was saved. Fix the rows above and save again.")
        return
    result = store.add(facts, origin="user")
    merged = _merge(store, merges, source, set(dataset.facts["id"]))
    if result.problems:
        for problem in result.problems:
            st.error(str(problem))
        return
    loaders.refresh_dataset()
    st.success(
        f"Saved {len(result.added)} new fact(s) and merged {merged} source(s). "
        "They are on the map and in the facts table now, marked as user-added."
    )


def _numbered(rows: pd.DataFrame) -> list[tuple[int, dict[str, Any]]]:
    """(table row number, row) pairs: the 1-based index shown in the editor."""
    return [
        (int(str(i)), {str(k): v for k, v in r.items()})
        for i, r in rows.to_dict(orient="index").items()
    ]


def _merge(store: FactStore, merges: pd.DataFrame, source: Source, taken: set[str]) -> int:
    count = 0
    for number, row in _numbered(merges):
        facts, problems = rows_to_facts([(number, row)], source, [], taken)
        for fact in facts:
            outcome = store.merge_source(str(row["duplicate_of"]), fact)
            count += not outcome.problems
            for problem in outcome.problems:
                st.error(str(problem))
        for problem in problems:
            st.error(str(problem))
    return count


def store_transfer() -> None:
    """Export the user-added facts as CSV, or import a CSV of facts (all rows or none)."""
    store = loaders.store()
    with st.expander(f"User-added facts: {store.count()} stored — export or import CSV"):
        st.download_button(
            "Export user facts (CSV)",
            store.export_csv,
            "sahel_user_facts.csv",
            "text/csv",
            on_click="ignore",
            icon=":material/download:",
        )
        upload = st.file_uploader(
            "Import facts CSV (same columns as the export)", type=["csv"], key="import_csv"
        )
        if upload is None or not st.button("Import", key="import_button"):
            return
        try:
            text, _ = read_upload(upload.name, upload.getvalue(), allowed=(".csv",))
        except UploadError as err:
            st.error(str(err))
            return
        result = store.import_csv(text, upload.name)
        for problem in result.problems:
            st.error(str(problem))
        if result.problems:
            st.warning("Nothing was imported. Fix the rows above and import again.")
            return
        loaders.refresh_dataset()
        st.success(f"Imported {len(result.added)} fact(s).")
