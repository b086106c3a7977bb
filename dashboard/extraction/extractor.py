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
import itertools
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

    def extract(
        self, text: str, published: dt.date | None = None, url: str | None = None
    ) -> list[CandidateFact]: ...


_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\- ]{2,}(?:/[A-Z][A-Z'’.\- ]+)*)"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|[A-Z][a-z]+(?: [A-Z][a-z]+)?))?"
    r"(?:\s*\([^)]{1,40}\))?\s*(?:-{1,2}|–|—)\s+"
)
_BOUNDARY = re.compile(
    r";\s+|,\s+(?=(?:while|whereas|but|which|who|whose|where|saying|accusing|citing|claiming|"
    r"adding|calling|a claim|an allegation|a figure|a move|in a move|although|though|despite|"
    r"after|before|days after|hours after|only hours after|weeks after|a project|a facility|"
    r"a deployment|in line with|remains|remain|stays|"
    r"according to|a ceiling|a target|a number|a decision|said|says|told|announced|began|has|"
    r"have|had|is|was|were|are)\b)"
    r"|,\s+(?=(?!(?:signed|dated|founded|launched|based|named|known|backed|led|stationed|"
    r"deployed|detained|accused)\b)[a-z]+ed\b)"
    r"|,\s+(?=[a-z]+ing\b)"
    r"|\s+(?=(?:after|before)\s+(?:the|its|their|his|her|[A-Z]))|\s+(?=so that\b)"
    r"|\s+and\s+(?=(?:says|said|tells|told|asked|hosted|on the same day|intends|plans|aims|"
    r"hopes|wants|expects|will|would|has|have|had|is|was)\b)"
    r"|,\s+and\s+(?=\S+(?:\s+\S+){3})"
)
_ANAPHOR_START = re.compile(r"^(?:It|Its|They|Their|The|This|These|Those|Smaller|Some|Such)\b")
_HOST_ANAPHOR = re.compile(
    r"\b(?:the|our|this) (?:country|nation|landlocked nation|territory)\b|"
    r"\bthe (?:(?:West|North|Central) African|Sahel(?:ian)?|landlocked|impoverished|desert) "
    r"(?:country|nation|state)\b|\bthe former French colony\b|"
    r"\bnational territory\b|\bour soil\b|\bthere\b|\btask force\b",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(
    r"\b(?:in|from|towards|into|at|across|outside|near|via|through|inside|"
    r"bound for|for|on)\s+(?:the\s+)?(?:neighbouring\s+|neighboring\s+|southern\s+|"
    r"northern\s+|eastern\s+|western\s+|central\s+)?$"
)
_BORDER_BEFORE = re.compile(r"\bborder\w*\b[^.;,]*$|\bshared with\s+(?:\w+\s+){0,3}$")
_PERSONNEL_FROM = re.compile(
    r"\b(?:soldiers|troops|personnel|forces|fighters|mercenaries)\s+"
    r"from\s+$"
)
# "French backing", "the French embassy": a demonym that names no acting force.
_NON_ACTOR_NOUN = re.compile(
    r"\s+(?:backing|support|embassy|institute|nationals|citizens|"
    r"flags?|ambassador|uranium|firm|company|newspaper|media|language|"
    r"colonial|diplomacy|territory|airspace)\b",
    re.IGNORECASE,
)
_TALKS_IN = re.compile(
    r"\b(?:talks|negotiations|discussions|summit|meeting)\s+(?:\w+\s+){0,2}?in\s+$|"
    r"\b(?:visit|trip)\s+to\s+$",
    re.IGNORECASE,
)
_CONTRAST_BEFORE = re.compile(
    r"(?:^|[.;]\s*|,\s*)(?:unlike|like|as with|apart from|in contrast to|rather than)\s+"
    r"(?:[\w.'’-]+\s+){0,3}?(?:(?:and|or)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# "150 soldiers in Takuba": the operation is where they serve, not who acts.
_SERVES_IN = re.compile(r"\b(?:in|into|join|joined|under)\s+(?:the\s+)?(?:operation\s+)?$")
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
    foreign_places: list[str] = field(default_factory=list)
    dates: list[dates_mod.DateMention] = field(default_factory=list)
    counts: list[TroopCount] = field(default_factory=list)

    @property
    def lead(self) -> str:
        match = re.match(r"\W*(\w+)", self.text)
        return match.group(1).lower() if match else ""


@dataclass
class _Context:
    published: dt.date | None
    host: list[str] = field(default_factory=list)
    partner: list[str] = field(default_factory=list)
    last_date: FuzzyDate | None = None
    last_day: FuzzyDate | None = None
    host_group: list[str] = field(default_factory=list)  # the last list of several hosts
    orgs: list[str] = field(default_factory=list)  # organisations in order of mention
    pending: set[str] = field(default_factory=set)  # partners with a withdrawal still to come


class RuleExtractor:
    """The default extractor: maintained libraries plus the rule tables in this package."""

    def extract(
        self, text: str, published: dt.date | None = None, url: str | None = None
    ) -> list[CandidateFact]:
        if published is None:
            published = dates_mod.detect_published(text, url)
        context = _Context(published)
        found: list[CandidateFact] = []
        split = sentences(text)
        context.pending = _pending_withdrawals(split)
        for sentence in split:
            found.extend(_sentence_facts(sentence, context))
        return _deduplicate(found)


DEFAULT_EXTRACTOR: Extractor = RuleExtractor()


def extract(
    text: str,
    published: dt.date | None = None,
    url: str | None = None,
    extractor: Extractor | None = None,
) -> list[CandidateFact]:
    """Propose the facts an article states, each with its supporting sentence.

    Parameters: `text` is plain article text (convert HTML first with `article_text`);
    `published` is the date relative expressions resolve against (detected from the text
    when None); `url` may supply the year for a wire dateline.
    """
    return (extractor or DEFAULT_EXTRACTOR).extract(text, published, url)


# ---- one sentence ------------------------------------------------------------------------------

_DIRECT_SPEECH = re.compile(r"^[\"“‘']")
_REGIONAL = re.compile(
    r"\b(?:across|throughout) the (?:Sahel|region)\b|\bin the Sahel\b|"
    r"\bSahel(?:-wide| force)\b|\bregional (?:force|operation)\b|"
    r"\b(?:in|across|throughout) (?:West |North |Central |sub-Saharan )?Africa\b|\bon the continent\b"
)
_TROOP_WORD = re.compile(
    r"\b(?:troops|soldiers|forces|personnel|contingent|instructors|"
    r"trainers|mercenaries|fighters|detachments?|peacekeepers|mission|"
    r"operation|base)\b",
    re.IGNORECASE,
)


def _sentence_facts(sentence: Sentence, context: _Context) -> list[CandidateFact]:
    text = sentence.text
    dateline = _DATELINE.match(text) if sentence.paragraph == 0 else None
    body_start = dateline.end() if dateline else 0
    if dateline:
        context.host = _dateline_hosts(dateline.group(0)) or context.host
    mentions = [m for m in find_mentions(text) if m.start >= body_start]
    all_dates = dates_mod.find_dates(
        text, context.published, context.last_date, body_start, context.last_day
    )
    clauses = _clauses(text, body_start, mentions, all_dates)
    sentence_hosts = _unique(h for c in clauses for h in c.hosts)
    sentence_partners = _unique(p for c in clauses for p in c.partners)
    facts: list[CandidateFact] = []
    # Direct speech restates what the reporting already says; headlines only give context.
    speaking = _DIRECT_SPEECH.match(text[body_start:]) is not None
    # "Neighbouring Nigeria ... has about 1,000 soldiers": a sentence about a bordering state.
    about_neighbour = not sentence_hosts and _neighbour_subject(text, body_start, mentions)
    previous: _Clause | None = None
    head: _Clause | None = None  # the clause a relative clause hangs on
    for clause in clauses if sentence.prose and not speaking and not about_neighbour else []:
        if (
            not clause.partners
            and previous is not None
            and head is not None
            and previous.lead in {"which", "who"}
            and clause.lead not in {"which", "who"}
            and head.partners
        ):
            clause.partners = head.partners  # "X, which is run by Y, remains in ...": X acts
        partners, inherited = _clause_partners(clause, previous, sentence_partners, context, text)
        hosts, host_reason = _clause_hosts(clause, previous, sentence_hosts, context)
        facts.extend(
            _clause_facts(
                clause, sentence, hosts, host_reason, partners, inherited, all_dates, context
            )
        )
        if clause.lead not in {"which", "who"}:
            head = clause
        previous = clause
    facts.extend(_gapped_presence(text, mentions, facts))
    context.orgs.extend(m.code for m in mentions if m.code in ORGANISATIONS)
    if about_neighbour:
        return facts
    if len(sentence_hosts) > 1:
        context.host_group = sentence_hosts
    if sentence_hosts:
        context.host = sentence_hosts
    if sentence_partners:
        context.partner = sentence_partners
    dated = [d.date for d in all_dates if d.date is not None and d.role != "attribute"]
    if dated:
        context.last_date = dated[-1]
        days = [d for d in dated if d.precision is Precision.DAY]
        context.last_day = days[0] if days else context.last_day
    return facts


_GAPPED_COUNT = re.compile(
    r"\s+(?:some|about|around|roughly|nearly|approximately|almost)\s+"
    r"(\d{1,3}(?:,\d{3})+|\d{2,})\b(?!\s*(?:%|percent|per cent|km|years|million|billion))"
)


def _gapped_presence(
    text: str, mentions: list[Mention], facts: list[CandidateFact]
) -> list[CandidateFact]:
    """ "France has around 1,500 troops in Niger and the US about 1,100": the verb and the
    noun are left out for the second partner."""
    stated = [f for f in facts if f.event is Event.PRESENCE and f.troops]
    found: list[CandidateFact] = []
    for m in mentions if stated else []:
        after = _GAPPED_COUNT.match(text, m.end)
        if not after or m.code in SAHEL or not m.code or m.code in MEMBERSHIP_ORGS:
            continue
        if not re.search(r"\band\s+(?:the\s+)?$", text[: m.start]):
            continue
        model = stated[0]
        summary = _SUMMARY[Event.PRESENCE].format(
            partner=name_of(m.code), host=name_of(model.country)
        )
        value = int(after.group(1).replace(",", ""))
        found.append(
            replace(
                model,
                partner=m.code,
                troops=value,
                summary=f"{summary[0].upper()}{summary[1:]} ({value:,} personnel).",
                reason=f"{model.reason}; {m.surface} given with the verb left out",
            )
        )
    return found


def _clause_partners(
    clause: _Clause,
    previous: _Clause | None,
    sentence_partners: list[str],
    context: _Context,
    text: str,
) -> tuple[list[str], bool]:
    if clause.partners:
        return clause.partners, False
    anaphor = _ORG_ANAPHOR.search(clause.text)
    if anaphor:
        wanted = _ORG_ANAPHORS[anaphor.group(1).lower()]
        named = [code for code in sentence_partners if code in wanted]
        if named:
            return named[-1:], True
        recent = [code for code in context.orgs if code in wanted]
        if recent:
            return recent[-1:], True
    if previous is not None and clause.lead in {"which", "who", "whose", "where"}:
        last = [m for m in previous.mentions if m.code in previous.partners]
        if last:
            return [last[-1].code], True
    if sentence_partners:
        return sentence_partners, True
    if context.partner and (
        _ANAPHOR_START.match(text)
        or _TROOP_WORD.search(text)
        or not any(m.code in SAHEL for m in clause.mentions)
        or set(context.partner) <= MEMBERSHIP_ORGS
    ):
        return context.partner, True
    return [], True


# "the alliance", "the bloc": an organisation named earlier.
_ORG_ANAPHORS: dict[str, frozenset[str]] = {
    "alliance": frozenset({"AES", "G5S"}),
    "confederation": frozenset({"AES"}),
    "bloc": frozenset({"ECOWAS", "AES", "G5S", "EU"}),
    "mission": frozenset({"UN", "EU"}),
    "council": frozenset({"UN"}),
    "peacekeepers": frozenset({"UN"}),
    "group": frozenset({"WAGNER", "G5S", "AFRICA_CORPS"}),
    "mercenaries": frozenset({"WAGNER"}),
}
_ORG_ANAPHOR = re.compile(
    r"\b(?:the|this|that|its|their) (?:\w+ )?(alliance|confederation|bloc|mission|council|"
    r"peacekeepers|group|mercenaries)\b",
    re.IGNORECASE,
)
# States that border the Sahel hosts: named as the subject of a sentence, they are the topic,
# never a partner acting in the host of the previous sentence.
_NEIGHBOURS = frozenset(
    {"NGA", "CMR", "GHA", "BEN", "TGO", "CIV", "DZA", "LBY", "GIN", "SDN", "CAF", "GMB", "GNB"}
)


def _neighbour_subject(text: str, body_start: int, mentions: list[Mention]) -> bool:
    named = [m for m in mentions if m.code]
    if not named or named[0].code not in _NEIGHBOURS:
        return False
    lead = text[body_start : named[0].start]
    return len(lead) < 40 and not re.search(r"\b(?:in|from|to|with|and|by|of)\s+(?:the\s+)?$", lead)


_PENDING = re.compile(
    r"\b(?:due|expected|scheduled|set|planned) to (?:complete|finish|leave|be completed)\b|"
    r"\bremaining (?:\w+ ){0,2}(?:troops|soldiers|forces|personnel)\b[^.;]{0,40}\b(?:will|to) leave\b",
    re.IGNORECASE,
)


def _pending_withdrawals(split: list[Sentence]) -> set[str]:
    """Partners whose withdrawal the article says is still to be completed."""
    found: set[str] = set()
    for sentence in split:
        if _PENDING.search(sentence.text):
            found.update(m.code for m in find_mentions(sentence.text) if m.code not in SAHEL)
    return found


def _dateline_hosts(dateline: str) -> list[str]:
    hosts = [m.code for m in find_mentions(dateline.title()) if m.code in SAHEL]
    for place, code in CAPITALS.items():
        if code in SAHEL and place.upper() in dateline.upper():
            hosts.append(code)
    return _unique(hosts)


def _clauses(
    text: str, body_start: int, mentions: list[Mention], all_dates: list[dates_mod.DateMention]
) -> list[_Clause]:
    cuts = [body_start] + [m.end() for m in _BOUNDARY.finditer(text, body_start)] + [len(text)]
    clauses = []
    counts = troop_counts(text)
    for start, end in itertools.pairwise(cuts):
        if end <= start:
            continue
        clause = _Clause(start, end, text[start:end])
        clause.mentions = [m for m in mentions if start <= m.start < end]
        clause.hosts, clause.partners, clause.foreign_places = _roles(text, clause.mentions)
        clause.dates = [d for d in all_dates if start <= d.start < end]
        clause.counts = [c for c in counts if start <= c.start < end]
        clauses.append(clause)
    return clauses


def _roles(text: str, mentions: list[Mention]) -> tuple[list[str], list[str], list[str]]:
    hosts: list[Mention] = []
    partners, places = [], []
    for m in mentions:
        before = text[max(0, m.start - 60) : m.start]
        after = text[m.end : m.end + 12]
        if m.code in SAHEL:
            if _BORDER_BEFORE.search(before) or re.match(r"\s*border", after):
                continue
            if m.kind != "operation":
                hosts.append(m)
            continue
        if not m.code:
            continue
        if _CONTRAST_BEFORE.search(before):
            continue  # "Unlike Washington and Berlin, Rome has kept ...": not the actor
        located = (
            m.kind in {"country", "capital", "place"}
            and _LOCATIVE.search(before)
            and not re.match(r"['’]s\b", after)
            and not _PERSONNEL_FROM.search(before)
        )
        if located and m.kind == "capital" and _TALKS_IN.search(before):
            partners.append(m.code)  # "held talks in Moscow", "a visit to Paris"
        elif located:
            if m.kind == "country":
                places.append(m.code)
        elif not _NON_ACTOR_NOUN.match(after) and not (
            m.kind == "operation" and _SERVES_IN.search(before)
        ):
            partners.append(m.code)
    partners = _unique(partners)
    # "Russian mercenaries from the Wagner Group": the group, not the state.
    if "RUS" in partners and {"WAGNER", "AFRICA_CORPS"} & set(partners):
        rus = [m for m in mentions if m.code == "RUS"]
        groups = [m for m in mentions if m.code in {"WAGNER", "AFRICA_CORPS"}]
        if all(any(abs(r.start - g.start) < 45 for g in groups) for r in rus):
            partners.remove("RUS")
    return _unique(_host_codes(text, hosts)), partners, _unique(places)


def _host_codes(text: str, hosts: list[Mention]) -> list[str]:
    """ "some 6,300 West African and Chadian soldiers ... in Mali": contributors are not hosts."""
    codes = {m.code for m in hosts}
    if len(codes) < 2:
        return [m.code for m in hosts]
    keep = []
    for m in hosts:
        contributor = m.kind == "demonym" and re.match(
            r"\s+(?:\w+\s+)?(?:troops|soldiers|forces|peacekeepers|contingent)",
            text[m.end : m.end + 30],
        )
        if not contributor:
            keep.append(m.code)
    return keep or [m.code for m in hosts]


def _clause_hosts(
    clause: _Clause, previous: _Clause | None, sentence_hosts: list[str], context: _Context
) -> tuple[list[str], str]:
    if clause.hosts:
        return clause.hosts, "named in the clause"
    if _REGIONAL.search(clause.text) or (
        clause.foreign_places and not _HOST_ANAPHOR.search(clause.text)
    ):
        return [], ""  # a region-wide statement or one about a country outside the Sahel
    if previous is not None and clause.lead == "where" and previous.hosts:
        return _trailing_hosts(previous), "named in the sentence"
    group = _GROUP_ANAPHOR.search(clause.text)
    if group and context.host_group and not sentence_hosts:
        size = _GROUP_SIZES.get(group.group(1).lower()) if group.group(1) else None
        if size in (None, len(context.host_group)):
            return context.host_group, "from the previous sentences"
    if sentence_hosts:
        return sentence_hosts, "named in the sentence"
    if context.host and (
        _HOST_ANAPHOR.search(clause.text)
        or not clause.mentions
        or all(m.code not in SAHEL for m in clause.mentions)
    ):
        return context.host, "from the previous sentences"
    return [], ""


_GROUP_ANAPHOR = re.compile(
    r"\b(?:the (two|three|four|five) (?:countries|states|juntas|nations|governments|"
    r"military governments|neighbours)|all three|the trio)\b",
    re.IGNORECASE,
)
_GROUP_SIZES = {"two": 2, "three": 3, "four": 4, "five": 5}


def _trailing_hosts(clause: _Clause) -> list[str]:
    """The hosts a "where" clause refers to: the list that ends the previous clause."""
    hosts = [m for m in clause.mentions if m.code in clause.hosts]
    found: list[str] = []
    end = clause.end
    for m in reversed(hosts):
        if not re.fullmatch(
            r"[\s,]*(?:and|or)?[\s,]*", clause.text[m.end - clause.start : end - clause.start]
        ):
            break
        found.insert(0, m.code)
        end = m.start
    return _unique(found) or clause.hosts[-1:]


# ---- facts of one clause -----------------------------------------------------------------------

_SIGNING_DATE = re.compile(
    r"\b(?:agreements?|accords?|treat(?:y|ies)|pacts?|protocols?|charter|conventions?)\b"
    r"[^.;]{0,60}?\b(?:of|dated|signed (?:on|in))\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_YEAR_OF_AGREEMENT = re.compile(
    r"(?:19|20)\d\d\s+(?:[a-z-]+\s+){0,2}?(?:agreements?|accords?|treat(?:y|ies)|pacts?)\b"
)
_NOMINAL_SUBJECT = re.compile(r"\s+(?:follows|followed|comes|came|marks|marked)\b")
_LAST_SITE = re.compile(
    r"\b(?:last|final|remaining)\b(?:\s+\S+){0,6}?\s+(?:bases?|facilit\w+|camps?|sites?)\b",
    re.IGNORECASE,
)
_DESTINATION = re.compile(r"\b(?:for|to|towards|into)\s+(?:neighbouring\s+|neighboring\s+)?$")
_COUP_IN = re.compile(r"\bin\s+(?:neighbouring\s+|neighboring\s+)?$")


def _clause_facts(
    clause: _Clause,
    sentence: Sentence,
    hosts: list[str],
    host_reason: str,
    partners: list[str],
    inherited: bool,
    all_dates: list[dates_mod.DateMention],
    context: _Context,
) -> list[CandidateFact]:
    if not hosts or _mission_contingent(clause, sentence.text, partners):
        return []
    sahel_pair = _sahel_partner(clause)
    if sahel_pair:
        partners, hosts = sahel_pair
        inherited = False
    signing = [
        d
        for d in clause.dates
        if d.date is not None
        and (
            _SIGNING_DATE.search(sentence.text[max(0, d.start - 90) : d.start])
            or _YEAR_OF_AGREEMENT.match(sentence.text[d.start : d.end + 30])
        )
    ]
    facts = _signing_facts(clause, sentence, hosts, host_reason, partners, signing)
    clause.dates = [d for d in clause.dates if d not in signing]
    # Only cues that can state a fact here compete for the clause's dates.
    viable = []
    cues = find_cues(clause.text)
    for cue in cues:
        event = Event(cue.event)
        if trap_reason(clause.text, cue.event, sentence.text) or _cue_blocked(
            cue, clause, sentence, inherited
        ):
            continue
        if is_nominal(cue) and _NOMINAL_SUBJECT.match(clause.text[cue.end :]):
            continue  # "The arrival follows ...": an event already reported, named again
        if (
            event is Event.PRESENCE
            and cue.text.lower() == "stationed"
            and any(c.event in {"withdrawal", "drawdown", "expulsion"} for c in cues)
        ):
            continue  # "the last soldiers stationed in X flew out": a description
        if "handed over" in cue.text.lower():
            last = _LAST_SITE.search(sentence.text[: clause.start + cue.start + 80])
            event = Event.WITHDRAWAL if last else event
        if event is Event.WITHDRAWAL and re.search(r"handed over", cue.text):
            pending = set(partners) & context.pending
            event = Event.DRAWDOWN if pending else event
        cue_partners = _partners_for(event, _subject_partners(clause, partners, cue))
        if event is Event.COUP or cue_partners:
            viable.append((cue, event, cue_partners))
    assigned = _dates_for_cues([c for c, _, _ in viable], clause)
    for index, (cue, event, cue_partners) in enumerate(viable):
        cue_hosts = _hosts_for(event, hosts, clause, host_reason, cue)
        own = assigned[index] or _coordinated_date(index, viable, assigned, clause)
        since = [d for d in own if d.role == "since" and d.date is not None]
        if event is Event.PRESENCE and since:
            event = Event.DEPLOYMENT  # "have been in Niger since April": arrived in April
            own = since
        dates = _cue_dates(
            cue, event, own, clause, sentence, all_dates, context, len(cue_hosts) > 1
        )
        if not any(dates):
            dates = _chained_date(index, viable, assigned, clause) or dates
        for host in cue_hosts:
            for date in _host_dates(host, cue_hosts, dates, clause):
                for partner in cue_partners or [""]:
                    if partner == host:
                        continue
                    troops = _troops_for(clause, sentence, partner, event, date, context)
                    facts.append(
                        _candidate(
                            sentence,
                            host,
                            partner,
                            event,
                            date,
                            troops,
                            cue.text,
                            host_reason,
                            clause,
                        )
                    )
    return facts


def _sahel_partner(clause: _Clause) -> tuple[list[str], list[str]] | None:
    """ "Chad deployed 500 soldiers to Niger": a Sahel state acting in another one."""
    if clause.partners:
        return None
    named = [m for m in clause.mentions if m.code in clause.hosts]
    if len({m.code for m in named}) < 2 or named[0].start - clause.start > 15:
        return None
    subject = named[0]
    if subject.kind not in {"country", "capital"}:
        return None
    targets = [
        m.code
        for m in named[1:]
        if m.code != subject.code
        and re.search(r"\b(?:to|in|into)\s+(?:the\s+)?$", clause.text[: m.start - clause.start])
    ]
    return ([subject.code], _unique(targets)) if targets else None


def _coordinated_date(
    index: int,
    viable: list[tuple[Cue, Event, list[str]]],
    assigned: list[list[dates_mod.DateMention]],
    clause: _Clause,
) -> list[dates_mod.DateMention]:
    """ "denounced the accords in August and demanded that the force leave": two verbs
    joined by "and" share the one date the clause gives."""
    cue = viable[index][0]
    if is_nominal(cue):
        return []
    for other, (o_cue, o_event, _) in enumerate(viable):
        dated = [d for d in assigned[other] if d.date is not None and d.role == "at"]
        if other == index or not dated or o_event is Event.COUP or is_nominal(o_cue):
            continue
        left, right = sorted((cue, o_cue), key=lambda c: c.start)
        if re.search(r"\band\b", clause.text[left.end : right.start]):
            return dated[:1]
    return []


def _chained_date(
    index: int,
    viable: list[tuple[Cue, Event, list[str]]],
    assigned: list[list[dates_mod.DateMention]],
    clause: _Clause,
) -> list[FuzzyDate | None]:
    """ "an agreement reached during a phone call on 26 March": the call's date."""
    if index + 1 >= len(viable):
        return []
    cue, nxt = viable[index][0], viable[index + 1][0]
    link = clause.text[cue.end : nxt.start]
    if re.fullmatch(r"\s*(?:\w+\s+){0,2}during\s+(?:a|an|the)?\s*", link):
        found: list[FuzzyDate | None] = [d.date for d in assigned[index + 1] if d.date]
        return found[:1]
    return []


def _signing_facts(
    clause: _Clause,
    sentence: Sentence,
    hosts: list[str],
    host_reason: str,
    partners: list[str],
    signing: list[dates_mod.DateMention],
) -> list[CandidateFact]:
    """ "the Treaty ... of 16 July 2014": an agreement signed on that date, stated in passing."""
    facts = []
    for mention in signing:
        for host in hosts:
            for partner in partners:
                if partner != host:
                    facts.append(
                        _candidate(
                            sentence,
                            host,
                            partner,
                            Event.AGREEMENT,
                            mention.date,
                            None,
                            "agreement of <date>",
                            host_reason,
                            clause,
                        )
                    )
    return facts


def _cue_blocked(cue: Cue, clause: _Clause, sentence: Sentence, inherited: bool) -> bool:
    text = clause.text
    if cue.event == "deployment" and re.search(r"\bauthori[sz]\w*|\bapprov\w*", text):
        return True  # an authorisation is not the deployment itself
    if cue.event == "deployment" and cue.text.lower().startswith("launch") and inherited:
        return True  # "its joint force, launched in 2017": whose force is not said here
    if cue.event == "deployment" and cue.text.lower() in {"began", "begun"}:
        return not re.search(r"\b(?:operation|mission)\b", sentence.text, re.IGNORECASE)
    if cue.event == "expulsion" and re.search(
        r"\b(?:rall\w+|protest\w*|demonstrat\w+|crowds?|"
        r"marche[sd]|people)\b",
        text,
        re.IGNORECASE,
    ):
        return True  # a street demand is not a government order
    return cue.event == "other" and inherited and bool(re.search(r"killed|died", cue.text))


def _subject_partners(clause: _Clause, partners: list[str], cue: Cue) -> list[str]:
    """Prefer the partners named before the verb (the actor) over those after it."""
    if partners is not clause.partners:
        return partners
    adjacent = [
        m.code
        for m in clause.mentions
        if m.code in partners and 0 <= cue.start - (m.end - clause.start) <= 1
    ]
    if adjacent:
        return adjacent  # "since French forces left": the demonym that heads the cue
    before = [
        m.code for m in clause.mentions if m.code in partners and m.start - clause.start < cue.start
    ]
    return _unique(before) or partners


def _host_dates(
    host: str, hosts: list[str], dates: list[FuzzyDate | None], clause: _Clause
) -> list[FuzzyDate | None]:
    """ "arrived in Burkina Faso in January 2024 and in Niger in April": one date per host."""
    if len(hosts) < 2 or len(dates) < 2:
        return dates
    spans = sorted((m.start, m.code) for m in clause.mentions if m.code in hosts)
    own_dates = [d for d in clause.dates if d.date in dates]
    if len(own_dates) < 2:
        return dates[:1]
    for i, (start, code) in enumerate(spans):
        if code != host:
            continue
        stop = spans[i + 1][0] if i + 1 < len(spans) else clause.end
        mine = [d.date for d in own_dates if start <= d.start < stop]
        if mine:
            return mine[:1]
    return dates


_IN_MISSION = re.compile(r"\b(?:in|to)\s+(?:the\s+)?(?:MINUSMA|UN mission|UN force|new force)\b")


def _mission_contingent(clause: _Clause, sentence: str, partners: list[str]) -> bool:
    """A national contingent inside a UN mission counts under the mission, and its size is not
    the mission's: such sentences give no fact for the state or the mission."""
    has_mission = "UN" in partners or re.search(r"\bMINUSMA\b", sentence)
    if not has_mission:
        return False
    if "UN" in partners and re.search(r"\bcontingents?\b", sentence):
        return True
    states = [
        m
        for m in find_mentions(sentence)
        if m.code
        and m.code not in ORGANISATIONS
        and m.code not in SAHEL
        and m.kind in {"country", "demonym"}
    ]
    return bool(states) and bool(_IN_MISSION.search(sentence))


def _partners_for(event: Event, partners: list[str]) -> list[str]:
    if event in _NO_PARTNER_EVENTS:
        return []
    membership = [p for p in partners if p in MEMBERSHIP_ORGS]
    if membership:
        if event.value in {
            "agreement",
            "agreement_ended",
            "withdrawal",
            "withdrawal_announced",
            "expulsion",
        }:
            return membership
        return [p for p in partners if p not in MEMBERSHIP_ORGS]
    return partners


def _hosts_for(
    event: Event, hosts: list[str], clause: _Clause, host_reason: str, cue: Cue | None = None
) -> list[str]:
    named = [m for m in clause.mentions if m.code in hosts]
    if cue is not None and event is Event.COUP and len(hosts) > 1:
        # "after coups in Mali in 2020 and Burkina Faso in 2022": the places of the coups
        after = [
            m.code
            for m in named
            if m.start - clause.start >= cue.end
            and (
                _COUP_IN.search(clause.text[: m.start - clause.start])
                or re.search(r"\band\s+$", clause.text[: m.start - clause.start])
            )
        ]
        if after:
            return _unique(after)
    if event in {Event.WITHDRAWAL, Event.DRAWDOWN} and len(hosts) > 1:
        # "left Niamey by road for Chad": the destination is not the host
        kept = [
            h
            for h in hosts
            if not all(
                _DESTINATION.search(clause.text[: m.start - clause.start])
                for m in named
                if m.code == h
            )
            or not any(m.code == h for m in named)
        ]
        if kept:
            hosts = kept
    if event is Event.COUP and host_reason == "from the previous sentences":
        anaphor = re.search(r"\b(?:the country|our country|the army|junta)\b", clause.text)
        return hosts if anaphor else []
    return hosts


def _dates_for_cues(cues: list[Cue], clause: _Clause) -> list[list[dates_mod.DateMention]]:
    """Each date expression goes to its nearest cue in the clause."""
    assigned: list[list[dates_mod.DateMention]] = [[] for _ in cues]
    for date in clause.dates if cues else []:
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
        gap = clause.text[cue.end : start]
        return start - cue.end + (60 if "," in gap else 0)
    gap = clause.text[end : cue.start]
    return (cue.start - end) * 2 + 10 + (60 if "," in gap and start > 3 else 0)


_NO_SHARED_DATE = frozenset(
    {
        "after",
        "before",
        "since",
        "days",
        "weeks",
        "months",
        "when",
        "until",
        "although",
        "though",
        "despite",
        "intends",
        "plans",
        "aims",
        "hopes",
        "wants",
        "expects",
        "will",
        "would",
    }
)


def _cue_dates(
    cue: Cue,
    event: Event,
    own: list[dates_mod.DateMention],
    clause: _Clause,
    sentence: Sentence,
    all_dates: list[dates_mod.DateMention],
    context: _Context,
    several_hosts: bool = False,
) -> list[FuzzyDate | None]:
    """The dates a cue's facts carry (several for "coups in January and September")."""
    if any(d.role == "range" for d in own):
        return [None]
    if clause.lead in {"completing", "ending", "marking", "concluding"} and event in {
        Event.WITHDRAWAL,
        Event.DRAWDOWN,
    }:
        # "..., completing a withdrawal ordered last year": the main clause's event and date
        main = [
            d.date
            for d in all_dates
            if d.end <= clause.start and d.date is not None and d.role == "at"
        ]
        if main:
            return [main[-1]]
    possessive: list[FuzzyDate | None] = [
        d.date
        for d in own
        if d.role == "attribute"
        and d.date is not None
        and re.fullmatch(r"['’]s\s+", clause.text[d.end - clause.start : cue.start])
    ]
    if possessive:
        return possessive[:1]  # "last year's coup"
    published = FuzzyDate(context.published, Precision.DAY) if context.published else None
    if event is Event.PRESENCE and published and is_present_tense(clause.text):
        return [published]  # a state in the present tense holds at the article's date
    usable = [d for d in own if d.date is not None and d.role in {"at", "since"}]
    if not usable and event in {Event.WITHDRAWAL, Event.DRAWDOWN}:
        # "they were gone by February": a past deadline dates a completed move.
        usable = [d for d in own if d.date is not None and d.role == "until"]
    published = FuzzyDate(context.published, Precision.DAY) if context.published else None
    if usable:
        several = event in _MULTI_DATE_EVENTS or several_hosts
        return [d.date for d in (usable if several else usable[:1])]
    if is_nominal(cue):
        return [None]
    present = is_present_tense(clause.text)
    if event is Event.PRESENCE:
        if present and published:
            return [published]
        borrowed = [d for d in clause.dates if d.date is not None and d.role == "at"]
        if borrowed:
            return [min(borrowed, key=lambda d: _distance(clause, cue, d)).date]
    if event is Event.OTHER and present and re.search(r"\b(?:now|currently|still)\b", clause.text):
        return [published]
    # Dates of the other clauses, unless they date an agreement named in passing.
    sentence_dates = [
        d.date
        for d in all_dates
        if d.date is not None
        and d.role == "at"
        and not clause.start <= d.start < clause.end
        and not _SIGNING_DATE.search(sentence.text[max(0, d.start - 90) : d.start])
    ]
    before = sentence.text[: clause.start].rstrip()
    if clause.lead == "hours" or (clause.lead == "after" and before.endswith("hours")):
        return [sentence_dates[0] if sentence_dates else context.last_day]
    if clause.lead not in _NO_SHARED_DATE and sentence_dates and event is not Event.COUP:
        return [sentence_dates[0]]
    if event is Event.PRESENCE:
        return [published]
    return [None]


def _troops_for(
    clause: _Clause,
    sentence: Sentence,
    partner: str,
    event: Event,
    date: FuzzyDate | None,
    context: _Context,
) -> int | None:
    """The force size the clause states, if it held at the fact's date."""
    if event in {Event.COUP, Event.TALKS, Event.AGREEMENT} or not partner:
        return None
    counts = [c for c in clause.counts if c.value is not None]
    if not counts and not clause.counts:
        # "took command ..., bringing some 6,300 soldiers": the participle clause that follows.
        rest = sentence.text[clause.end :]
        follow = re.match(r"\s*(\w+ing)\b[^;]*", rest)
        if follow:
            span = (clause.end, clause.end + follow.end())
            counts = [
                c
                for c in troop_counts(sentence.text)
                if span[0] <= c.start < span[1] and c.value is not None
            ]
    if not counts and not clause.counts and date is not None:
        shared = _sentence_counts(sentence, partner)
        if (
            shared
            and _gap_days(date, _shared_count_date(sentence, shared[0], context)) <= _SAME_DAYS
        ):
            return shared[0].value
        return None
    if len(counts) != 1:
        return None
    count_date = _count_date(clause, counts[0], context)
    if date is not None and count_date is not None and _gap_days(date, count_date) > _SAME_DAYS:
        return None
    return counts[0].value


def _shared_count_date(sentence: Sentence, count: TroopCount, context: _Context) -> FuzzyDate:
    """The date a count elsewhere in the sentence holds at: a date in its own clause, or the
    article date."""
    cuts = [0] + [m.end() for m in _BOUNDARY.finditer(sentence.text)] + [len(sentence.text)]
    start = max(c for c in cuts if c <= count.start)
    end = min(c for c in cuts if c > count.start)
    near = [
        d.date
        for d in dates_mod.find_dates(sentence.text[start:end], context.published)
        if d.date is not None and d.role == "at"
    ]
    if near:
        return near[0]
    return FuzzyDate(context.published or dt.date.min, Precision.DAY)


def _sentence_counts(sentence: Sentence, partner: str) -> list[TroopCount]:
    """A single force size stated elsewhere in the sentence for the same partner."""
    counts = [c for c in troop_counts(sentence.text) if c.value is not None]
    if len(counts) != 1 or partner not in {m.code for m in find_mentions(sentence.text)}:
        return []
    return counts


def _count_date(clause: _Clause, count: TroopCount, context: _Context) -> FuzzyDate | None:
    """When the stated strength held: the date written nearest to the number, else the
    article date."""
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


def _candidate(
    sentence: Sentence,
    host: str,
    partner: str,
    event: Event,
    date: FuzzyDate | None,
    troops: int | None,
    cue_text: str,
    host_reason: str,
    clause: _Clause,
) -> CandidateFact:
    confidence = 0.85
    if host_reason == "from the previous sentences":
        confidence -= 0.2
    if partner and partner not in clause.partners:
        confidence -= 0.1
    if date is None:
        confidence -= 0.1
    summary = _SUMMARY[event].format(
        partner=name_of(partner) if partner else "", host=name_of(host)
    )
    summary = summary[0].upper() + summary[1:]
    if troops:
        summary += f" ({troops:,} personnel)"
    if date:
        summary += f", {date}"
    reason = (
        f"cue {cue_text!r}; host {name_of(host)} {host_reason}"
        + (f"; partner {partner}" if partner else "")
        + (f"; date {date}" if date else "")
    )
    return CandidateFact(
        host,
        partner,
        event,
        date,
        troops,
        summary + ".",
        sentence.text,
        sentence.start,
        sentence.end,
        round(max(0.05, confidence), 2),
        reason,
    )


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
    kept_facts = _announcement_is_exit(list(best.values()))
    result = []
    for fact in kept_facts:
        same = [o for o in kept_facts if o is not fact and o.key()[:3] == fact.key()[:3]]
        if fact.date is None and any(o.date is not None for o in same):
            continue
        if fact.date is not None and any(
            o.date is not None and _finer(o.date, fact.date) for o in same
        ):
            continue
        result.append(fact)
    return sorted(result, key=lambda f: (f.start, f.country, f.partner, f.event.value))


def _announcement_is_exit(facts: list[CandidateFact]) -> list[CandidateFact]:
    """ "X announced it was leaving" and, elsewhere, "X quit" with no date: one exit, dated by
    the announcement."""
    exits = {f.key()[:2] for f in facts if f.event is Event.WITHDRAWAL and f.date is not None}
    undated = {
        f.key()[:2]: i for i, f in enumerate(facts) if f.event is Event.WITHDRAWAL and not f.date
    }
    result = list(facts)
    dropped = set()
    for i, fact in enumerate(facts):
        pair = fact.key()[:2]
        if (
            fact.event is Event.WITHDRAWAL_ANNOUNCED
            and fact.date is not None
            and pair in undated
            and pair not in exits
        ):
            result[undated[pair]] = replace(result[undated[pair]], date=fact.date)
            exits.add(pair)
            dropped.add(i)
    return [f for i, f in enumerate(result) if i not in dropped]


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
