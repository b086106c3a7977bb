"""Fact and friends: the vocabulary of FACTS.md as frozen pydantic models."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Event(StrEnum):
    """What a fact says happened (FACTS.md, "Events")."""

    PRESENCE = "presence"
    DEPLOYMENT = "deployment"
    DRAWDOWN = "drawdown"
    WITHDRAWAL = "withdrawal"
    WITHDRAWAL_ANNOUNCED = "withdrawal_announced"
    EXPULSION = "expulsion"
    AGREEMENT = "agreement"
    AGREEMENT_ENDED = "agreement_ended"
    TALKS = "talks"
    COUP = "coup"
    OTHER = "other"


class Bloc(StrEnum):
    WESTERN = "western"
    RUSSIA = "russia"
    UN = "un"
    REGIONAL = "regional"
    OTHER = "other"


class PartnerKind(StrEnum):
    STATE = "state"
    ORGANISATION = "organisation"
    PRIVATE_MILITARY = "private_military"


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


# How a period start is written at its own precision ("2024-03-16", "2023-12", "2023").
PRECISION_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}

# Events that change presence; everything else is context and leaves presence as it was.
PRESENCE_EVENTS = frozenset({Event.PRESENCE, Event.DEPLOYMENT, Event.DRAWDOWN, Event.WITHDRAWAL})

FACT_FIELDS: tuple[str, ...] = (
    "id",
    "country",
    "partner",
    "event",
    "date",
    "troops",
    "summary",
    "source_url",
    "source_outlet",
    "source_title",
    "source_published",
    "quote",
)

_DATE_PATTERNS = {
    Precision.DAY: re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    Precision.MONTH: re.compile(r"^(\d{4})-(\d{2})$"),
    Precision.YEAR: re.compile(r"^(\d{4})$"),
}
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A date that keeps its precision: 2024-03-16, 2023-12 or 2023.

    `start` is the first day of the period. The timeline places month- and year-precise
    facts at that first day (documented in README "Method").
    """

    start: dt.date
    precision: Precision

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Parse `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; raise ValueError with a plain reason."""
        text = text.strip()
        for precision, pattern in _DATE_PATTERNS.items():
            match = pattern.match(text)
            if not match:
                continue
            parts = [int(p) for p in match.groups()] + [1, 1]
            year, month, day = parts[0], parts[1], parts[2]
            try:
                return cls(dt.date(year, month, day), precision)
            except ValueError as err:
                raise ValueError(f"{text!r} is not a real calendar date ({err})") from None
        raise ValueError(f"{text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")

    def __str__(self) -> str:
        if self.precision is Precision.YEAR:
            return f"{self.start.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    @property
    def end(self) -> dt.date:
        """Last day of the period (inclusive)."""
        if self.precision is Precision.DAY:
            return self.start
        if self.precision is Precision.MONTH:
            nxt = dt.date(self.start.year + self.start.month // 12, self.start.month % 12 + 1, 1)
        else:
            nxt = dt.date(self.start.year + 1, 1, 1)
        return dt.date.fromordinal(nxt.toordinal() - 1)

    def overlaps(self, other: FuzzyDate) -> bool:
        """True when the two periods share a day (same date "within the precision")."""
        return self.start <= other.end and other.start <= self.end


class Partner(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    kind: PartnerKind
    bloc: Bloc


class PartnerRegistry(Mapping[str, Partner]):
    """Partner codes -> Partner, loaded from partners.csv. Unknown codes raise KeyError naming them."""

    def __init__(self, partners: Iterable[Partner]):
        self._by_code = {p.code: p for p in partners}

    @classmethod
    def from_csv(cls, path: Path) -> PartnerRegistry:
        with path.open(newline="", encoding="utf-8") as fh:
            return cls(Partner(**row) for row in csv.DictReader(fh))

    def __getitem__(self, code: str) -> Partner:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unknown partner code {code!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def bloc_of(self, code: str) -> Bloc:
        return self[code].bloc

    @cached_property
    def blocs(self) -> dict[str, str]:
        """code -> bloc value, for vectorised mapping."""
        return {code: p.bloc.value for code, p in self._by_code.items()}


class Fact(BaseModel):
    """One dated, sourced statement about a foreign security partner in a Sahel country."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1)
    country: str
    partner: str = ""
    event: Event
    date: FuzzyDate | None = None
    troops: int | None = Field(default=None, ge=0)
    summary: str = ""
    source_url: str = ""
    source_outlet: str = ""
    source_title: str = ""
    source_published: dt.date | None = None
    quote: str = ""

    @field_validator("country")
    @classmethod
    def _country_is_iso3(cls, value: str) -> str:
        if not _ISO3.match(value):
            raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-3 code")
        return value

    @field_validator("date", mode="before")
    @classmethod
    def _parse_date(cls, value: object) -> object:
        if value is None or isinstance(value, FuzzyDate):
            return value
        if isinstance(value, str):
            return FuzzyDate.parse(value) if value.strip() else None
        raise ValueError("date must be text like 2024-03-16, 2023-12 or 2023")

    @field_validator("troops", mode="before")
    @classmethod
    def _parse_troops(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if not text:
                return None
            if not re.fullmatch(r"-?\d+", text):
                raise ValueError(f"{text!r} is not a whole number")
            return int(text)
        return value

    @field_validator("source_published", mode="before")
    @classmethod
    def _empty_published(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _partner_rule(self) -> Fact:
        if self.event is Event.COUP and self.partner:
            raise ValueError("a coup has no partner; leave partner empty")
        if self.event is not Event.COUP and not self.partner:
            raise ValueError(f"partner is empty; only a coup may have no partner ({self.event})")
        return self

    def key(self) -> tuple[str, str, str, str]:
        """The (country, partner, event, date) key that must be unique in a dataset."""
        return (self.country, self.partner, self.event.value, str(self.date or ""))

    def as_row(self) -> dict[str, str]:
        """The CSV row form, every value as text."""
        data = self.model_dump()
        data["event"] = self.event.value
        data["date"] = str(self.date) if self.date else ""
        data["troops"] = "" if self.troops is None else str(self.troops)
        data["source_published"] = (
            self.source_published.isoformat() if self.source_published else ""
        )
        return {name: data[name] for name in FACT_FIELDS}
