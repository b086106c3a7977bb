"""The sidebar filters shared by every page, kept in sync with the URL query string."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.dataset import Dataset
from dashboard.geo import CORE_SAHEL, country_name
from dashboard.models import Bloc, Event
from dashboard.style import BLOC_LABELS
from dashboard.view import METRIC_LABELS, Metric, View, month_options, parse_query

PLAY_SECONDS = 1.0


def sidebar(dataset: Dataset) -> View:
    countries = sorted(set(dataset.facts["country"].dropna()) | set(CORE_SAHEL))
    partners = sorted(dataset.registry)
    _init_from_url(countries, partners)
    months = month_options()
    with st.sidebar:
        for notice in st.session_state.get("url_notices", ()):
            st.warning(f"Link ignored a value — {notice}", icon=":material/link_off:")
        st.multiselect("Countries", countries, key="countries", format_func=_country_name)
        st.select_slider(
            "Map as of (end of month)",
            months,
            key="as_of",
            format_func=lambda d: d.strftime("%b %Y"),
        )
        _step_controls(months)
        # `value` makes it a range slider; the session state set from the URL still wins.
        st.select_slider(
            "Chart and table range",
            months,
            key="range",
            value=(months[0], months[-1]),
            format_func=lambda d: d.strftime("%b %Y"),
        )
        st.selectbox(
            "Map metric", list(Metric), key="metric", format_func=lambda m: METRIC_LABELS[Metric(m)]
        )
        with st.expander("Partners, blocs and events"):
            st.multiselect(
                "Partners (empty = all)",
                partners,
                key="partners",
                format_func=lambda c: f"{c} — {dataset.registry[c].name}",
            )
            st.multiselect(
                "Blocs (empty = all)",
                [b.value for b in Bloc],
                key="blocs",
                format_func=lambda b: BLOC_LABELS[b],
            )
            st.multiselect("Event types (empty = all)", [e.value for e in Event], key="events")
        st.toggle(
            "Online basemap (needs internet)",
            key="basemap",
            help="Off by default: the dashboard makes no outside requests.",
        )
    view = current_view()
    st.query_params.from_dict(view.to_query(View()))
    return view


def _init_from_url(countries: list[str], partners: list[str]) -> None:
    """On a session's first run, widget values come from the URL (a shared deep link)."""
    if "countries" in st.session_state:
        return
    parsed = parse_query(st.query_params.to_dict(), countries, partners)
    view = parsed.view
    st.session_state.update(
        {
            "countries": list(view.countries),
            "as_of": view.as_of,
            "range": (view.start, view.end),
            "partners": list(view.partners),
            "blocs": list(view.blocs),
            "events": list(view.events),
            "metric": view.metric,
            "url_notices": parsed.notices,
        }
    )


def current_view() -> View:
    """The view the sidebar's widgets describe (the sidebar must have run first)."""
    state = st.session_state
    start, end = state["range"]
    return View(
        countries=tuple(state["countries"]),
        as_of=state["as_of"],
        start=start,
        end=end,
        partners=tuple(state["partners"]),
        blocs=tuple(state["blocs"]),
        events=tuple(state["events"]),
        metric=Metric(state["metric"]),
    )


def _step_controls(months: list[dt.date]) -> None:
    back, play, forward = st.columns([1, 2, 1])
    back.button("◀", key="step_back", on_click=_step, args=(months, -1), help="Previous month")
    play.toggle("Play", key="playing", help="Step the map forward one month per second")
    forward.button("▶", key="step_forward", on_click=_step, args=(months, 1), help="Next month")
    if st.session_state.get("playing"):
        _player(months)


def _step(months: list[dt.date], delta: int) -> None:
    index = months.index(st.session_state["as_of"]) + delta
    st.session_state["as_of"] = months[max(0, min(index, len(months) - 1))]


@st.fragment(run_every=PLAY_SECONDS)
def _player(months: list[dt.date]) -> None:
    """Advance one month per tick; stop at the last month."""
    if st.session_state["as_of"] >= months[-1]:
        st.session_state["playing"] = False
        return
    # The first call happens inside the full run that drew the page; only later ticks step.
    if st.session_state.pop("_tick_armed", False):
        _step(months, 1)
        st.rerun(scope="app")
    st.session_state["_tick_armed"] = True


def _country_name(code: str) -> str:
    return f"{country_name(code)} ({code})"
