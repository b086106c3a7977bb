"""The filter state of a view, and its round trip through a URL query string.

The app, the exports and the CLI all take a `View`, so a URL copied from the browser
(`?countries=NER,MLI&as_of=2024-03`) reproduces the same picture everywhere. Parsing never
raises: bad values fall back to defaults and come back as plain-language notices.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from urllib.parse import parse_qsl, urlencode, urlsplit

from dashboard.models import Bloc, Event

CORE_SAHEL = ("MLI", "BFA", "NER", "TCD", "MRT", "SEN", "GMB")
FIRST_MONTH = dt.date(2010, 1, 1)
MAX_LIST = 50  # more values than any real filter has; longer lists are hostile or broken
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_CODE = re.compile(r"^[A-Z0-9_]{2,20}$")  # partner codes include G5S


class Metric(StrEnum):
    STRENGTH = "strength"
    PARTNERS = "partners"
    BLOC = "bloc"
    SHIFT = "shift"


METRIC_LABELS = {
    Metric.STRENGTH: "Known foreign strength present",
    Metric.PARTNERS: "Number of partners present",
    Metric.BLOC: "Dominant bloc",
    Metric.SHIFT: "Shift score (change in bloc mix over the range)",
}


def month_floor(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """Last day of `day`'s month."""
    nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def default_last_month() -> dt.date:
    return month_floor(dt.date.today())


def month_options(last: dt.date | None = None) -> list[dt.date]:
    """Every month start from FIRST_MONTH to `last` (default: this month), for sliders."""
    last = month_floor(last or dt.date.today())
    months, year, month = [], FIRST_MONTH.year, FIRST_MONTH.month
    while (year, month) <= (last.year, last.month):
        months.append(dt.date(year, month, 1))
        year, month = year + month // 12, month % 12 + 1
    return months


@dataclass(frozen=True)
class View:
    countries: tuple[str, ...] = CORE_SAHEL
    as_of: dt.date = field(default_factory=default_last_month)
    start: dt.date = FIRST_MONTH
    end: dt.date = field(default_factory=default_last_month)
    partners: tuple[str, ...] = ()  # empty = all partners
    blocs: tuple[str, ...] = ()  # empty = all blocs
    events: tuple[str, ...] = ()  # empty = all events
    metric: Metric = Metric.STRENGTH

    def to_query(self, defaults: View | None = None) -> dict[str, str]:
        """Query parameters for the values that differ from `defaults` (all when None)."""
        full = {
            "countries": ",".join(self.countries),
            "as_of": self.as_of.strftime("%Y-%m"),
            "start": self.start.strftime("%Y-%m"),
            "end": self.end.strftime("%Y-%m"),
            "partners": ",".join(self.partners),
            "blocs": ",".join(self.blocs),
            "events": ",".join(self.events),
            "metric": self.metric.value,
        }
        if defaults is None:
            return full
        base = defaults.to_query()
        return {k: v for k, v in full.items() if v != base[k]}

    @property
    def as_of_end(self) -> dt.date:
        """The day the map's state is read: the last day of the as-of month."""
        return month_end(self.as_of)

    def query_string(self) -> str:
        return urlencode(self.to_query(View()))

    def with_as_of(self, as_of: dt.date) -> View:
        return replace(self, as_of=month_floor(as_of))


@dataclass(frozen=True)
class Parsed:
    view: View
    notices: tuple[str, ...] = ()


def parse_query(
    params: Mapping[str, str | Sequence[str]],
    known_countries: Sequence[str] = (),
    known_partners: Sequence[str] = (),
    defaults: View | None = None,
) -> Parsed:
    """Build a View from query params; every rejected value becomes a notice."""
    base = defaults or View()
    notices: list[str] = []
    values = {k: (v[-1] if isinstance(v, list | tuple) else v) for k, v in params.items()}

    def codes(name: str, allowed: Sequence[str], fallback: tuple[str, ...]) -> tuple[str, ...]:
        if name not in values:
            return fallback
        raw = [c.strip().upper() for c in str(values[name]).split(",") if c.strip()]
        if len(raw) > MAX_LIST:
            notices.append(f"{name}: more than {MAX_LIST} values; using the default")
            return fallback
        bad = [c for c in raw if not _CODE.match(c) or (allowed and c not in allowed)]
        if bad:
            shown = ", ".join(repr(b[:20]) for b in bad[:3])
            notices.append(f"{name}: unknown value(s) {shown} ignored")
        return tuple(dict.fromkeys(c for c in raw if c not in bad)) or fallback

    def month(name: str, fallback: dt.date) -> dt.date:
        if name not in values:
            return fallback
        text = str(values[name]).strip()
        match = _MONTH.match(text)
        try:
            if not match:
                raise ValueError
            parsed = dt.date(int(match[1]), int(match[2]), 1)
        except ValueError:
            notices.append(
                f"{name}: {text[:20]!r} is not a month like 2024-03; using {fallback:%Y-%m}"
            )
            return fallback
        if not FIRST_MONTH <= parsed <= default_last_month():
            notices.append(
                f"{name}: {parsed:%Y-%m} is outside {FIRST_MONTH:%Y-%m}.."
                f"{default_last_month():%Y-%m}; using {fallback:%Y-%m}"
            )
            return fallback
        return parsed

    metric = base.metric
    if "metric" in values:
        try:
            metric = Metric(str(values["metric"]))
        except ValueError:
            notices.append(
                f"metric: {str(values['metric'])[:20]!r} is not one of "
                f"{', '.join(m.value for m in Metric)}"
            )
    start, end = month("start", base.start), month("end", base.end)
    if start > end:
        notices.append(f"start {start:%Y-%m} is after end {end:%Y-%m}; swapped them")
        start, end = end, start
    view = View(
        countries=codes("countries", known_countries, base.countries),
        as_of=month("as_of", base.as_of),
        start=start,
        end=end,
        partners=codes("partners", known_partners, base.partners),
        blocs=tuple(b.lower() for b in codes("blocs", [b.value.upper() for b in Bloc], ())),
        events=tuple(e.lower() for e in codes("events", [e.value.upper() for e in Event], ())),
        metric=metric,
    )
    return Parsed(view, tuple(notices))


def parse_view_string(text: str, **kwargs: Sequence[str]) -> Parsed:
    """Parse a query string or a whole URL copied from the app's address bar."""
    query = urlsplit(text).query if "?" in text or "://" in text else text.lstrip("?")
    return parse_query(dict(parse_qsl(query, keep_blank_values=True)), **kwargs)  # type: ignore[arg-type]
