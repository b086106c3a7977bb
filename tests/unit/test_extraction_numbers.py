"""Troop counts: force sizes are kept, everything else is recognised and refused."""

import pytest

from dashboard.extraction.numbers import parse_number, troop_counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("some 1,000 American troops", 1000),
        ("about 1,500 troops", 1500),
        ("About a thousand American personnel", 1000),
        ("nearly 13,000 troops in Mali", 13000),
        ("the departure of the 1.500 French soldiers", 1500),
        ("France's roughly two hundred special forces soldiers", 200),
        ("Some 400 elements of the special forces", 400),
        ("about 75 US special forces soldiers would leave", 75),
        ("Some 2,000 Turkish trainers", 2000),
    ],
)
def test_force_sizes(text: str, expected: int) -> None:
    assert [c.value for c in troop_counts(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a force of up to 12,640 uniformed personnel", "ceiling"),
        ("fewer than 100 military personnel", "bound"),
        ("more than 5,000 troops", "bound"),
        ("Eleven Malian soldiers died in the fighting", "casualties"),
        ("was meant to field about 5,000 soldiers", "target"),
        ("a joint force of 5,000 troops", "target"),
        ("some 1,600 service members from 34 nations", "regional or multinational total"),
        ("around 5,100 soldiers across the Sahel", "regional or multinational total"),
    ],
)
def test_numbers_that_are_not_a_force_size(text: str, reason: str) -> None:
    (count,) = troop_counts(text)
    assert count.value is None
    assert count.reason == reason


@pytest.mark.parametrize(
    "text",
    [
        "A few hundred troops took part",
        "several hundred soldiers",
        "a project expected to cost about $110 million",
        "100 million euros pledged",
        "more than 1,000 people were evacuated",
        "In 2013 the troops arrived",
    ],
)
def test_vague_money_and_people_are_not_counts(text: str) -> None:
    assert [c.value for c in troop_counts(text) if c.value is not None] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,000", 1000), ("1.500", 1500), ("two hundred", 200), ("a thousand", 1000), ("75", 75)],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value
