"""Synthetic fact tables of any size, shaped like the curated data, for scaling runs.

The mix follows the curated dataset: mostly presence/deployment/withdrawal facts for the
core Sahel countries, a tail of talks/agreements/coups, day-precise dates for most facts,
and troop numbers on most level events. Seeded, so every run measures the same table.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.dataset import Dataset
from dashboard.facts import default_registry
from dashboard.models import PartnerRegistry
from dashboard.timeline import FACT_COLUMNS, NO_BLOC, normalise_frame, presence_frame

COUNTRIES = ("MLI", "BFA", "NER", "TCD", "MRT", "SEN", "GMB", "NGA", "CMR", "BEN")
COUNTRY_WEIGHTS = (0.2, 0.16, 0.16, 0.14, 0.08, 0.07, 0.03, 0.07, 0.05, 0.04)
EVENT_WEIGHTS = {
    "presence": 0.22, "deployment": 0.14, "drawdown": 0.07, "withdrawal": 0.09,
    "withdrawal_announced": 0.07, "expulsion": 0.03, "agreement": 0.1, "agreement_ended": 0.04,
    "talks": 0.09, "coup": 0.02, "other": 0.13,
}  # fmt: skip
PRECISIONS = ("day", "month", "year")
PRECISION_WEIGHTS = (0.65, 0.28, 0.07)
FIRST_DAY, LAST_DAY = np.datetime64("2010-01-01"), np.datetime64("2026-06-30")
TROOP_EVENTS = ("presence", "deployment", "drawdown", "withdrawal")


def synthetic_facts(n: int, seed: int = 7, registry: PartnerRegistry | None = None) -> pd.DataFrame:
    """`n` facts as a normalised facts frame (the columns of `timeline.FACT_COLUMNS`)."""
    registry = registry or default_registry()
    rng = np.random.default_rng(seed)
    partners = np.array(list(registry))
    # A few big partners carry most facts, as in the news: Zipf-like weights.
    partner_weights = 1.0 / np.arange(1, len(partners) + 1)
    events = rng.choice(list(EVENT_WEIGHTS), n, p=_norm(EVENT_WEIGHTS.values()))
    partner = rng.choice(partners, n, p=_norm(partner_weights)).astype(object)
    partner[events == "coup"] = ""
    days = int((LAST_DAY - FIRST_DAY).astype(int))
    precision = rng.choice(PRECISIONS, n, p=_norm(PRECISION_WEIGHTS))
    offsets = rng.integers(0, days, n).astype("timedelta64[D]")
    dates = _floor_to_precision(pd.Series(pd.to_datetime(FIRST_DAY + offsets)), precision)
    troops = np.round(rng.lognormal(6.0, 1.2, n), -1).clip(10, 20_000)
    stated = np.isin(events, TROOP_EVENTS) & (rng.random(n) < 0.7)
    blocs = {code: registry.blocs.get(code, NO_BLOC) for code in partners}
    frame = pd.DataFrame(
        {
            "id": [f"syn-{i}" for i in range(n)],
            "country": rng.choice(COUNTRIES, n, p=_norm(COUNTRY_WEIGHTS)),
            "partner": partner,
            "event": events,
            "date": dates,
            "precision": precision,
            "troops": np.where(stated, troops, np.nan),
            "bloc": [blocs.get(p, NO_BLOC) for p in partner],
            "summary": "Synthetic fact for benchmarking.",
            "source_url": "https://example.org/synthetic",
            "source_outlet": "Synthetic Wire",
            "source_title": "",
            "source_published": "",
            "quote": "",
            "origin": "synthetic",
        }
    )
    return normalise_frame(frame[FACT_COLUMNS])


def synthetic_dataset(n: int, seed: int = 7) -> Dataset:
    registry = default_registry()
    facts = synthetic_facts(n, seed, registry)
    return Dataset(facts, presence_frame(facts), registry)


def _norm(weights: Iterable[float]) -> np.ndarray:
    arr = np.array(list(weights), dtype=np.float64)
    return arr / arr.sum()


def _floor_to_precision(dates: pd.Series, precision: np.ndarray) -> pd.Series:
    """Month- and year-precise facts sit at their period start, as in `facts_frame`."""
    out = dates.copy()
    month = precision == "month"
    year = precision == "year"
    out[month] = dates[month].dt.to_period("M").dt.to_timestamp()
    out[year] = dates[year].dt.to_period("Y").dt.to_timestamp()
    return out.astype("datetime64[ns]")
