"""Date expressions resolved against the article's own date (corpus/dev/README conventions)."""

import datetime as dt

import pytest

from dashboard.extraction.dates import detect_published, find_dates

PUBLISHED = dt.date(2024, 3, 27)  # a Wednesday


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The talks took place on Tuesday.", "2024-03-26"),
        ("The attack happened last Friday.", "2024-03-22"),
        ("They met on Wednesday.", "2024-03-27"),
        ("They met last Wednesday.", "2024-03-20"),
        ("The president was ousted in July.", "2023-07"),
        ("The last troops left in December.", "2023-12"),
        ("They left in March.", "2024-03"),
        ("The accord was revoked on March 16.", "2024-03-16"),
        ("The decision came on 31 December.", "2023-12-31"),
        ("The pact was signed on 16 July 2014.", "2014-07-16"),
        ("It was signed in September 2019.", "2019-09"),
        ("They arrived earlier this month.", "2024-03"),
        ("They arrived last month.", "2024-02"),
        ("A year ago, the bloc split.", "2023-03"),
        ("Fighters reached the town in late 2021.", "2021"),
        ("The base was closed last year.", "2023"),
        ("The coup in March last year changed everything.", "2023-03"),
        ("The minister spoke on Monday 23 January.", "2024-01-23"),
        ("In 2012, a mutiny toppled the president.", "2012"),
        ("He pledged on New Year's Eve to close the bases.", "2023-12-31"),
    ],
)
def test_relative_dates_keep_their_precision(sentence: str, expected: str) -> None:
    found = [str(d.date) for d in find_dates(sentence, PUBLISHED) if d.date is not None]
    assert found[0] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Flintlock 2020 opened with a ceremony.",  # a name, not a date
        "The troops may leave soon.",  # 'may' the verb
        "They will be gone by the end of the year.",  # a deadline
    ],
)
def test_non_dates_are_not_read(sentence: str) -> None:
    assert [d for d in find_dates(sentence, PUBLISHED) if d.role == "at"] == []


def test_a_range_is_not_a_date() -> None:
    found = find_dates("They came to power in coups between 2020 and 2023.", PUBLISHED)
    assert {d.role for d in found} == {"range"}


def test_possessive_date_dates_another_event() -> None:
    (found,) = find_dates("following last Friday's attack", PUBLISHED)
    assert found.role == "attribute"


def test_month_takes_the_year_named_in_the_same_sentence() -> None:
    text = "Instructors arrived in January 2024 and in Niger in April."
    found = find_dates(text, dt.date(2025, 2, 2))
    assert [str(d.date) for d in found] == ["2024-01", "2024-04"]
    # ...but never a date after the article's own date
    assert str(find_dates(text, PUBLISHED)[1].date) == "2023-04"


def test_relative_dates_need_an_article_date() -> None:
    (found,) = find_dates("They met on Tuesday.", None)
    assert found.date is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("icon menu\n27 Mar, 2024 09:07\n\nHeadline here", dt.date(2024, 3, 27)),
        ("Published: 2023-05-04\nBody text.", dt.date(2023, 5, 4)),
        ("PRESS RELEASE | Feb. 18, 2020\nBody.", dt.date(2020, 2, 18)),
        ("Updated 6 Aug 2023, 22:40 GMT\nBody.", dt.date(2023, 8, 6)),
        ("Friday 18 July 2025\nBody.", dt.date(2025, 7, 18)),
    ],
)
def test_article_date_detected_from_header(header: str, expected: dt.date) -> None:
    assert detect_published(header) == expected


def test_wire_dateline_needs_a_year_from_context() -> None:
    text = "BAMAKO, Jan 12 (Test Wire) - Troops arrived on Friday."
    assert detect_published(text) is None
    assert detect_published(text, "https://example.org/2013/01/12/mali") == dt.date(2013, 1, 12)
