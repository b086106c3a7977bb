"""Dates in article text: the article's own date, and date expressions resolved against it.

Common patterns are read with regular expressions (fast); dateparser is the fallback for a
header line that none of them reads. Conventions follow corpus/dev/README.md: "on Tuesday" is
the latest Tuesday on or before the article date, "last Friday" the latest strictly before,
"in July" the latest July on or before (or the July of a year named earlier in the sentence).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dashboard.extraction.numbers import UNITS
from dashboard.models import FuzzyDate, Precision

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# "a year ago", "two months ago": the articles and small number words.
_NUMBER_WORDS = {"a": 1, "an": 1, **{w: n for w, n in UNITS.items() if n <= 10}}

_DATE_RE = re.compile(
    rf"(?P<iso>(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}}))"
    rf"|(?P<dmy>(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MON})(?:,?\s+(?P<y1>\d{{4}}))?)"
    rf"|(?P<mdy>(?P<m2>{_MON})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.,]?\d)(?:,?\s+(?P<y2>\d{{4}}))?)"
    rf"|(?P<my>(?P<m3>{_MON})\s+(?:of\s+)?(?P<y3>\d{{4}})(?!\d))"
    rf"|(?P<mly>(?P<m4>{_MON})\s+(?P<rel4>last|this)\s+year)"
    rf"|(?P<mon>(?P<m5>{_MON}))(?!\w)"
    rf"|(?P<wd>(?:(?P<wmod>last|this|next)\s+)?(?P<w>{_WD}))"
    r"|(?P<yr>(?<![\d,.$€£])(?P<y6>(?:19[4-9]|20[0-4])\d)(?!\d|,\d))"
    r"|(?P<rel>(?:earlier |later |late |early )?(?:last|this|next|that) (?:year|month|week)"
    r"|(?:the )?same (?:day|month|year)|at (?:the|that) time|in recent (?:days|weeks)|recent days|yesterday|today"
    r"|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:year|month|week|day)s? ago"
    r"|New Year's Eve|New Year’s Eve|Christmas Day"
    r"|(?:the )?(?:start|beginning|end) of (?:the|this|that|last) year)",
    re.IGNORECASE,
)
# Words before a bare month or year that make it a date ("in July", "since 2013").
_DATE_CONTEXT = re.compile(
    r"(?:\b(?:in|since|of|from|until|till|that|last|early|late|mid|on|during|by|before|after|"
    r"between|and|to|end|start|beginning|back|as)|mid-|,)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_FUTURE_BEFORE = re.compile(
    r"\b(?:by|until|till|through|before)\s+(?:the\s+)?(?:end\s+of\s+)?$", re.IGNORECASE
)
# A year used as an adjective of an event noun: "a 2018 agreement", "the 2023 coup".
_DATED_NOUN = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:coup|putsch|agreement|accord|treaty|pact|deal|intervention)s?\b"
)
_RANGE_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_PERIOD_BEFORE = re.compile(
    r"\b(?P<mod>late|early|mid|end of|start of|beginning of)[\s-]+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A date expression in a sentence. `role`: "at" (when something happened), "since"
    (start of a state), "until" (a deadline or end), "range" (unusable span) or "attribute"
    (a possessive that dates some other event: "last Friday's attack")."""

    start: int
    end: int
    date: FuzzyDate | None
    role: str
    explicit_year: bool


