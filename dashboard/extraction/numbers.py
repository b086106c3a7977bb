"""Troop counts: "some 1,000 US troops", "1.500 soldiers", "two hundred special forces".

A count is kept only when it states a force size. Ceilings ("up to"), bounds ("fewer than"),
vague amounts ("a few hundred"), casualties, money, targets and regional or multinational
totals are found too, but carry `value=None` and the reason, so callers can explain them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
_SCALES = {"hundred": 100, "thousand": 1000}
_WORD_NUMBER = (
    r"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?\s+(?:hundred|thousand))"
)
_DIGITS = r"(?:\d{1,3}(?:[,.]\d{3})+|\d+)(?![.,]?\d)"
_TROOP_NOUN = (
    r"(?:troops|soldiers|personnel|service\s?members|servicemen|military|instructors|"
    r"trainers|peacekeepers|elements|men|fighters|mercenaries|marines|paratroopers|"
    r"commandos|advisers|advisors|special forces|legionnaires|gendarmes|"
    r"uniformed|blue helmets)"
)
_COUNT = re.compile(
    rf"(?P<num>{_DIGITS}|{_WORD_NUMBER}(?!\s+(?:and|or)\s+\w+\s+(?:of|people))|"
    rf"(?:eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    rf"(?:-\w+)?)"
    rf"(?P<between>(?:\s+(?:of\s+(?:the|its|their)\s+)?[A-Za-z.'’-]+){{0,5}}?)\s+"
    rf"(?P<noun>{_TROOP_NOUN})\b",
    re.IGNORECASE,
)
_CEILING = re.compile(
    r"\b(?:up to|a maximum of|as many as|a ceiling of|no more than)\s+$", re.IGNORECASE
)
_BOUND = re.compile(
    r"\b(?:fewer than|less than|more than|over|at least|under|nearly "
    r"all|upwards of|in excess of|below|above)\s+$",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"\b(?:few|several|many|hundreds|thousands|dozens|some dozens)\s+$", re.IGNORECASE
)
_MONEY = re.compile(r"[$€£]\s*$|\b(?:USD|EUR|CFA)\s*$")
_CASUALTY_AFTER = re.compile(
    r"^[^.;]{0,30}\b(?:killed|died|dead|wounded|injured|missing|"
    r"captured|hostages?|kidnapped)\b",
    re.IGNORECASE,
)
_CASUALTY_BEFORE = re.compile(
    r"\b(?:killed|killing|kill|wounded|lost|losing|death of|deaths of|"
    r"bodies of)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_TARGET_BEFORE = re.compile(
    r"\b(?:field|keep|reach|reduc\w*|increas\w*|rais\w+|boost\w*|cap|"
    r"grow|grew|expand\w*|(?:joint|unified|standby|regional|combined) "
    r"force of|target of|to between|between [\d,.]+ and)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_TARGET_AFTER = re.compile(
    r"^[^.;]{0,40}\b(?:would be|will be|to be) (?:created|formed|"
    r"raised|set up|deployed by)",
    re.IGNORECASE,
)
_TOTAL_AFTER = re.compile(
    r"^[^.;]{0,50}\b(?:from \d+|from (?:\w+ ){0,2}(?:nations|countries)|"
    r"nations|countries|across the (?:Sahel|region)|in the Sahel|"
    r"throughout the|single command|headquartered|in the region)\b",
    re.IGNORECASE,
)
_TOTAL_BEFORE = re.compile(
    r"\b(?:regional|across the Sahel|in the Sahel|multinational|"
    r"Sahel force|Sahel-wide)\b[^,;]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TroopCount:
    """A number of personnel in a sentence; `value` is None when it is not a force size."""

    start: int
    end: int
    value: int | None
    reason: str


def parse_number(text: str) -> int | None:
    """ "1,000" / "1.500" / "a thousand" / "two hundred" / "seventy-five" -> int."""
    text = text.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+|\d+", text):
        return int(re.sub(r"[,.]", "", text))
    total = 0
    current = 0
    for word in re.split(r"[\s-]+", text):
        if word in UNITS:
            current += UNITS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] == 1000:
                total, current = total + current, 0
        elif word != "and":
            return None
    return total + current or None


_ELLIPTICAL = re.compile(
    rf"\b(?:some|about|around|roughly|nearly|approximately|almost)\s+(?P<num>{_DIGITS})"
    rf"(?=\s+(?:remain|remained|are|were|stay|stayed|have)\b)",
    re.IGNORECASE,
)
_ANY_TROOP_NOUN = re.compile(rf"\b{_TROOP_NOUN}\b", re.IGNORECASE)


def troop_counts(text: str) -> list[TroopCount]:
    """Every personnel count in `text`, each kept or rejected with its reason."""
    found = _elliptical_counts(text)
    for match in _COUNT.finditer(text):
        if _not_personnel(match):
            continue
        value = parse_number(match.group("num"))
        if value is None:
            continue
        before = text[max(0, match.start() - 40) : match.start()]
        clause_before = re.split(r"[,;:]", before)[-1]
        after = text[match.end("num") : match.end("num") + 80]
        written_year = re.fullmatch(r"\d{4}", match.group("num")) is not None
        reason = _rejection(before, clause_before, after, value, written_year)
        found.append(
            TroopCount(
                match.start(), match.end(), None if reason else value, reason or "force size"
            )
        )
    return found


def _elliptical_counts(text: str) -> list[TroopCount]:
    """ "... while some 1,000 remain in northern Mali": the noun was given earlier."""
    if not _ANY_TROOP_NOUN.search(text):
        return []
    found = []
    for match in _ELLIPTICAL.finditer(text):
        value = parse_number(match.group("num"))
        if value and not 1900 <= value <= 2100:
            found.append(TroopCount(match.start("num"), match.end(), value, "force size"))
    return found


def _not_personnel(match: re.Match[str]) -> bool:
    noun = match.group("noun").lower()
    between = match.group("between")
    if re.search(
        r"\b(?:people|civilians|vehicles|km|kilomet|miles|years|million|billion|"
        r"euros|dollars|francs|times|percent|per cent|%)\b",
        between,
        re.IGNORECASE,
    ):
        return True
    return noun == "military" and not re.match(
        r"\s*(?:personnel|staff)", match.string[match.end() : match.end() + 12]
    )


def _rejection(
    before: str, clause_before: str, after: str, value: int, written_year: bool
) -> str | None:
    if _MONEY.search(before):
        return "money"
    if _CEILING.search(before):
        return "ceiling"
    if _BOUND.search(before):
        return "bound"
    if _VAGUE.search(before):
        return "vague amount"
    if written_year and 1900 <= value <= 2100:
        return "year"
    if _CASUALTY_AFTER.match(after) or _CASUALTY_BEFORE.search(before):
        return "casualties"
    if _TARGET_BEFORE.search(clause_before) or _TARGET_AFTER.match(after):
        return "target"
    if _TOTAL_AFTER.match(after) or _TOTAL_BEFORE.search(clause_before):
        return "regional or multinational total"
    return None
