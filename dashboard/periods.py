"""Presence rows -> continuous presence periods per (country, partner), for swimlanes.

A period is a run of time in which a partner is present and its strength is either known
(a number was stated) or unknown (present, no number). A change between known and unknown
starts a new period, so a chart can hatch the unknown stretches instead of drawing zeros.
Pure pandas, no Python loop over rows.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.timeline import KEY

PERIOD_COLUMNS = [
    "country",
    "partner",
    "bloc",
    "start",
    "end",
    "known",
    "min_strength",
    "max_strength",
    "ongoing",
]
_ABSENT, _UNKNOWN, _KNOWN = 0, 1, 2


def window(start: dt.date | str, end: dt.date | str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """[first day of `start`'s month, last day of `end`'s month]."""
    first = pd.Timestamp(start).to_period("M").to_timestamp()
    last = pd.Timestamp(end).to_period("M").to_timestamp(how="end").normalize()
    return first, last


def presence_periods(
    presence: pd.DataFrame, start: dt.date | str, end: dt.date | str
) -> pd.DataFrame:
    """Presence periods clipped to [start's month, end's month].

    Parameters
    ----------
    presence: a `timeline.presence_frame` (country, partner, bloc, date, present, strength).
    start, end: the window; whole months.

    Returns
    -------
    One row per period: country, partner, bloc, start, end (the date of the fact that ended
    it, or the window end), known (bool), min_strength/max_strength (NaN when unknown),
    ongoing (True when the period is still running at the window end).
    """
    first, last = window(start, end)
    if presence.empty:
        return pd.DataFrame(columns=PERIOD_COLUMNS)
    # Several facts on one day: the state after the last of them is what holds that day.
    rows = presence.drop_duplicates([*KEY, "date"], keep="last").reset_index(drop=True)
    present = rows["present"].to_numpy(dtype=bool)
    known = rows["strength"].notna().to_numpy()
    state = np.where(present, np.where(known, _KNOWN, _UNKNOWN), _ABSENT)
    group = rows.groupby(KEY, sort=False).ngroup().to_numpy()
    new_group = np.r_[True, group[1:] != group[:-1]]
    new_run = new_group | np.r_[True, state[1:] != state[:-1]]
    run = np.cumsum(new_run)
    next_date = rows.groupby(KEY, sort=False)["date"].shift(-1)
    rows = rows.assign(state=state, run=run, next_date=next_date)
    runs = (
        rows[rows["state"] != _ABSENT]
        .groupby("run", sort=False)
        .agg(
            country=("country", "first"),
            partner=("partner", "first"),
            bloc=("bloc", "first"),
            start=("date", "first"),
            state=("state", "first"),
            min_strength=("strength", "min"),
            max_strength=("strength", "max"),
        )
    )
    # A run ends where the next run of its group starts (or never, if it is the last one).
    # (`groupby.last` would skip the NaT of a still-running last run, so take the last row.)
    run_end = rows.drop_duplicates("run", keep="last").set_index("run")["next_date"]
    runs["end"] = run_end.reindex(runs.index)
    runs["ongoing"] = runs["end"].isna() | (runs["end"] > last)
    ends = runs["end"].fillna(last)
    runs["end"] = ends.mask(ends > last, last)
    runs = runs[(runs["end"] > first) & (runs["start"] <= last)].copy()
    runs["start"] = runs["start"].mask(runs["start"] < first, first)
    runs["known"] = runs["state"].eq(_KNOWN)
    out = runs[PERIOD_COLUMNS].sort_values(["country", "partner", "start"])
    return out.reset_index(drop=True)