def find_dates(
    text: str,
    published: dt.date | None,
    context: FuzzyDate | None = None,
    skip_until: int = 0,
    context_day: FuzzyDate | None = None,
) -> list[DateMention]:
    """Date expressions in one sentence, resolved against `published`.

    `context` is the last date of the previous sentence, for "that year" or "the same month";
    `context_day` the last full date, for "the same day". Characters before `skip_until` (a
    dateline) are ignored.
    """
    found: list[DateMention] = []
    year_in_sentence: int | None = None
    hint_end = 0
    for match in _DATE_RE.finditer(text, skip_until):
        before = text[max(0, match.start() - 45) : match.start()]
        hint = year_in_sentence
        if (
            hint is not None
            and published is not None
            and abs(hint - published.year) < 2
            and match.start() - hint_end > 30
        ):
            hint = None  # far from the year it would borrow: resolve against the article date
        anaphor_context = context_day if "day" in match.group(0).lower() else context
        resolved = _resolve(match, before, published, anaphor_context, hint)
        if resolved is None:
            continue
        date, explicit = resolved
        role = _role(before)
        if re.match(r"['’]s\b", text[match.end() : match.end() + 3]):
            role = "attribute"  # "last Friday's attack" dates another event
        if found and found[-1].role == "range" and re.fullmatch(r"\s+and\s+", before[-5:]):
            role = "range"
        if date is not None and explicit and role not in {"range", "since"}:
            year_in_sentence = date.start.year
            hint_end = match.end()
        if date is not None and published and date.start > published and role == "at":
            role = "until"  # a date after the article's own date is a plan, not an event
        found.append(DateMention(match.start(), match.end(), date, role, explicit))
        if date is not None and role != "attribute":
            context = date
            if date.precision is Precision.DAY:
                context_day = date
    return _merge_weekday_with_date(found)


def _role(before: str) -> str:
    if _RANGE_BEFORE.search(before):
        return "range"
    if _FUTURE_BEFORE.search(before):
        return "until"
    if re.search(
        r"\b(?:since|back to)\s+(?:\w+\s+)?$|\b(?:since|back to)\s+(?:(?:the|its|their|"
        r"[\w-]+['’]s)\s+){0,2}independence\s+in\s+$",
        before,
        re.IGNORECASE,
    ):
        return "since"
    return "at"


def _merge_weekday_with_date(found: list[DateMention]) -> list[DateMention]:
    """ "this Monday 23 January": the calendar date wins over the weekday."""
    keep = []
    for i, item in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (
            nxt is not None
            and nxt.start - item.end <= 2
            and item.date is not None
            and nxt.date is not None
            and item.date.precision is Precision.DAY
            and nxt.date.precision is Precision.DAY
            and item.end - item.start <= 14
        ):
            continue
        keep.append(item)
    return keep


def _resolve(
    match: re.Match[str],
    before: str,
    published: dt.date | None,
    context: FuzzyDate | None,
    year_hint: int | None,
) -> tuple[FuzzyDate | None, bool] | None:
    g = match.groupdict()
    if g["iso"]:
        return _make(int(g["iy"]), int(g["im"]), int(g["id"])), True
    if g["dmy"] or g["mdy"]:
        day = int(g["d1"] or g["d2"])
        month = MONTHS[(g["m1"] or g["m2"]).lower().rstrip(".")]
        year_text = g["y1"] or g["y2"]
        if year_text:
            return _make(int(year_text), month, day), True
        if g["m2"] and g["m2"].lower() == "may" and not _DATE_CONTEXT.search(before):
            return None
        year = _year_for(month, day, published, year_hint)
        return (_make(year, month, day) if year else None), False
    if g["my"]:
        return _make(int(g["y3"]), MONTHS[g["m3"].lower().rstrip(".")]), True
    if g["mly"]:
        if published is None:
            return None, False
        shift = 1 if g["rel4"].lower() == "last" else 0
        return _make(published.year - shift, MONTHS[g["m4"].lower().rstrip(".")]), False
    if g["mon"]:
        if re.search(r"\bthat\s+$", before, re.IGNORECASE) and year_hint is None and context:
            found = _bare_month(g["m5"], before, None, context.start.year)
            return (found[0], True) if found else None
        return _bare_month(g["m5"], before, published, year_hint)
    if g["wd"]:
        return _weekday(g["w"], g["wmod"], published)
    if g["yr"]:
        return _bare_year(int(g["y6"]), before, match.string[match.end() : match.end() + 40])
    return _relative(g["rel"].lower().replace("’", "'"), published, context)


def _bare_month(
    word: str, before: str, published: dt.date | None, year_hint: int | None
) -> tuple[FuzzyDate | None, bool] | None:
    if not word[0].isupper() or not _DATE_CONTEXT.search(before):
        return None  # "may" the verb, or a month name used as a word
    if word.lower().rstrip(".") not in MONTHS:
        return None
    month = MONTHS[word.lower().rstrip(".")]
    year = _year_for(month, None, published, year_hint)
    if re.search(r"\bthat\s+$", before, re.IGNORECASE) and year_hint is None:
        return None, False
    return (_make(year, month) if year else None), False


