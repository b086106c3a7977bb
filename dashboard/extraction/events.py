"""Event cues: which FACTS.md event a clause states, read from its verbs and nouns.

Each cue is a regular expression over one clause; a clause may state several events
("an agreement reached during a phone call" is both `agreement` and `talks`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AGREEMENT_NOUN = (
    r"(?:agreements?|accords?|treat(?:y|ies)|pacts?|charter|memorand\w+|deals?|"
    r"protocols?|conventions?|documents|status[- ]of[- ]forces|SOFA|cooperation)"
)
_TROOPS = (
    r"(?:troops|soldiers|forces|personnel|contingents?|units?|instructors|trainers|specialists|"
    r"special forces|mercenaries|fighters|military|army|detachments?|peacekeepers)"
)
_PRESENT_TROOPS = (
    r"(?:troops|soldiers|forces|personnel|contingents?|instructors|trainers|specialists|"
    r"mercenaries|fighters|detachments?|peacekeepers|elements)"
)
_BASE = r"(?:bases?|air ?base|drone (?:hub|base)|camps?|headquarters|quarters|sites?|hub)"


# Past participles after "has/have": "has drawn closer", "have sent", not a stated strength.
_PARTICIPLE = (
    r"(?:\w+ed|drawn|grown|been|become|taken|given|shown|seen|made|sent|left|kept|held|come|"
    r"gone|spent|built|brought|begun|fought|won|lost|said|told|paid|withdrawn|done|known)"
)
# A handed-over or abandoned installation.
_SITE = r"(?:bases?|air ?bases?|camps?|facilit(?:y|ies)|quarters|sites?|airfields?|headquarters)"


@dataclass(frozen=True)
class Cue:
    event: str
    start: int
    end: int
    text: str


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Order matters only for readability; all cues are tried on every clause.
CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "coup",
        _rx(
            r"\bcoups?\b(?!\s+leaders?\b)(?!['’]s)|\bcoups? d['’][ée]tat|\bputsch\b|"
            r"\bseiz(?:ed|ing|e) power|\b(?:took|taking|take|came to|coming to) power|"
            r"\bousted\b|\bouster\b|\boverthr(?:ew|own|owing)\b|\btoppl(?:ed|ing)\b|"
            r"\bmilitary takeover\b|\bmutinous soldiers detained\b|"
            r"\bdetained (?:the )?(?:elected |sitting )?(?:President|president|head of state)\b|"
            r"\bdeclared? (?:himself|themselves) (?:the )?(?:head|leader)s?\b"
        ),
    ),
    (
        "talks",
        _rx(
            r"\btalks\b|\bspoken? (?:to|with)\b|\bphone (?:call|conversation)|"
            r"\btelephoned\b|\bmet\b|\bmeeting (?:with|between)\b|\bvisit(?:ed|ing)?\b|"
            r"\bhosted\b(?= (?:\w+ ){0,4}(?:minister|president|delegation|leader|"
            r"chief|general))|\bdiscussed\b|\bnegotiat(?:ed|ions?|ing)\b|\bheld "
            r"(?:\w+ ){0,2}(?:talks|discussions)"
        ),
    ),
    (
        "agreement",
        _rx(
            rf"\bsign(?:ed|ing|s)?\b(?=[^.;]{{0,80}}\b{_AGREEMENT_NOUN}\b)|"
            rf"\b{_AGREEMENT_NOUN}\b[^.;]{{0,60}}\bsigned\b|"
            r"\bagreed to (?:strengthen|deepen|boost|expand|step up|develop)|"
            rf"\b{_AGREEMENT_NOUN} (?:was |were )?(?:reached|concluded|struck)\b|"
            r"\bfounded\b|\bformed (?:\w+ ){0,4}(?:pact|alliance|group|bloc|"
            r"confederation)|\bcreat(?:es|ed|ing) the\b[^.;]{0,40}\b(?:Alliance|"
            r"pact|confederation)|\ba confederation since\b|\b(?:last )?revised\b|"
            r"\brenewed\b|\bjoin(?:ed|s)\b"
        ),
    ),
    (
        "agreement_ended",
        _rx(
            rf"\b(?:revok\w+|scrap\w*|terminat\w+|denounc\w+|cancel\w*|annul\w*|abrogat\w+|"
            rf"tore up|renounc\w+|end(?:ed|ing|s)?|suspend\w*)\b"
            rf"(?:(?!deployment|presence|operation|era\b)[^.;]){{0,60}}?"
            rf"\b(?:{_AGREEMENT_NOUN}|missions)\b|\bdissol(?:ve|ved|ution|ving)\b|"
            rf"\b(?:cancellation|termination|denunciation) of\b"
        ),
    ),
    (
        "expulsion",
        _rx(
            r"\bordered (?:\w+ ){0,4}(?:to leave|out|to withdraw|to go|to depart)|\bordered out\b|"
            r"\border(?:ed|ing|s)? (?:the )?(?:expulsion|departure|withdrawal)|\bexpel\w*|"
            r"\bexpulsion|\bgave (?:\w+ ){0,4}(?:a|one|\w+) (?:month|week|days|weeks|hours|months)"
            r"\w* to leave|\basked (?:\w+ ){0,4}to (?:pull|withdraw|leave)|"
            r"\bdemand(?:ed|ing|s)?\b[^.;]{0,80}\b(?:withdraw|leave|departure|pull)|"
            r"\binsisted that (?:\w+ ){0,4}leave|\b(?:quit|leave) the national territory|"
            r"\bmust (?:\w+ ){0,2}(?:leave|withdraw|go|depart)\b"
        ),
    ),
    (
        "withdrawal_announced",
        _rx(
            r"\bannounc\w*\b[^.;]{0,120}\b(?:withdrawal|pull-?out|departure|exit|drawdown)\b|"
            r"\b(?:would|will) (?:\S+ ){0,2}?(?:withdraw|leave|pull (?:out|back)|quit|exit)\b|"
            r"\b(?:would|will) pull (?:\w+ ){1,4}?out\b|\b(?:would|will) have to (?:leave|go)\b|"
            r"\b(?:announc\w*|said|says|declared|confirmed)\b[^.;]{0,80}\b(?:was|were|is|are) "
            r"(?:leaving|withdrawing|pulling out|quitting)\b|"
            r"\b(?:voted|decided|decision|agreed)\b(?: \w+){0,3} to (?:end|terminate) (?:the |its )?"
            r"(?:\w+ )?(?:mandate|mission)\b|"
            r"\bdecision\b[^.;]{0,140}\bto end (?:the )?(?:\w+ ){0,4}(?:presence|bases)\b|"
            r"\b(?:withdrawal|pull-?out|departure) (?:plan|timetable|timeline|schedule|deal)\b|"
            r"\bbases (?:\w+ ){0,2}(?:would|will) (?:\w+ )?close\b|"
            r"\b(?:would|will) (?:\S+ ){0,5}?close (?:its|their|the) (?:\w+ ){0,2}(?:bases?|camps?)\b|"
            r"\bagreed to (?:withdraw|leave|pull)|\b(?:intends?|plans?|decided|decision) to "
            r"(?:withdraw|reduce|cut|keep|pull|leave|close|reorgani[sz]e)|\bpledg\w+ to "
            r"(?:close|withdraw|leave|end)|\bwould [“\"]?soon[”\"]? be no\b"
        ),
    ),
    (
        "withdrawal",
        _rx(
            r"\bcomplet\w+ (?:\w+ ){0,3}(?:withdrawal|departure|pull-?out)|\bfinished "
            r"(?:pulling|withdrawing)|\b(?:last|final) (?:\w+ ){0,4}(?:troops|soldiers|forces)\b"
            r"[^.;]{0,60}\b(?:left|departed|flew out|pulled out|crossed)\b|"
            r"\b(?:officially|formally) end(?:ed|s)? (?:\w+ ){0,4}(?:operations?|mission|presence)\b|"
            r"\bmarks? the end of (?:the )?(?:\w+ ){0,3}presence\b|"
            r"\bmission\b[^.;,]{0,50}\bended\b|\bended (?:its|their) (?:operations|mission)\b|"
            r"\b(?:troops|forces|soldiers|contingent|peacekeepers) (?:\w+ ){0,2}?left "
            r"(?:the country\b|(?-i:[A-Z])\w+(?! by\b))|\b(?:have|has|had) (?:already )?left\b|"
            r"\bformally left\b|\bwithdrew\b|\bpulled out\b|\bwere gone\b|\bexit\b[^.;]{0,60}"
            r"\btook effect|\bquit\b|\bleaving\b(?= all)|\bwere leaving\b|\bhanded over (?:its|their) "
            r"last\b|\blowered the flag\b|\bwound up\b|\bclosed (?:its|their) (?:\w+ ){0,3}base\b"
        ),
    ),
    (
        "drawdown",
        _rx(
            r"\bbegan (?:bringing|withdrawing|pulling|reducing|to withdraw|to leave)|"
            r"\breduc(?:ed|ing) (?:its|their|the) (?:\w+ ){0,3}(?:presence|force|troops|contingent)|"
            rf"\bhanded (?:over )?(?!(?:its|their|the) (?:last|final)\b)(?:a|an|its|their|one|two|three|"
            rf"four|five|several|a dozen|\d+)(?: \w+){{0,3}} {_SITE}\b|"
            r"\b(?:were|was) (?:officially |formally )?handed over\b|"
            rf"\bleft (?:the|its|their) (?:\w+ ){{0,2}}{_SITE}\b|"
            r"\b(?:first|initial) (?:\w+ ){0,2}(?:convoys?|troops|soldiers|contingents?|units)\b"
            r"[^.;]{0,40}\b(?:left|departed)\b|\breturn of the\b[^.;]{0,60}\b(?:quarters|bases?|camps?)|"
            r"\bafter leaving\b|\breturned the\b"
            r"[^.;]{0,60}\b(?:quarters|base|camp)|\bthinn?(?:ed|ing) out\b"
        ),
    ),
    (
        "deployment",
        _rx(
            rf"\bdeployment of\b|\b(?:first |had )?(?:sent|dispatched|deployed)\b(?= (?:\w+ ){{0,5}}"
            rf"{_TROOPS})|\barriv(?:ed|al|ing)\b|\blanded\b|\breached\b|\blaunch(?:ed|es)?\b|"
            r"\bbegan military operations\b|\boperation, which began\b|\btook (?:over|command)\b|"
            r"\bgave way to\b|\bpresence that (?:began|dated)|\bdated back to\b|"
            r"\b(?:began|begun) training\b|\bbegan\b|"
            r"\b(?:has|have) (?:been )?(?:operated|training|trained)\b|\bintervened\b|"
            r"\b(?:has|have|had) been deployed\b|\b(?:was|were) (?:created|established|set up)\b"
        ),
    ),
    (
        "presence",
        _rx(
            rf"\b(?:has|have|keeps?|kept|maintains?|retains?|hosts?|numbered|disposes of|runs|operates)\b"
            rf"(?!\s+{_PARTICIPLE}\b)(?=[^.;]{{0,60}}\b(?:{_PRESENT_TROOPS}|{_BASE}|mission|presence)\b)|"
            r"\b(?:has|have|had) been (?!deployed)(?:\w+ )?(?:present|based|stationed|working|operating|"
            r"assisting|training|in)\b|"
            r"\b(?:were|was) (?:\w+ )?(?:deployed|stationed|based) in\b(?=[^.;]*\bwhen\b)|"
            r"\b(?:are|is|remain|remains|still)\s+(?:\w+\s+){0,2}?(?:stationed|based|deployed|"
            r"present|operating)\b|\bstationed\b|(?<!to )\boperate (?:from|in)\b|(?<!to )\bremains? "
            r"(?:in|at)\b|"
            r"\bto operate in\b|\bare now deployed\b|\bnow (?:keeps|has)\b|\bare present\b|"
            r"\bha(?:s|ve) taken over\b|\bare (?:\w+ ){0,2}(?:instructors|trainers|advisers)\b|"
            r"\b(?:personnel|troops|soldiers) (?:include|number|total)\b|"
            r"\b(?-i:[A-Z])[\w-]+['’]s\s+(?:[\w-]+\s+){0,3}(?:air ?base|base|bases|drone hub|headquarters)"
            r"\s+(?:in|at)\b|\b(?:are|is|were|was) (?:\w+ ){0,2}present\b"
        ),
    ),
    (
        "other",
        _rx(
            r"\bexercise\b|\b(?:pilot|soldiers?|troops|servicem[ae]n|peacekeepers?|fighters|mercenaries)\b[^.;]{0,12}"
            r"\b(?:was |were )?(?:killed|died)\b|\bjoint patrol\b|\bstruck\b|\bair ?strikes?\b|"
            r"\bprovid(?:ed|ing) (?:surveillance|intelligence|logistical|logistic|air|material|"
            r"military|medical|combat)\b[^.;]{0,30}\bsupport\b|\btook part in\b|\bsuppl(?:ied|ies)\b|"
            r"\bsold\b|\bdelivered\b|\bfly for\b|\bbuilding (?:a|the) (?:\w+ ){0,3}base|"
            r"\bconstruct\w* (?:\w+ ){0,3}base|\bsuspend\w* (?:the |its |their |most of its )?"
            r"(?:joint |reconnaissance )?(?:operations|activities|training)|\bpaused\b|\bevacuat\w+|"
            r"\bdetained (?:\w+ ){0,2}soldiers|\bauthoris\w+|\bauthoriz\w+|\bapproved\b[^.;]{0,30}"
            r"\b(?:mission|deployment)\b|\b(?:deployment|mission) approved by\b|\bvoted\b[^.;]{0,40}\b(?:create|force|mission)|\bseeking clarification|"
            r"\bcame to an end\b|\bdemanding that\b[^.;]{0,80}\bstop\b|"
            r"\b(?:acquired|bought|purchased|received|took delivery of|ordered)\b[^.;]{0,50}"
            r"\b(?:drones?|aircraft|helicopters|jets|weapons|arms|armou?red vehicles)\b"
        ),
    ),
)

# Cues that name an organisation's membership change rather than a force movement.
MEMBERSHIP_EVENTS = frozenset(
    {"agreement", "agreement_ended", "withdrawal", "withdrawal_announced"}
)


_NOMINAL = re.compile(
    r"^(?:cancellation|termination|denunciation|deployment|arrival|"
    r"expulsion|departure|ouster)\b",
    re.IGNORECASE,
)


def is_nominal(cue: Cue) -> bool:
    """A cue that names an event in passing ("the cancellation of"): it takes no other date."""
    return bool(_NOMINAL.match(cue.text))


def find_cues(clause: str) -> list[Cue]:
    """All event cues in a clause, left to right."""
    found = [
        Cue(event, m.start(), m.end(), m.group())
        for event, pattern in CUES
        for m in pattern.finditer(clause)
    ]
    # "an agreement reached": a cue inside a longer cue of another event is part of it.
    kept = [
        c
        for c in found
        if not any(
            o is not c
            and o.event != c.event
            and o.start <= c.start
            and c.end <= o.end
            and (o.end - o.start) > (c.end - c.start)
            for o in found
        )
    ]
    return sorted(kept, key=lambda c: c.start)


def is_present_tense(clause: str) -> bool:
    """A stated current state ("has about 1,000 troops", "still hosts", "now keeps")."""
    return bool(
        re.search(
            r"\b(?:has|have|is|are|keeps|maintains|retains|hosts|remains?|runs|operates|"
            r"now|currently|operate|disposes|fly)\b",
            clause,
            re.IGNORECASE,
        )
        and not re.search(r"\b(?:had|were|was)\b", clause)
    )
