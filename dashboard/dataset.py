"""The facts a view sees: curated plus user-added, filtered, with presence precomputed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from dashboard.facts import default_registry, load_facts
from dashboard.models import Fact, PartnerRegistry
from dashboard.timeline import facts_frame, normalise_frame, presence_frame
from dashboard.view import View


@dataclass(frozen=True)
class Dataset:
    """All facts (one frame, `origin` says curated or user) and the presence state built once."""

    facts: pd.DataFrame
    presence: pd.DataFrame
    registry: PartnerRegistry
    problems: tuple[str, ...] = ()

    def view_presence(self, view: View) -> pd.DataFrame:
        """Presence rows for the view's countries, partners and blocs."""
        return filter_codes(self.presence, view)

    def view_facts(self, view: View) -> pd.DataFrame:
        """Facts in the view's countries, partners, blocs, events and date range.

        Undated facts are kept (they cannot be placed in a range, and hiding them would hide
        sources); dated ones must start within [view.start, end of view.end's month].
        """
        rows = filter_codes(self._facts_in_table_order, view)
        if view.events:
            rows = rows[rows["event"].isin(view.events)]
        end = pd.Timestamp(view.end) + pd.offsets.MonthEnd(0)
        in_range = rows["date"].between(pd.Timestamp(view.start), end) | rows["date"].isna()
        return rows[in_range]

    @cached_property
    def _facts_in_table_order(self) -> pd.DataFrame:
        """All facts sorted once as `view_facts` returns them. The sort is stable, so filtering
        this keeps the same order as sorting each view's rows, without a sort per rerun."""
        return self.facts.sort_values(["date", "country", "partner"], na_position="first")


def filter_codes(frame: pd.DataFrame, view: View) -> pd.DataFrame:
    """Keep rows of the view's countries; partners/blocs filter only rows that have a partner,
    so a coup (no partner) stays visible whatever partners are chosen."""
    rows = frame[frame["country"].isin(view.countries)]
    no_partner = rows["partner"].fillna("").eq("")
    if view.partners:
        rows = rows[rows["partner"].isin(view.partners) | no_partner]
        no_partner = rows["partner"].fillna("").eq("")
    if view.blocs:
        rows = rows[rows["bloc"].isin(view.blocs) | no_partner]
    return rows


def build_dataset(
    curated: Sequence[Fact],
    user: Sequence[Fact] = (),
    registry: PartnerRegistry | None = None,
    problems: Sequence[str] = (),
) -> Dataset:
    registry = registry or default_registry()
    frames = [facts_frame(curated, registry, "curated")]
    if user:
        frames.append(facts_frame(user, registry, "user"))
    facts = normalise_frame(pd.concat(frames, ignore_index=True))
    return Dataset(facts, presence_frame(facts), registry, tuple(problems))


def load_curated_dataset(user: Sequence[Fact] = ()) -> Dataset:
    """The shipped dataset (plus any user facts). Problems are kept, never raised."""
    result = load_facts()
    return build_dataset(result.facts, user, problems=[str(p) for p in result.problems])