def _bare_year(year: int, before: str, after: str) -> tuple[FuzzyDate | None, bool] | None:
    if (
        not _DATE_CONTEXT.search(before)
        and not _PERIOD_BEFORE.search(before)
        and not _DATED_NOUN.match(after)
    ):
        return None  # "Flintlock 2020", "Air Base 201"; but "a 2018 agreement", "the 2023 coup"
    if re.match(r"\s*(?:troops|soldiers|people|personnel|men|km|kilomet)", after):
        return None
    return _make(year), True


def _year_for(
    month: int, day: int | None, published: dt.date | None, year_hint: int | None
) -> int | None:
    """The latest such month/day on or before the article date, or the sentence's year."""
    if year_hint is not None and (
        published is None or (year_hint, month) <= (published.year, published.month)
    ):
        return year_hint
    if published is None:
        return None
    on_or_before = (month, day or 1) <= (published.month, published.day)
    return published.year if on_or_before else published.year - 1


def _weekday(
    word: str, modifier: str | None, published: dt.date | None
) -> tuple[FuzzyDate | None, bool] | None:
    if published is None:
        return None, False
    modifier = (modifier or "").lower()
    if modifier == "next":
        return None
    delta = (published.weekday() - WEEKDAYS[word.lower()]) % 7
    if modifier == "last" and delta == 0:
        delta = 7
    return FuzzyDate(published - dt.timedelta(days=delta), Precision.DAY), False


def _relative(
    phrase: str, published: dt.date | None, context: FuzzyDate | None
) -> tuple[FuzzyDate | None, bool] | None:
    if phrase.startswith(
        ("the same", "same", "that year", "end of that year", "the end of that year")
    ):
        return _same(phrase, context)
    if phrase.startswith("at "):  # "at the time": when the event just reported happened
        return (context, False) if context is not None else None
    if published is None:
        return None, False
    pub = published
    if "next" in phrase or phrase.startswith("later"):
        return None
    if "new year" in phrase:
        return _make(pub.year - 1 if (pub.month, pub.day) < (12, 31) else pub.year, 12, 31), False
    if "christmas" in phrase:
        return _make(pub.year - 1 if (pub.month, pub.day) < (12, 25) else pub.year, 12, 25), False
    if phrase in {"today"}:
        return FuzzyDate(pub, Precision.DAY), False
    if phrase == "yesterday":
        return FuzzyDate(pub - dt.timedelta(days=1), Precision.DAY), False
    if "of the year" in phrase or "of this year" in phrase:
        if phrase.startswith(("start", "beginning", "the start", "the beginning")):
            return _make(pub.year, 1), False
        return None  # "the end of the year" is a deadline in news copy
    if "last year" in phrase or "of last year" in phrase:
        return _make(pub.year - 1), False
    if "this year" in phrase:
        return _make(pub.year), False
    if "last month" in phrase:
        first = pub.replace(day=1) - dt.timedelta(days=1)
        return _make(first.year, first.month), False
    if "this month" in phrase or "recent" in phrase:
        return _make(pub.year, pub.month), False
    if "week" in phrase and "ago" not in phrase:
        back = pub - dt.timedelta(days=7 if "last" in phrase else 0)
        return _make(back.year, back.month), False
    return _ago(phrase, pub)


def _same(phrase: str, context: FuzzyDate | None) -> tuple[FuzzyDate | None, bool]:
    if context is None:
        return None, False
    if "day" in phrase:
        return context, False
    if "month" in phrase and context.precision is not Precision.YEAR:
        return _make(context.start.year, context.start.month), False
    if "end of" in phrase:
        return _make(context.start.year, 12), False
    return _make(context.start.year), False


