"""CandidateFact: a fact proposed from an article, with its quote, span and confidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dashboard.models import Event, Fact, FuzzyDate


@dataclass(frozen=True)
class CandidateFact:
    """One proposed fact. `text[start:end] == quote` for the text given to `extract`."""

    country: str
    partner: str
    event: Event
    date: FuzzyDate | None
    troops: int | None
    summary: str
    quote: str
    start: int
    end: int
    confidence: float
    reason: str

    def key(self) -> tuple[str, str, str, str]:
        """The (country, partner, event, date) key labels are unique on."""
        return (self.country, self.partner, self.event.value, str(self.date or ""))

    def to_fact(
        self,
        id: str,
        source_url: str = "",
        source_outlet: str = "",
        source_title: str = "",
        source_published: dt.date | str | None = None,
    ) -> Fact:
        """The dataset Fact for this candidate once an analyst accepts it."""
        return Fact(
            id=id,
            country=self.country,
            partner=self.partner,
            event=self.event,
            date=self.date,
            troops=self.troops,
            summary=self.summary,
            source_url=source_url,
            source_outlet=source_outlet,
            source_title=source_title,
            source_published=source_published or None,
            quote=self.quote,
        )

    def as_json(self) -> dict[str, Any]:
        """Plain JSON-ready values (date as YYYY[-MM[-DD]] text, empty when unknown)."""
        return {
            "country": self.country,
            "partner": self.partner,
            "event": self.event.value,
            "date": str(self.date or ""),
            "troops": self.troops,
            "summary": self.summary,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 3),
            "reason": self.reason,
        }
