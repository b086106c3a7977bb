"""Statements that must not become facts: denials, rumours, hypotheticals, negations and plans.

Each check works on one clause, so "X denies that Wagner is present and says the Russians in
the country are instructors" blocks the denial but keeps the positive statement.
"""

from __future__ import annotations

import re

# Verbs that, with a future form, make an announcement of a pull-out (withdrawal_announced).
ANNOUNCING = re.compile(
    r"\b(?:announc\w*|said|says|say|told|tells|agreed|decided|decision|pledg\w+|vow\w*|"
    r"confirm\w*|declar\w+|stated|intends?|plans?|promis\w+)\b",
    re.IGNORECASE,
)
# Future forms that are still an announcement when an announcing verb governs them.
_ANNOUNCED_FUTURE = re.compile(
    r"\b(?:would|will|to)\s+(?:\S+\s+){0,5}?(?:withdraw|leave|pull|close|quit|end|reduce|"
    r"reorgani[sz]e|keep|take all|dissolve|be no|depart|exit)\b"
    r"|\bwould\s+[“\"]?soon[”\"]?\s+be\s+no\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:could|might|should|considering|consider|weighing|weighs|weigh|ready to|offer(?:s|ed)?|"
    r"offers? of|propos\w+|possible|possibly|possibility|if|unless|potential\w*|contemplat\w+|"
    r"mull\w*|threat\w*|menac\w+|warn\w*|hopes? to|seek(?:s|ing)? to|wants? to|courted|"
    r"expected to|likely to)\b",
    re.IGNORECASE,
)
_MAY = re.compile(r"\bmay\b")
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ial)|dismiss\w*|refut\w+|contest\w*|disput\w+|played down|"
    r"deny(?:ing)?)\b|\breject\w*\s+(?:the\s+|these\s+|those\s+|such\s+|all\s+)?(?:claims?|"
    r"allegations?|declarations?|accusations?|reports?|charges?)\b|\b(?:claim|allegation|"
    r"accusation)s?\b[^.;]{0,30}\breject",
    re.IGNORECASE,
)
_RUMOUR = re.compile(
    r"\b(?:rumou?rs?|unconfirmed|unverified|not (?:been )?(?:independently )?(?:verified|"
    r"confirmed)|alleg\w+|accus\w+|reportedly|speculat\w+|media reports|reports say|"
    r"violations?|purported\w*|claimed)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none)\b|n't\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|shall|would|is to|are to|due to|(?:is|are|was|were) scheduled|plans? to|"
    r"planned|intends? to|meant to|supposed to|"
    r"aims? to|set to|going to|in the coming|by the end of|next (?:year|month|week)|"
    r"to be (?:created|deployed|sent))\b",
    re.IGNORECASE,
)
_FAILED = re.compile(
    r"\b(?:attempted|failed|foiled|abortive|thwarted)\s+(?:\w+\s+)?"
    r"(?:coup|putsch)|\bcoup (?:attempt|plot)|\bplot(?:ting)?\b",
    re.IGNORECASE,
)


def trap_reason(clause: str, event: str | None = None, sentence: str = "") -> str | None:
    """Why this clause states no fact for `event`, or None when it may.

    `sentence` is the whole sentence: an announcing verb there ("Denmark said ... it would
    withdraw") turns a future pull-out into an announcement instead of a plan.
    """
    if _RUMOUR.search(clause):
        return "rumour or allegation"
    if _DENIAL.search(clause):
        return "denial"
    announced = (
        event in _ANNOUNCEABLE
        and bool(_ANNOUNCED_FUTURE.search(clause))
        and bool(ANNOUNCING.search(sentence or clause))
    )
    hypothetical = _HYPOTHETICAL.search(clause) or _MAY.search(clause)
    if hypothetical:
        return f"hypothetical ({hypothetical.group()})"
    negation = _NEGATION.search(clause)
    if negation and not (announced and re.search(r"\bbe\s+no\b", clause)):
        return f"negated ({negation.group()})"
    if event == "coup" and _FAILED.search(clause):
        return "failed coup"
    future = _FUTURE.search(clause)
    if future and not announced:
        return f"future plan ({future.group()})"
    return None


_ANNOUNCEABLE = frozenset({"withdrawal_announced", "agreement_ended", "expulsion"})


def is_announcement(sentence: str) -> bool:
    """True when a future pull-out is reported as someone's announcement or decision."""
    return bool(_ANNOUNCED_FUTURE.search(sentence) and ANNOUNCING.search(sentence))
