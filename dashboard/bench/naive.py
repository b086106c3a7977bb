"""The naive baseline: the page's numbers from plain Python loops over the facts, uncached.

This is what a first implementation would do on every rerun: walk every fact, sort the ones
that matter, apply the presence rules one by one. It follows the same rules as
`dashboard.timeline`, so the bench can check both give the same state.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.view import View

PRESENCE_EVENTS = {"presence", "deployment", "drawdown", "withdrawal"}
LEVEL_EVENTS = {"presence", "deployment"}
PRECISION_ORDER = {"day": 0, "month": 1, "year": 2}
EVENT_ORDER = {
    e: i for i, e in enumerate([
        "presence", "deployment", "drawdown", "withdrawal", "withdrawal_announced", "expulsion",
        "agreement", "agreement_ended", "talks", "coup", "other",
    ])
}  # fmt: skip
Key = tuple[str, str]


@dataclass(frozen=True)
class Record:
    """One fact as a plain Python object (what the naive code loops over)."""

    country: str
    partner: str
    event: str
    date: dt.date | None
    precision: str
    troops: float | None
    bloc: str
    summary: str
    source_url: str


def records(facts: pd.DataFrame) -> list[Record]:
    """The facts frame as a list of plain records (done once, outside the timed region)."""
    out = []
    for row in facts.itertuples(index=False):
        raw_date: Any = row.date
        raw_troops: Any = row.troops
        date = None if pd.isna(raw_date) else pd.Timestamp(raw_date).date()
        troops = None if pd.isna(raw_troops) else float(raw_troops)
        out.append(
            Record(
                str(row.country),
                str(row.partner or ""),
                str(row.event),
                date,
                str(row.precision),
                troops,
                str(row.bloc),
                str(row.summary),
                str(row.source_url),
            )
        )
    return out


def _sort_key(r: Record) -> tuple[Any, ...]:
    return (r.date, PRECISION_ORDER.get(r.precision, 0), EVENT_ORDER.get(r.event, 99))


def naive_state_at(facts: list[Record], at: dt.date) -> dict[Key, float | None]:
    """(country, partner) -> strength (None = unknown) for every partner present at `at`."""
    relevant = [
        f for f in facts if f.event in PRESENCE_EVENTS and f.date is not None and f.date <= at
    ]
    relevant.sort(key=_sort_key)
    return _apply(relevant)


def _apply(ordered: list[Record]) -> dict[Key, float | None]:
    state: dict[Key, tuple[bool, float | None]] = {}
    for f in ordered:
        key = (f.country, f.partner)
        strength = state.get(key, (False, None))[1]
        if f.event == "withdrawal":
            state[key] = (False, None)
        elif f.event in LEVEL_EVENTS:
            state[key] = (True, f.troops if f.troops is not None else strength)
    return {k: s for k, (p, s) in state.items() if p}


def naive_page(facts: list[Record], view: View) -> dict[str, Any]:
    """Every number the map page shows, recomputed from scratch with loops.

    The as-of state, per-country totals, the monthly known strength behind the chart (one
    pass over the facts per month) and the latest supporting fact per present partner.
    """
    countries = set(view.countries)
    mine = [f for f in facts if f.country in countries]
    at = view.as_of_end
    state = naive_state_at(mine, at)
    totals: dict[str, float] = defaultdict(float)
    for (country, _), strength in state.items():
        totals[country] += strength or 0.0
    ordered = sorted((f for f in mine if f.event in PRESENCE_EVENTS and f.date), key=_sort_key)
    monthly = {}
    for month in _month_ends(view.start, view.end):
        upto = [f for f in ordered if f.date is not None and f.date <= month]
        monthly[month] = sum(s for s in _apply(upto).values() if s is not None)
    latest: dict[Key, Record] = {}
    for f in sorted((f for f in mine if f.date and f.date <= at), key=_sort_key):
        if f.event in ("presence", "deployment", "drawdown"):
            latest[(f.country, f.partner)] = f
    support = [latest.get(key) for key in state]
    return {"state": state, "totals": dict(totals), "monthly": monthly, "support": support}


def _month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        out.append(nxt - dt.timedelta(days=1))
        year, month = nxt.year, nxt.month
    return out


def same_state(vectorised: pd.DataFrame, naive: dict[Key, float | None]) -> bool:
    """True when the vectorised `state_at` frame and the naive dict agree exactly."""
    ours = {
        (str(c), str(p)): (None if pd.isna(s) else float(s))
        for c, p, s in zip(
            vectorised["country"], vectorised["partner"], vectorised["strength"], strict=True
        )
    }
    if ours.keys() != naive.keys():
        return False
    return all(_close(ours[k], naive[k]) for k in ours)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b)
