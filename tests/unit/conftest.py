"""Shared fixtures for the unit tests: small fact builders and the shipped dataset, built once."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

import pandas as pd
import pytest

from dashboard.dataset import Dataset, build_dataset, load_curated_dataset
from dashboard.facts import default_registry
from dashboard.models import Fact, PartnerRegistry
from dashboard.timeline import facts_frame, presence_frame

# (partner, event, date, troops) or (country, partner, event, date, troops)
FactSpec = tuple


@pytest.fixture(scope="session")
def registry() -> PartnerRegistry:
    """The real partners.csv: the rules are tested with the codes and blocs the app uses."""
    return default_registry()


@pytest.fixture(scope="session")
def curated() -> Dataset:
    """The shipped dataset with presence precomputed; the Niger story is told from it, and
    building it once keeps the suite fast."""
    return load_curated_dataset()


@pytest.fixture
def make_fact() -> Callable[..., Fact]:
    """A Fact with a unique id and Niger as default host, so a table row only has to say
    what matters to the case (partner, event, date, troops)."""
    counter = itertools.count(1)

    def build(
        partner: str,
        event: str,
        date: str = "",
        troops: int | None = None,
        country: str = "NER",
        **fields: object,
    ) -> Fact:
        fields.setdefault("id", f"t{next(counter)}-{country}-{partner or 'none'}-{event}")
        return Fact(
            country=country, partner=partner, event=event, date=date, troops=troops, **fields
        )

    return build


@pytest.fixture
def facts_from(make_fact) -> Callable[[Iterable[FactSpec]], list[Fact]]:
    """Facts from compact tuples: (partner, event, date, troops), optionally led by a country."""

    def build(specs: Iterable[FactSpec]) -> list[Fact]:
        out = []
        for spec in specs:
            country, rest = (spec[0], spec[1:]) if len(spec) == 5 else ("NER", spec)
            partner, event, date, troops = rest
            out.append(make_fact(partner, event, date, troops, country=country))
        return out

    return build


@pytest.fixture
def presence_of(facts_from, registry) -> Callable[[Iterable[FactSpec]], pd.DataFrame]:
    """The presence frame of a handful of facts: the unit every timeline rule is read from."""

    def build(specs: Iterable[FactSpec]) -> pd.DataFrame:
        return presence_frame(facts_frame(facts_from(specs), registry))

    return build


@pytest.fixture
def dataset_of(facts_from) -> Callable[[Iterable[FactSpec]], Dataset]:
    """A Dataset built from compact tuples, for metrics and maps with known numbers."""

    def build(specs: Iterable[FactSpec]) -> Dataset:
        return build_dataset(facts_from(specs))

    return build
