"""dashboard.timeline: the presence rules of FACTS.md, as tables of facts -> state at a date.

Fact specs are (partner, event, date, troops), in Niger unless a country leads the tuple.
NAN in an expected strength means "present with unknown strength" (or absent).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.timeline import (
    country_summary,
    month_ends,
    monthly_series,
    partner_state,
    shift_score,
    state_at,
)

NAN = float("nan")


def same(actual: tuple[bool, float], expected: tuple[bool, float]) -> bool:
    """(present, strength) equality where NaN equals NaN (unknown is a value here)."""
    (p1, s1), (p2, s2) = actual, expected
    return p1 == p2 and (s1 == s2 or (math.isnan(s1) and math.isnan(s2)))


@pytest.mark.parametrize(
    ("specs", "at", "expected"),
    [
        # presence / deployment start presence
        pytest.param(
            [("FRA", "presence", "2020-01-10", 500)],
            "2020-01-09",
            (False, NAN),
            id="not-yet-present",
        ),
        pytest.param(
            [("FRA", "presence", "2020-01-10", 500)],
            "2020-01-10",
            (True, 500.0),
            id="presence-starts-on-its-day",
        ),
        pytest.param(
            [("FRA", "deployment", "2020-01-10", 300)],
            "2021-01-01",
            (True, 300.0),
            id="deployment-with-number",
        ),
        pytest.param(
            [("FRA", "deployment", "2020-01-10", None)],
            "2021-01-01",
            (True, NAN),
            id="deployment-without-number-is-unknown",
        ),
        # drawdown
        pytest.param(
            [("FRA", "presence", "2020-01-01", 1000), ("FRA", "drawdown", "2020-06-01", 200)],
            "2020-07-01",
            (True, 1000.0),
            id="drawdown-keeps-presence-and-level",
        ),
        pytest.param(
            [("FRA", "drawdown", "2020-06-01", 200)],
            "2020-07-01",
            (False, NAN),
            id="drawdown-alone-is-not-presence",
        ),
        # withdrawal
        pytest.param(
            [("FRA", "presence", "2020-01-01", 1000), ("FRA", "withdrawal", "2021-01-01", 1000)],
            "2021-01-01",
            (False, NAN),
            id="withdrawal-ends-presence",
        ),
        pytest.param(
            [
                ("FRA", "presence", "2020-01-01", 1000),
                ("FRA", "withdrawal", "2021-01-01", None),
                ("FRA", "deployment", "2022-01-01", None),
            ],
            "2022-02-01",
            (True, NAN),
            id="redeployment-does-not-inherit-old-number",
        ),
        pytest.param(
            [
                ("FRA", "presence", "2020-01-01", 1000),
                ("FRA", "withdrawal", "2021-01-01", None),
                ("FRA", "deployment", "2022-01-01", 40),
            ],
            "2022-02-01",
            (True, 40.0),
            id="redeployment-with-new-number",
        ),
        pytest.param(
            [
                ("FRA", "presence", "2020-01-01", 1000),
                ("FRA", "withdrawal", "2021-01-01", None),
                ("FRA", "drawdown", "2022-01-01", 10),
            ],
            "2022-02-01",
            (False, NAN),
            id="drawdown-after-withdrawal-does-not-restart",
        ),
        # what sets the level
        pytest.param(
            [("FRA", "presence", "2020-01-01", 1000), ("FRA", "presence", "2020-06-01", None)],
            "2020-07-01",
            (True, 1000.0),
            id="unnumbered-presence-keeps-last-number",
        ),
        pytest.param(
            [("FRA", "presence", "2020-01-01", 1000), ("FRA", "presence", "2020-06-01", 700)],
            "2020-07-01",
            (True, 700.0),
            id="later-number-replaces",
        ),
        pytest.param(
            [
                ("FRA", "presence", "2020-01-01", 1000),
                ("FRA", "agreement_ended", "2020-03-01", 50),
                ("FRA", "expulsion", "2020-04-01", 9),
                ("FRA", "withdrawal_announced", "2020-05-01", 8),
                ("FRA", "talks", "2020-05-02", 7),
            ],
            "2020-07-01",
            (True, 1000.0),
            id="context-events-change-nothing",
        ),
        pytest.param(
            [("FRA", "agreement", "2020-01-01", 500)],
            "2020-07-01",
            (False, NAN),
            id="agreement-is-not-presence",
        ),
        # precision: placed at the start of the period
        pytest.param(
            [("FRA", "presence", "2023", 1500)],
            "2023-01-01",
            (True, 1500.0),
            id="year-counts-from-1-january",
        ),
        pytest.param(
            [("FRA", "presence", "2023", 1500)],
            "2022-12-31",
            (False, NAN),
            id="year-not-before-its-start",
        ),
        pytest.param(
            [("FRA", "presence", "2023-12", 100)],
            "2023-12-01",
            (True, 100.0),
            id="month-counts-from-the-first",
        ),
        pytest.param(
            [("FRA", "presence", "2023-12", 100)],
            "2023-11-30",
            (False, NAN),
            id="month-not-before-its-start",
        ),
        # same start date: day, then month, then year, whatever the input order
        pytest.param(
            [
                ("FRA", "presence", "2023", 300),
                ("FRA", "presence", "2023-01", 200),
                ("FRA", "presence", "2023-01-01", 100),
            ],
            "2023-01-01",
            (True, 300.0),
            id="year-applies-after-month-after-day",
        ),
        pytest.param(
            [("FRA", "withdrawal", "2023-12", None), ("FRA", "presence", "2023-12-01", 500)],
            "2023-12-15",
            (False, NAN),
            id="month-withdrawal-after-day-presence",
        ),
        pytest.param(
            [
                ("FRA", "deployment", "2023-12", 80),
                ("FRA", "presence", "2023-06-01", 500),
                ("FRA", "withdrawal", "2023-12-01", None),
            ],
            "2023-12-15",
            (True, 80.0),
            id="month-deployment-after-day-withdrawal",
        ),
        pytest.param(
            [
                ("FRA", "presence", "2023", 100),
                ("FRA", "presence", "2022-05-05", 900),
                ("FRA", "withdrawal", "2023-01", None),
            ],
            "2023-02-01",
            (True, 100.0),
            id="year-presence-after-month-withdrawal",
        ),
        pytest.param(
            [("FRA", "withdrawal", "2023-05-05", None), ("FRA", "presence", "2023-05-05", 500)],
            "2023-05-05",
            (False, NAN),
            id="same-day-withdrawal-wins",
        ),
        # undated facts are left out
        pytest.param(
            [("FRA", "presence", "", 1000)],
            "2030-01-01",
            (False, NAN),
            id="undated-presence-ignored",
        ),
        pytest.param(
            [("FRA", "presence", "2020-01-01", 1000), ("FRA", "withdrawal", "", None)],
            "2021-01-01",
            (True, 1000.0),
            id="undated-withdrawal-ignored",
        ),
        # partners and countries are independent
        pytest.param(
            [
                ("FRA", "presence", "2020-01-01", 1000),
                ("USA", "withdrawal", "2020-06-01", None),
                ("MLI", "FRA", "withdrawal", "2020-06-01", None),
            ],
            "2021-01-01",
            (True, 1000.0),
            id="other-pairs-do-not-interfere",
        ),
    ],
)
def test_presence_rules(presence_of, specs, at, expected):
    state = partner_state(presence_of(specs), "NER", "FRA", at)
    assert same(state, expected), state


def test_unknown_strength_is_nan_never_zero(presence_of):
    presence = presence_of(
        [("RUS", "deployment", "2024-01", None), ("USA", "presence", "2024-01-10", 0)]
    )
    state = state_at(presence, "2024-02-01").set_index("partner")["strength"]
    assert math.isnan(state["RUS"])
    assert state["USA"] == 0.0  # a stated zero stays a zero
    summary = country_summary(state_at(presence, "2024-02-01"))
    assert summary.loc[0, "unknown_partners"] == ["RUS"]
    assert summary.loc[0, "known_strength"] == 0.0


@pytest.mark.parametrize(
    ("partner", "at", "expected"),
    [
        ("FRA", "2023-11-30", (True, 1500.0)),  # France with 1,500 until December 2023
        ("FRA", "2023-12-31", (False, NAN)),
        ("FRA", "2024-03-31", (False, NAN)),
        ("USA", "2024-03-31", (True, 1000.0)),  # about 1,000 US personnel in March 2024
        ("USA", "2024-08-31", (False, NAN)),  # gone after August 2024
        ("AFRICA_CORPS", "2024-03-31", (False, NAN)),
        ("AFRICA_CORPS", "2024-04-30", (True, 100.0)),  # Russia's Africa Corps from April 2024
    ],
)
def test_niger_story_from_the_shipped_dataset(curated, partner, at, expected):
    state = partner_state(curated.presence, "NER", partner, at)
    assert same(state, expected), state


def test_us_never_back_in_niger_after_august_2024(curated):
    series = monthly_series(curated.presence, "2024-01", "2025-12", countries=["NER"])
    us_months = series.loc[series["partner"] == "USA", "month"]
    assert us_months.max() == pd.Timestamp("2024-07-31")
    assert len(us_months) == 7  # January to July 2024


def summary_of(rows: list[tuple[str, str, str, float]], countries=()) -> dict[str, dict]:
    state = pd.DataFrame(rows, columns=["country", "partner", "bloc", "strength"])
    out = country_summary(state, countries)
    return {row["country"]: row for row in out.to_dict(orient="records")}


@pytest.mark.parametrize(
    ("rows", "known", "unknown", "dominant"),
    [
        pytest.param(
            [("NER", "USA", "western", 1000.0), ("NER", "RUS", "russia", NAN)],
            1000.0,
            ["RUS"],
            "western",
            id="known-beats-unknown",
        ),
        pytest.param(
            [
                ("NER", "FRA", "western", 100.0),
                ("NER", "RUS", "russia", NAN),
                ("NER", "WAGNER", "russia", NAN),
            ],
            100.0,
            ["RUS", "WAGNER"],
            "western",
            id="known-strength-beats-more-partners",
        ),
        pytest.param(
            [("NER", "FRA", "western", 100.0), ("NER", "WAGNER", "russia", 2000.0)],
            2100.0,
            [],
            "russia",
            id="most-known-strength",
        ),
        pytest.param(
            [
                ("NER", "FRA", "western", 600.0),
                ("NER", "USA", "western", 600.0),
                ("NER", "WAGNER", "russia", 1000.0),
            ],
            2200.0,
            [],
            "western",
            id="strength-summed-per-bloc",
        ),
        pytest.param(
            [
                ("NER", "FRA", "western", NAN),
                ("NER", "RUS", "russia", NAN),
                ("NER", "WAGNER", "russia", NAN),
            ],
            0.0,
            ["FRA", "RUS", "WAGNER"],
            "russia",
            id="all-unknown-most-partners",
        ),
        pytest.param(
            [("NER", "FRA", "western", 1000.0), ("NER", "RUS", "russia", 1000.0)],
            2000.0,
            [],
            "western",
            id="strength-tie-goes-to-bloc-order",
        ),
        pytest.param(
            [("NER", "ECOWAS", "regional", NAN), ("NER", "UN", "un", NAN)],
            0.0,
            ["ECOWAS", "UN"],
            "un",
            id="count-tie-goes-to-bloc-order",
        ),
        pytest.param(
            [("NER", "TUR", "other", NAN), ("NER", "RUS", "russia", NAN)],
            0.0,
            ["RUS", "TUR"],
            "russia",
            id="count-tie-russia-before-other",
        ),
    ],
)
def test_country_summary(rows, known, unknown, dominant):
    ner = summary_of(rows)["NER"]
    assert (ner["known_strength"], ner["unknown_partners"], ner["dominant_bloc"]) == (
        known,
        unknown,
        dominant,
    )
    assert (ner["n_partners"], ner["n_unknown"]) == (len(rows), len(unknown))
    assert ner["partners"] == sorted(r[1] for r in rows)


def test_country_summary_lists_selected_countries_with_nobody():
    out = summary_of([("NER", "USA", "western", 1000.0)], countries=["TCD", "NER", "MLI"])
    assert sorted(out) == ["MLI", "NER", "TCD"]
    assert {
        k: out["MLI"][k]
        for k in (
            "partners",
            "n_partners",
            "known_strength",
            "unknown_partners",
            "n_unknown",
            "dominant_bloc",
        )
    } == {
        "partners": [],
        "n_partners": 0,
        "known_strength": 0.0,
        "unknown_partners": [],
        "n_unknown": 0,
        "dominant_bloc": "none",
    }


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2024-01-15", "2024-03-02", ["2024-01-31", "2024-02-29", "2024-03-31"]),
        ("2023-12", "2024-01", ["2023-12-31", "2024-01-31"]),
        ("2024-03-31", "2024-03-01", ["2024-03-31"]),
        ("2024-04-01", "2024-03-31", []),
    ],
)
def test_month_ends(start, end, expected):
    assert list(month_ends(start, end)) == [pd.Timestamp(d) for d in expected]


@pytest.mark.parametrize("countries", [None, ["NER"], ["MLI", "BFA"]])
def test_monthly_series_matches_state_at_every_month_end(curated, countries):
    series = monthly_series(curated.presence, "2012-01", "2025-12", countries)
    oracle = pd.concat(
        [state_at(curated.presence, m).assign(month=m) for m in month_ends("2012-01", "2025-12")],
        ignore_index=True,
    )
    if countries is not None:
        oracle = oracle[oracle["country"].isin(countries)]
    cols = ["month", "country", "partner", "bloc", "strength"]
    expected = oracle[cols].sort_values(["month", "country", "partner"]).reset_index(drop=True)
    actual = series[cols].reset_index(drop=True)
    assert len(actual) > 100
    assert series["present"].astype(bool).all()
    pd.testing.assert_frame_equal(
        actual.astype({"bloc": str, "country": str, "partner": str}),
        expected.astype({"bloc": str, "country": str, "partner": str}),
        check_dtype=False,
    )


def test_monthly_series_of_nobody_is_empty(curated):
    out = monthly_series(curated.presence, "2024-01", "2024-12", countries=["ZZZ"])
    assert out.empty
    assert list(out.columns) == ["month", "country", "partner", "bloc", "present", "strength"]


@pytest.mark.parametrize(
    ("specs", "expected"),
    [
        pytest.param(
            [
                ("FRA", "presence", "2020-01", 1000),
                ("FRA", "withdrawal", "2022-01", None),
                ("RUS", "deployment", "2022-02", None),
            ],
            (1.0, "russia", "western"),
            id="complete-swap",
        ),
        pytest.param(
            [("FRA", "presence", "2020-01", 1000), ("FRA", "presence", "2022-06", 50)],
            (0.0, "none", "none"),
            id="unchanged-mix",
        ),
        pytest.param(
            [("FRA", "presence", "2020-01", 1000), ("WAGNER", "deployment", "2022-02", None)],
            (0.5, "russia", "western"),
            id="half-shift",
        ),
        pytest.param(
            [
                ("FRA", "presence", "2020-01", 1),
                ("USA", "presence", "2020-01", 1),
                ("USA", "withdrawal", "2022-01", None),
                ("UN", "deployment", "2022-01", 1),
            ],
            (0.5, "un", "western"),
            id="one-of-two-replaced",
        ),
        pytest.param(
            [("RUS", "deployment", "2022-02", None)], (1.0, "russia", "none"), id="from-nobody"
        ),
        pytest.param(
            [("FRA", "presence", "2020-01", 1000), ("FRA", "withdrawal", "2022-01", None)],
            (1.0, "none", "western"),
            id="to-nobody",
        ),
    ],
)
def test_shift_score(presence_of, specs, expected):
    out = shift_score(presence_of(specs), "2021-01-31", "2023-01-31").set_index("country")
    row = out.loc["NER"]
    assert (row["shift"], row["towards"], row["away"]) == pytest.approx(expected)
