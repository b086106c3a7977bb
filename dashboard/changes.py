"""What changed in a view: presence and strength at the start of the range vs. the as-of month.

Pure functions over a Dataset, used by the briefing card ("what changed" lines) and
testable without any rendering. Each change names the fact that caused it, so a line on a
slide can be traced back to its source like every other number.

Rules:
- "Before" is the state at the end of the month before `view.start` (so every fact dated in
  the start month counts as a change); "after" is the state at `view.as_of_end`.
- A change is a (country, partner) whose presence or known strength differs. Absent counts
  as 0; present with no stated number is "unknown", never 0.
- Ranked by the size of the known change in personnel, then by whether presence started or
  ended (an arrival of unknown strength still matters), then by country and partner.
- The cause is the last presence-changing fact of that pair dated inside the range.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard.dataset import Dataset
from dashboard.models import PRESENCE_EVENTS
from dashboard.timeline import KEY, state_at
from dashboard.view import View

# How a causing event reads in a sentence.
EVENT_PHRASES: dict[str, str] = {
    "presence": "reported",
    "deployment": "deployment",
    "drawdown": "drawdown",
    "withdrawal": "withdrawal completed",
}
_PRESENCE_VALUES = sorted(e.value for e in PRESENCE_EVENTS)


@dataclass(frozen=True)
class Change:
    """One (country, partner) whose presence or strength differs between the two dates."""

    country: str
    partner: str
    before_present: bool
    before: float  # NaN = unknown strength (only when present)
    after_present: bool
    after: float
    fact_id: str  # the fact that caused it ("" when none is dated inside the range)
    event: str
    date_label: str
    source_outlet: str

    @property
    def size(self) -> float:
        """Known change in personnel; an unknown side counts as no known change."""
        before = 0.0 if not self.before_present else self.before
        after = 0.0 if not self.after_present else self.after
        if math.isnan(before) or math.isnan(after):
            return 0.0
        return abs(after - before)

    @property
    def presence_flipped(self) -> bool:
        return self.before_present != self.after_present


def strength_text(present: bool, strength: float) -> str:
    """0 when absent, "unknown" when present without a number, else "1,500"."""
    if not present:
        return "0"
    return "unknown" if math.isnan(strength) else f"{strength:,.0f}"


def date_label(date: pd.Timestamp | None, precision: str) -> str:
    """A fact date at its own precision: "16 Mar 2024", "Dec 2023" or "2023"."""
    if date is None or pd.isna(date):
        return "undated"
    if precision == "year":
        return f"{date:%Y}"
    if precision == "month":
        return f"{date:%b %Y}"
    return f"{date.day} {date:%b %Y}"


@lru_cache(maxsize=64)
def country_name(iso3: str) -> str:
    """Short English name of a country code; the code itself when unknown."""
    import pycountry

    found = pycountry.countries.get(alpha_3=iso3)
    if found is None:
        return iso3
    name = str(getattr(found, "common_name", None) or found.name)
    return {"Gambia": "The Gambia"}.get(name, name)


def partner_name(dataset: Dataset, code: str) -> str:
    """Registry name without its gloss: "United Nations (MINUSMA ...)" -> "United Nations"."""
    try:
        name = dataset.registry[code].name
    except KeyError:
        return code
    return re.sub(r"\s*\(.*\)$", "", name) or name


def changes(dataset: Dataset, view: View) -> list[Change]:
    """Every change between the start of the range and the as-of month, largest first."""
    presence = dataset.view_presence(view)
    before_at = pd.Timestamp(view.start) - pd.Timedelta(days=1)
    after_at = pd.Timestamp(view.as_of_end)
    before = state_at(presence, before_at).set_index(KEY)["strength"]
    after = state_at(presence, after_at).set_index(KEY)["strength"]
    causes = _causes(dataset, view, before_at, after_at)
    found: list[Change] = []
    for pair in before.index.union(after.index):
        b_present, a_present = pair in before.index, pair in after.index
        b = float(before.get(pair, float("nan")))
        a = float(after.get(pair, float("nan")))
        if b_present == a_present and (_same(b, a)):
            continue
        cause = causes.get(pair)
        found.append(
            Change(
                country=str(pair[0]),
                partner=str(pair[1]),
                before_present=b_present,
                before=b,
                after_present=a_present,
                after=a,
                fact_id=str(cause["id"]) if cause is not None else "",
                event=str(cause["event"]) if cause is not None else "",
                date_label=(
                    date_label(cause["date"], str(cause["precision"])) if cause is not None else ""
                ),
                source_outlet=str(cause["source_outlet"] or "") if cause is not None else "",
            )
        )
    found.sort(key=lambda c: (-c.size, not c.presence_flipped, c.country, c.partner))
    return found


def what_changed(dataset: Dataset, view: View, n: int = 3) -> list[str]:
    """Up to `n` lines like "Niger – France: 1,500 → 0 (withdrawal completed Dec 2023)".

    One line saying nothing changed when nothing did, so a card never shows an empty box.
    """
    found = changes(dataset, view)
    if not found:
        return [f"No change in foreign presence between {view.start:%b %Y} and {view.as_of:%b %Y}."]
    return [change_line(dataset, c) for c in found[:n]]


def change_line(dataset: Dataset, change: Change) -> str:
    before = strength_text(change.before_present, change.before)
    after = strength_text(change.after_present, change.after)
    text = (
        f"{country_name(change.country)} – {partner_name(dataset, change.partner)}: "
        f"{before} → {after}"
    )
    if change.event:
        text += f" ({EVENT_PHRASES.get(change.event, change.event)} {change.date_label})"
    return text


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def _causes(
    dataset: Dataset, view: View, after: pd.Timestamp, until: pd.Timestamp
) -> dict[tuple[str, str], pd.Series]:
    """Last presence-changing fact per pair dated in (after, until]."""
    facts = dataset.facts
    rows = facts[
        facts["country"].isin(view.countries)
        & facts["event"].isin(_PRESENCE_VALUES)
        & (facts["date"] > after)
        & (facts["date"] <= until)
    ].sort_values("date", kind="stable")
    last = rows.drop_duplicates(KEY, keep="last")
    return {(str(r["country"]), str(r["partner"])): r for _, r in last.iterrows()}
