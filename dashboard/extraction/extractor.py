"""Rule-based extraction: sentences -> clauses -> (host, partner, event, date, troops).

`Extractor` is the interface a statistical or LLM backend would implement; `RuleExtractor`
is the default. The pipeline for each sentence:

1. mask a wire dateline ("BAMAKO, Jan 12 (Sahel Wire) -") so its place and day are not read
   as facts, but keep it in the quote;
2. split into clauses at ";", ", while", ", and ...", relative and participle clauses;
3. in each clause find event cues, names (hosts, partners) and dates; skip clauses that deny,
   rumour, hypothesise or plan;
4. give each cue its nearest date, each host x partner pair a fact, and troop counts to the
   facts they describe.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol

from dashboard.extraction import dates as dates_mod
from dashboard.extraction.candidate import CandidateFact
from dashboard.extraction.events import Cue, find_cues, is_nominal, is_present_tense
from dashboard.extraction.gazetteer import (
    CAPITALS,
    MEMBERSHIP_ORGS,
    ORGANISATIONS,
    SAHEL,
    Mention,
    find_mentions,
    name_of,
)
from dashboard.extraction.negation import ANNOUNCING, trap_reason
from dashboard.extraction.numbers import TroopCount, troop_counts
from dashboard.extraction.text import Sentence, sentences
from dashboard.models import Event, FuzzyDate, Precision


class Extractor(Protocol):
    """Anything that proposes facts from article text (rule-based today, a model later)."""

    def extract(self, text: str, published: dt.date | None = None,
                url: str | None = None) -> list[CandidateFact]: ...


_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\- ]{2,}(?:/[A-Z][A-Z'’.\- ]+)*)"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|[A-Z][a-z]+(?: [A-Z][a-z]+)?))?"
    r"(?:\s*\([^)]{1,40}\))?\s*(?:-{1,2}|–|—)\s+"
)
_BOUNDARY = re.compile(
    r";\s+|,\s+(?=(?:while|whereas|but|which|who|whose|where|saying|accusing|citing|claiming|"
    r"adding|calling|a claim|an allegation|a figure|a move|in a move|although|though|despite|"
    r"after|before|days after|hours after|weeks after|a project|a facility|according to)\b)"
    r"|\s+(?=(?:after|before)\s+(?:the|its|their|his|her|[A-Z]))"
    r"|\s+and\s+(?=(?:says|said|tells|told|asked|hosted|on the same day)\b)"
    r"|,\s+and\s+(?=\S+(?:\s+\S+){3})"
)
_ANAPHOR_START = re.compile(r"^(?:It|Its|They|Their|The|This|These|Those|Smaller|Some|Such)\b")
_HOST_ANAPHOR = re.compile(r"\b(?:the|our|this) (?:country|nation|landlocked nation|territory)\b|"
                           r"\bnational territory\b|\bour soil\b|\bthere\b|\btask force\b",
                           re.IGNORECASE)
_LOCATIVE = re.compile(r"\b(?:in|from|to|towards|into|at|across|outside|near|via|through|inside|"
                       r"bound for|on)\s+(?:the\s+)?(?:neighbouring\s+|neighboring\s+|southern\s+|"
                       r"northern\s+|eastern\s+|western\s+|central\s+)?$")
_BORDER_BEFORE = re.compile(r"\bborder\w*\b[^.;,]*$|\bshared with\s+(?:\w+\s+){0,3}$")
_PERSONNEL_FROM = re.compile(r"\b(?:soldiers|troops|personnel|forces|fighters|mercenaries)\s+"
                             r"from\s+$")
_SAME_DAYS = 45
_MULTI_DATE_EVENTS = frozenset({Event.COUP, Event.DRAWDOWN, Event.AGREEMENT})
_NO_PARTNER_EVENTS = frozenset({Event.COUP})


@dataclass
class _Clause:
    start: int
    end: int
    text: str
    mentions: list[Mention] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    dates: list[dates_mod.DateMention] = field(default_factory=list)
    counts: list[TroopCount] = field(default_factory=list)


@dataclass
class _Context:
    published: dt.date | None
    host: list[str] = field(default_factory=list)
    partner: list[str] = field(default_factory=list)
    last_date: FuzzyDate | None = None


class RuleExtractor:
    """The default extractor: maintained libraries plus the rule tables in this package."""

    def extract(self, text: str, published: dt.date | None = None,
                url: str | None = None) -> list[CandidateFact]:
        if published is None:
            published = dates_mod.detect_published(text, url)
        context = _Context(published)
        found: list[CandidateFact] = []
        for sentence in sentences(text):
            found.extend(_sentence_facts(sentence, context))
        return _deduplicate(found)


DEFAULT_EXTRACTOR: Extractor = RuleExtractor()


def extract(text: str, published: dt.date | None = None, url: str | None = None,
            extractor: Extractor | None = None) -> list[CandidateFact]:
    """Propose the facts an article states, each with its supporting sentence.

    Parameters: `text` is plain article text (convert HTML first with `article_text`);
    `published` is the date relative expressions resolve against (detected from the text
    when None); `url` may supply the year for a wire dateline.
    """
    return (extractor or DEFAULT_EXTRACTOR).extract(text, published, url)


# ---- one sentence ------------------------------------------------------------------------------


def _sentence_facts(sentence: Sentence, context: _Context) -> list[CandidateFact]:
    text = sentence.text
    dateline = _DATELINE.match(text) if sentence.paragraph == 0 else None
    body_start = dateline.end() if dateline else 0
    if dateline:
        context.host = _dateline_hosts(dateline.group(0)) or context.host
    mentions = [m for m in find_mentions(text) if m.start >= body_start]
    all_dates = dates_mod.find_dates(text, context.published, context.last_date, body_start)
    clauses = _clauses(text, body_start, mentions, all_dates)
    sentence_hosts = _unique(h for c in clauses for h in c.hosts)
    sentence_partners = _unique(p for c in clauses for p in c.partners)
    facts: list[CandidateFact] = []
    previous_partners: list[str] = []
    for clause in clauses if sentence.prose else []:
        partners = clause.partners or previous_partners or sentence_partners
        if not sentence_partners and _ANAPHOR_START.match(text[body_start:]):
            partners = context.partner
        hosts, host_reason = _clause_hosts(clause, sentence_hosts, context)
        facts.extend(_clause_facts(clause, sentence, hosts, host_reason, partners, all_dates,
                                   context))
        previous_partners = clause.partners or previous_partners
    if sentence_hosts:
        context.host = sentence_hosts
    if sentence_partners:
        context.partner = sentence_partners
    dated = [d.date for d in all_dates if d.date is not None]
    if dated:
        context.last_date = dated[-1]
    return facts


def _dateline_hosts(dateline: str) -> list[str]:
    hosts = [m.code for m in find_mentions(dateline.title().replace("'D", "'D"))
             if m.code in SAHEL]
    for place, code in CAPITALS.items():
        if code in SAHEL and place.upper() in dateline.upper():
            hosts.append(code)
    return _unique(hosts)


def _clauses(text: str, body_start: int, mentions: list[Mention],
             all_dates: list[dates_mod.DateMention]) -> list[_Clause]:
    cuts = [body_start] + [m.end() for m in _BOUNDARY.finditer(text, body_start)] + [len(text)]
    clauses = []
    counts = troop_counts(text)
    for start, end in zip(cuts, cuts[1:], strict=False):
        if end <= start:
            continue
        clause = _Clause(start, end, text[start:end])
        clause.mentions = [m for m in mentions if start <= m.start < end]
        clause.hosts, clause.partners = _roles(text, clause.mentions)
        clause.dates = [d for d in all_dates if start <= d.start < end]
        clause.counts = [c for c in counts if start <= c.start < end]
        clauses.append(clause)
    return clauses


def _roles(text: str, mentions: list[Mention]) -> tuple[list[str], list[str]]:
    hosts, partners = [], []
    for m in mentions:
        before = text[max(0, m.start - 60):m.start]
        after = text[m.end:m.end + 12]
        if m.code in SAHEL:
            if _BORDER_BEFORE.search(before) or re.match(r"\s*border", after):
                continue
            if m.kind != "operation":
                hosts.append(m.code)
            continue
        if not m.code:
            continue
        located = (m.kind in {"country", "capital", "place"} and _LOCATIVE.search(before)
                   and not re.match(r"['’]s\b", after) and not _PERSONNEL_FROM.search(before))
        if not located:
            partners.append(m.code)
    partners = _unique(partners)
    # "Russian mercenaries from the Wagner Group": the group, not the state.
    if "RUS" in partners and {"WAGNER", "AFRICA_CORPS"} & set(partners):
        rus = [m for m in mentions if m.code == "RUS"]
        groups = [m for m in mentions if m.code in {"WAGNER", "AFRICA_CORPS"}]
        if all(any(abs(r.start - g.start) < 45 for g in groups) for r in rus):
            partners.remove("RUS")
    return _unique(hosts), partners


def _clause_hosts(clause: _Clause, sentence_hosts: list[str], context: _Context
                  ) -> tuple[list[str], str]:
    if clause.hosts:
        return clause.hosts, "named in the clause"
    if sentence_hosts:
        return sentence_hosts, "named in the sentence"
    if context.host and (_HOST_ANAPHOR.search(clause.text) or not clause.mentions
                         or all(m.code not in SAHEL for m in clause.mentions)):
        return context.host, "from the previous sentences"
    return [], ""


# ---- facts of one clause -----------------------------------------------------------------------


def _clause_facts(clause: _Clause, sentence: Sentence, hosts: list[str], host_reason: str,
                  partners: list[str], all_dates: list[dates_mod.DateMention],
                  context: _Context) -> list[CandidateFact]:
    cues = find_cues(clause.text)
    if not cues or not hosts:
        return []
    if _mission_contingent(clause, partners):
        return []
    assigned = _dates_for_cues(cues, clause)
    facts = []
    for index, cue in enumerate(cues):
        event = Event(cue.event)
        reason = trap_reason(clause.text, cue.event, sentence.text)
        if reason:
            continue
        cue_partners = _partners_for(event, partners)
        if event is not Event.COUP and not cue_partners:
            continue
        cue_hosts = _hosts_for(event, hosts, cue_partners, clause, host_reason)
        for date in _cue_dates(cue, event, assigned[index], clause, sentence, all_dates, context):
            for host in cue_hosts:
                for partner in cue_partners or [""]:
                    if partner == host:
                        continue
                    troops = _troops_for(clause, partner, host, event, date, context)
                    facts.append(_candidate(sentence, host, partner, event, date, troops,
                                            cue, host_reason, clause))
    return facts


def _mission_contingent(clause: _Clause, partners: list[str]) -> bool:
    """A national contingent inside a UN mission counts under the mission: skip the clause."""
    has_mission = "UN" in partners or re.search(r"\bMINUSMA\b", clause.text)
    states = [p for p in clause.partners if p not in ORGANISATIONS]
    if not has_mission:
        return False
    if re.search(r"\bcontingents?\b", clause.text):
        return True
    return bool(states) and bool(re.search(r"\b(?:in|to|of)\s+(?:the\s+)?(?:MINUSMA|UN mission|"
                                           r"UN force|new force)", clause.text))


def _partners_for(event: Event, partners: list[str]) -> list[str]:
    if event in _NO_PARTNER_EVENTS:
        return []
    membership = [p for p in partners if p in MEMBERSHIP_ORGS]
    if membership:
        if event.value in {"agreement", "agreement_ended", "withdrawal",
                           "withdrawal_announced", "expulsion"}:
            return membership
        return [p for p in partners if p not in MEMBERSHIP_ORGS]
    return partners


def _hosts_for(event: Event, hosts: list[str], partners: list[str], clause: _Clause,
               host_reason: str) -> list[str]:
    if event is Event.COUP and host_reason == "from the previous sentences":
        return hosts if re.search(r"\b(?:the country|the army|junta)\b", clause.text) else []
    return hosts


def _dates_for_cues(cues: list[Cue], clause: _Clause) -> list[list[dates_mod.DateMention]]:
    """Each date expression goes to its nearest cue in the clause."""
    assigned: list[list[dates_mod.DateMention]] = [[] for _ in cues]
    for date in clause.dates:
        distances = [_distance(clause, c, date) for c in cues]
        assigned[distances.index(min(distances))].append(date)
    return assigned


def _distance(clause: _Clause, cue: Cue, date: dates_mod.DateMention) -> int:
    """Characters from a cue to a date; dates usually follow their verb ("revoked ... on
    March 16"), and a comma between them weakens the link ("in July, revoked")."""
    start = date.start - clause.start
    end = date.end - clause.start
    if cue.start <= start < cue.end:
        return 0
    if start >= cue.end:
        gap = clause.text[cue.end:start]
        return start - cue.end + (60 if "," in gap else 0)
    gap = clause.text[end:cue.start]
    return (cue.start - end) * 2 + 10 + (60 if "," in gap and start > 3 else 0)


def _cue_dates(cue: Cue, event: Event, own: list[dates_mod.DateMention], clause: _Clause,
               sentence: Sentence, all_dates: list[dates_mod.DateMention],
               context: _Context) -> list[FuzzyDate | None]:
    if any(d.role == "range" for d in own):
        return [None]
    usable = [d for d in own if d.date is not None and d.role in {"at", "since"}]
    if event is Event.PRESENCE:
        if usable and not is_present_tense(clause.text):
            return [usable[0].date]
        if context.published and is_present_tense(clause.text):
            return [FuzzyDate(context.published, Precision.DAY)]
    if usable:
        chosen = usable if event in _MULTI_DATE_EVENTS else [_nearest(usable)]
        return [d.date for d in chosen]
    if is_nominal(cue):
        return [None]
    other_usable = [d for d in clause.dates if d.date is not None and d.role == "at"]
    if other_usable:
        return [min(other_usable, key=lambda d: _distance(clause, cue, d)).date]
    if re.match(r"\s*(?:after|before|days|hours|weeks|since)\b", clause.text):
        return [None]
    sentence_dates = [d for d in all_dates if d.date is not None and d.role == "at"]
    if sentence_dates and event is not Event.COUP:
        return [sentence_dates[0].date]
    if event is Event.PRESENCE and context.published:
        return [FuzzyDate(context.published, Precision.DAY)]
    return [None]


def _nearest(dates: list[dates_mod.DateMention]) -> dates_mod.DateMention:
    return dates[0]


def _troops_for(clause: _Clause, partner: str, host: str, event: Event, date: FuzzyDate | None,
                context: _Context) -> int | None:
    if event in {Event.COUP, Event.TALKS, Event.AGREEMENT} or not partner:
        return None
    values = [c for c in clause.counts if c.value is not None]
    if len(values) != 1:
        return None
    count = values[0]
    count_date = _count_date(clause, count, context)
    if date is not None and count_date is not None and _gap_days(date, count_date) > _SAME_DAYS:
        return None
    return count.value


def _count_date(clause: _Clause, count: TroopCount, context: _Context) -> FuzzyDate | None:
    """When the stated strength held: the article date for a present state, else the date
    written nearest to the number."""
    if is_present_tense(clause.text) and context.published:
        return FuzzyDate(context.published, Precision.DAY)
    dated = [d for d in clause.dates if d.date is not None and d.role == "at"]
    if dated:
        return min(dated, key=lambda d: abs(d.start - count.start)).date
    return FuzzyDate(context.published, Precision.DAY) if context.published else None


def _gap_days(a: FuzzyDate, b: FuzzyDate) -> int:
    if a.overlaps(b):
        return 0
    return min(abs((a.start - b.end).days), abs((b.start - a.end).days))


_SUMMARY = {
    Event.PRESENCE: "{partner} has forces in {host}",
    Event.DEPLOYMENT: "{partner} deploys forces to {host}",
    Event.DRAWDOWN: "{partner} reduces its forces in {host}",
    Event.WITHDRAWAL: "{partner} completes its withdrawal from {host}",
    Event.WITHDRAWAL_ANNOUNCED: "{partner}'s withdrawal from {host} is announced",
    Event.EXPULSION: "{host} orders {partner}'s forces out",
    Event.AGREEMENT: "{host} and {partner} conclude a security agreement",
    Event.AGREEMENT_ENDED: "{host} ends its security agreement with {partner}",
    Event.TALKS: "{host} and {partner} hold talks",
    Event.COUP: "Military coup in {host}",
    Event.OTHER: "{partner} security activity in {host}",
}


def _candidate(sentence: Sentence, host: str, partner: str, event: Event,
               date: FuzzyDate | None, troops: int | None, cue: Cue, host_reason: str,
               clause: _Clause) -> CandidateFact:
    confidence = 0.85
    if host_reason == "from the previous sentences":
        confidence -= 0.2
    if partner and partner not in clause.partners:
        confidence -= 0.1
    if date is None:
        confidence -= 0.1
    summary = _SUMMARY[event].format(partner=name_of(partner) if partner else "",
                                     host=name_of(host))
    summary = summary[0].upper() + summary[1:]
    if troops:
        summary += f" ({troops:,} personnel)"
    if date:
        summary += f", {date}"
    reason = (f"cue {cue.text!r}; host {name_of(host)} {host_reason}"
              + (f"; partner {partner}" if partner else "") + (f"; date {date}" if date else ""))
    return CandidateFact(host, partner, event, date, troops, summary + ".", sentence.text,
                         sentence.start, sentence.end, round(max(0.05, confidence), 2), reason)


# ---- article level -----------------------------------------------------------------------------


def _deduplicate(facts: list[CandidateFact]) -> list[CandidateFact]:
    """One fact per (country, partner, event, date); drop an undated or coarser restatement
    of a fact that is dated more precisely elsewhere in the article."""
    best: dict[tuple[str, str, str, str], CandidateFact] = {}
    for fact in facts:
        key = fact.key()
        kept = best.get(key)
        if kept is None:
            best[key] = fact
        elif kept.troops is None and fact.troops is not None:
            best[key] = replace(kept, troops=fact.troops)
    kept_facts = list(best.values())
    result = []
    for fact in kept_facts:
        same = [o for o in kept_facts if o is not fact and o.key()[:3] == fact.key()[:3]]
        if fact.date is None and any(o.date is not None for o in same):
            continue
        if fact.date is not None and any(o.date is not None and _finer(o.date, fact.date)
                                         for o in same):
            continue
        result.append(fact)
    return sorted(result, key=lambda f: (f.start, f.country, f.partner, f.event.value))


def _finer(a: FuzzyDate, b: FuzzyDate) -> bool:
    """True when `a` is more precise than `b` and falls inside it."""
    order = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}
    return order[a.precision] > order[b.precision] and b.start <= a.start <= b.end


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


__all__ = ["ANNOUNCING", "DEFAULT_EXTRACTOR", "Extractor", "RuleExtractor", "extract"]