def _ago(phrase: str, pub: dt.date) -> tuple[FuzzyDate | None, bool] | None:
    match = re.match(r"(\w+) (year|month|week|day)s? ago", phrase)
    if not match:
        return None
    count_text, unit = match.groups()
    count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS.get(count_text, 0)
    if unit == "year":
        return (
            _make(pub.year - count, pub.month) if count == 1 else _make(pub.year - count)
        ), False
    if unit == "month":
        months = pub.year * 12 + pub.month - 1 - count
        return _make(months // 12, months % 12 + 1), False
    back = pub - dt.timedelta(days=count * (7 if unit == "week" else 1))
    if unit == "week":
        return _make(back.year, back.month), False
    return FuzzyDate(back, Precision.DAY), False


def _make(year: int, month: int | None = None, day: int | None = None) -> FuzzyDate | None:
    try:
        if day is not None and month is not None:
            return FuzzyDate(dt.date(year, month, day), Precision.DAY)
        if month is not None:
            return FuzzyDate(dt.date(year, month, 1), Precision.MONTH)
        return FuzzyDate(dt.date(year, 1, 1), Precision.YEAR)
    except ValueError:
        return None


# ---- the article's own date --------------------------------------------------------------------

_LABELLED = re.compile(
    r"^\s*(?:published|posted|first published|date|dated|updated|last updated)"
    r"\b\s*(?:on|at)?\s*:?\s*(?P<rest>.+)$",
    re.IGNORECASE | re.MULTILINE,
)
_FULL_DATE = re.compile(
    rf"(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)"
    rf"|(?P<dmy>\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON},?\s+\d{{4}}\b)"
    rf"|(?P<mdy>\b{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b)",
    re.IGNORECASE,
)
_DATELINE_DAY = re.compile(rf"^[A-Z][A-Z .'’/-]+,\s+(?P<md>{_MON}\s+\d{{1,2}})\b", re.MULTILINE)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})(?:[/-](\d{1,2}))?(?:/|$|-)")
_HEADER_CHARS = 700


def detect_published(text: str, url: str | None = None) -> dt.date | None:
    """The article's date from its header ("27 Mar, 2024 09:07", "Published: ...", an ISO date),
    or from a wire dateline ("BAMAKO, Jan 12") when the URL supplies the year."""
    header = text[:_HEADER_CHARS]
    labelled = [
        m
        for m in _LABELLED.finditer(header)
        if not m.group(0).lower().lstrip().startswith(("updated", "last updated"))
    ]
    for match in labelled:
        found = _first_full_date(match.group("rest"))
        if found:
            return found
    for line in header.split("\n")[:12]:
        if len(line) < 80 or _FULL_DATE.match(line.strip()):
            found = _first_full_date(line)
            if found:
                return found
    return _from_dateline(header, url)


def _first_full_date(text: str) -> dt.date | None:
    match = _FULL_DATE.search(text)
    if match:
        return _parse_full(match.group(0))
    return _dateparser(text.strip()[:60]) if re.search(r"\d{4}", text) else None


def _parse_full(text: str) -> dt.date | None:
    parts = re.findall(r"[A-Za-z]+|\d+", text)
    try:
        if re.match(r"\d{4}-", text):
            return dt.date.fromisoformat(text[:10])
        numbers = [int(p) for p in parts if p.isdigit()]
        words = [p.lower() for p in parts if p.isalpha() and p.lower() in MONTHS]
        day = numbers[0] if numbers[0] <= 31 else numbers[1]
        year = max(numbers)
        return dt.date(year, MONTHS[words[0]], day)
    except (ValueError, IndexError):
        return None


@lru_cache(maxsize=512)
def _dateparser(text: str) -> dt.date | None:
    import dateparser  # slow to import and to call: only for header lines our regexes miss

    parsed = dateparser.parse(
        text,
        languages=["en", "fr"],
        settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"},
    )
    return parsed.date() if parsed else None


def _from_dateline(header: str, url: str | None) -> dt.date | None:
    match = _DATELINE_DAY.search(header)
    year_match = _URL_DATE.search(url or "")
    if not match or not year_match:
        return None
    month_word, day = match.group("md").split()
    try:
        return dt.date(int(year_match.group(1)), MONTHS[month_word.lower().rstrip(".")], int(day))
    except (KeyError, ValueError):
        return None
