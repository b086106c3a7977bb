"""extract(): names, traps, multi-host/partner splitting, chrome, and the seed acceptance test."""

import datetime as dt
from pathlib import Path

import pytest

from dashboard.extraction import CandidateFact, article_text, extract
from dashboard.models import Event, Fact

FIXTURES = Path(__file__).parents[1] / "fixtures"
PUBLISHED = dt.date(2024, 3, 27)


def keys(facts: list[CandidateFact]) -> set[tuple[str, str, str, str]]:
    return {f.key() for f in facts}


def triples(facts: list[CandidateFact]) -> set[tuple[str, str, str]]:
    return {f.key()[:3] for f in facts}


@pytest.fixture(scope="module")
def seed_facts() -> list[CandidateFact]:
    """The seed article with its date left out: the extractor must read it from the page."""
    text = (FIXTURES / "seed_rt_2024-03-27.txt").read_text(encoding="utf-8")
    return extract(text)


def test_seed_acceptance(seed_facts: list[CandidateFact]) -> None:
    found = {f.key(): f for f in seed_facts}
    assert ("NER", "RUS", "talks", "2024-03-26") in found
    assert found[("NER", "USA", "agreement_ended", "2024-03-16")].troops == 1000
    assert ("NER", "FRA", "withdrawal", "2023-12") in found
    assert ("NER", "", "coup", "2023-07") in found
    assert all(f.troops != 139 for f in seed_facts)
    assert all(f.country != "NGA" for f in seed_facts)


def test_quotes_are_exact_spans(seed_facts: list[CandidateFact]) -> None:
    text = (FIXTURES / "seed_rt_2024-03-27.txt").read_text(encoding="utf-8")
    for fact in seed_facts:
        assert text[fact.start : fact.end] == fact.quote
        assert 0 < fact.confidence <= 1 and fact.reason


def test_to_fact_carries_the_quote(seed_facts: list[CandidateFact]) -> None:
    fact = seed_facts[0].to_fact("x1", "https://example.org/a", "RT", "Title", "2024-03-27")
    assert isinstance(fact, Fact)
    assert fact.quote == seed_facts[0].quote and fact.source_published == PUBLISHED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About 800 US troops are deployed in Niger.", ("NER", "USA", "presence")),
        (
            "Some 300 Nigerien soldiers trained with Italian instructors who are based in Niamey.",
            ("NER", "ITA", "presence"),
        ),
        (
            "The Kremlin said Russian instructors arrived in Bamako on Monday.",
            ("MLI", "RUS", "deployment"),
        ),
        (
            "The Elysee said France would withdraw its troops from Niger, officials said.",
            ("NER", "FRA", "withdrawal_announced"),
        ),
        ("Wagner Group fighters are now deployed in Mali.", ("MLI", "WAGNER", "presence")),
        ("MINUSMA has about 12,000 peacekeepers in Mali.", ("MLI", "UN", "presence")),
        ("Burkina Faso's junta seized power in September.", ("BFA", "", "coup")),
    ],
)
def test_names_become_codes(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples(extract(text, PUBLISHED))


def test_nigeria_is_not_niger() -> None:
    facts = extract("Nigerian troops are stationed in Nigeria near the border.", PUBLISHED)
    assert all(f.country != "NER" and f.country != "NGA" for f in facts)
    facts = extract("Nigerien soldiers and some 500 French troops are based in Niamey.", PUBLISHED)
    assert ("NER", "FRA", "presence") in triples(facts)


@pytest.mark.parametrize(
    "text",
    [
        "Analysts said France could withdraw its troops from Niger.",
        "The junta denied reports that Wagner fighters had arrived in Burkina Faso.",
        "Russia is said to be considering a deployment to Chad.",
        "US troops will withdraw from Chad by September.",
        "Unconfirmed reports said Russian troops had arrived in Niger.",
        "Mauritania hosts no permanent French base, officials said.",
        "Rumours spread that Turkish soldiers were on their way to Mali.",
        "The United States was weighing whether to send drones to Niger.",
        "Thousands of people rallied in Niamey to demand the departure of French troops.",
        "An attempted coup in Chad failed on Monday.",
    ],
)
def test_traps_give_no_fact(text: str) -> None:
    assert extract(text, PUBLISHED) == []


def test_several_hosts_give_one_fact_each() -> None:
    text = "Mali, Burkina Faso and Niger signed the charter of the Alliance of Sahel States in September."
    found = keys(extract(text, PUBLISHED))
    assert {
        ("MLI", "AES", "agreement", "2023-09"),
        ("BFA", "AES", "agreement", "2023-09"),
        ("NER", "AES", "agreement", "2023-09"),
    } <= found


def test_several_partners_give_one_fact_each() -> None:
    text = "Estonia, Sweden and Italy also have troops in Mali."
    assert triples(extract(text, PUBLISHED)) == {
        ("MLI", "EST", "presence"),
        ("MLI", "SWE", "presence"),
        ("MLI", "ITA", "presence"),
    }


def test_clauses_keep_their_own_numbers_and_hosts() -> None:
    text = "About 1,200 French soldiers are based in N'Djamena, while some 1,000 remain in Mali."
    found = {(f.country, f.troops) for f in extract(text, PUBLISHED)}
    assert found == {("TCD", 1200), ("MLI", 1000)}


def test_regional_totals_are_not_a_country_strength() -> None:
    text = "France has deployed around 5,100 soldiers across the Sahel, while MINUSMA has nearly 13,000 troops in Mali."
    facts = extract(text, PUBLISHED)
    assert {(f.partner, f.troops) for f in facts} == {("UN", 13000)}


def test_denial_keeps_the_positive_statement() -> None:
    text = "Bamako denies that Wagner is present and says the Russians in the country are military instructors."
    assert triples(extract(text, PUBLISHED)) == {("MLI", "RUS", "presence")}


def test_chrome_is_never_quoted() -> None:
    text = (FIXTURES / "articles" / "wire_chad_2019.txt").read_text(encoding="utf-8")
    facts = extract(text, dt.date(2019, 3, 8))
    assert ("TCD", "FRA", "presence", "2019-03-08") in keys(facts)
    assert all("Read more" not in f.quote and "|" not in f.quote for f in facts)
    assert all(f.troops != 300 for f in facts)  # 'could send up to 300' is a hypothetical ceiling


def test_html_article_end_to_end() -> None:
    raw = (FIXTURES / "articles" / "page_niger.html").read_text(encoding="utf-8")
    facts = extract(article_text(raw, "html"))
    assert ("NER", "DEU", "withdrawal", "2024-08-30") in keys(facts)
    assert all(f.partner not in {"RUS", "USA"} for f in facts)


def test_markdown_article_end_to_end() -> None:
    raw = (FIXTURES / "articles" / "brief_mauritania.md").read_text(encoding="utf-8")
    facts = extract(article_text(raw, "md"))
    assert keys(facts) == {("MRT", "ESP", "agreement", "2023-06-12")}


def test_empty_and_junk_input() -> None:
    assert extract("") == []
    assert extract("<<<>>> ||| 12345 \x00") == []
    assert all(f.event is not Event.COUP for f in extract("The coup leaders met.", PUBLISHED))
