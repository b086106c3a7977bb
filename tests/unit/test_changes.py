"""dashboard.changes: what changed between the start of a view's range and its as-of month."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.changes import changes, date_label, what_changed
from dashboard.dataset import Dataset, build_dataset
from dashboard.models import Fact
from dashboard.view import View


def fact(
    id_: str,
    event: str,
    date: str,
    partner: str = "FRA",
    troops: int | None = None,
    country: str = "NER",
    outlet: str = "Outlet",
) -> Fact:
    return Fact(
        id=id_,
        country=country,
        partner=partner,
        event=event,
        date=date,
        troops=troops,
        source_outlet=outlet,
    )


def view(
    start: str = "2023-01", as_of: str = "2024-03", countries: tuple[str, ...] = ("NER",)
) -> View:
    s, a = (dt.date(int(x[:4]), int(x[5:]), 1) for x in (start, as_of))
    return View(countries=countries, as_of=a, start=s, end=a)


@pytest.fixture(scope="module")
def niger() -> Dataset:
    """France leaves, the US grows, Russia arrives without a number, Italy stays the same."""
    return build_dataset(
        [
            fact("fra-1", "presence", "2022-06", troops=1500),
            fact("fra-2", "withdrawal", "2023-12"),
            fact("usa-1", "presence", "2022-01-10", partner="USA", troops=1000),
            fact("usa-2", "presence", "2024-03-16", partner="USA", troops=1100, outlet="RT"),
            fact("rus-1", "deployment", "2024-01", partner="RUS"),
            fact("ita-1", "presence", "2021-05", partner="ITA", troops=300),
            fact("ita-2", "presence", "2023-05", partner="ITA", troops=300),
            fact("usa-3", "withdrawal", "2024-04", partner="USA"),  # after the as-of month
            fact("mli-1", "deployment", "2023-02", partner="WAGNER", troops=1000, country="MLI"),
        ]
    )


def test_lines_name_the_fact_that_caused_each_change_largest_first(niger: Dataset) -> None:
    assert what_changed(niger, view()) == [
        "Niger – France: 1,500 → 0 (withdrawal completed Dec 2023)",
        "Niger – United States: 1,000 → 1,100 (reported 16 Mar 2024)",
        "Niger – Russia: 0 → unknown (deployment Jan 2024)",
    ]


def test_change_records_cause_and_outlet(niger: Dataset) -> None:
    usa = next(c for c in changes(niger, view()) if c.partner == "USA")
    assert (usa.fact_id, usa.event, usa.source_outlet) == ("usa-2", "presence", "RT")
    assert usa.size == 100


def test_unchanged_partner_and_other_countries_are_left_out(niger: Dataset) -> None:
    pairs = {(c.country, c.partner) for c in changes(niger, view())}
    assert ("NER", "ITA") not in pairs  # same 300 at both ends
    assert all(country == "NER" for country, _ in pairs)


def test_n_limits_the_lines(niger: Dataset) -> None:
    assert len(what_changed(niger, view(), n=1)) == 1


def test_fact_dated_in_the_start_month_counts_as_a_change(niger: Dataset) -> None:
    # Russia deploys in Jan 2024: a range starting that month must show it.
    lines = what_changed(niger, view(start="2024-01"), n=5)
    assert "Niger – Russia: 0 → unknown (deployment Jan 2024)" in lines


def test_facts_after_the_as_of_month_do_not_count(niger: Dataset) -> None:
    # The US withdrawal is dated April 2024; as of March the US is still there.
    lines = what_changed(niger, view(start="2024-03", as_of="2024-03"), n=5)
    assert lines == ["Niger – United States: 1,000 → 1,100 (reported 16 Mar 2024)"]


def test_no_change_gives_one_plain_line(niger: Dataset) -> None:
    assert what_changed(niger, view(start="2021-01", as_of="2021-03")) == [
        "No change in foreign presence between Jan 2021 and Mar 2021."
    ]


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [
        (pd.Timestamp("2024-03-16"), "day", "16 Mar 2024"),
        (pd.Timestamp("2023-12-01"), "month", "Dec 2023"),
        (pd.Timestamp("2013-01-01"), "year", "2013"),
        (None, "day", "undated"),
    ],
)
def test_date_label_keeps_the_fact_precision(
    date: pd.Timestamp | None, precision: str, expected: str
) -> None:
    assert date_label(date, precision) == expected
