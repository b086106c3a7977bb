"""dashboard.ingest: reading uploads, flagging duplicates, and turning reviewed rows into facts
with the same rules as the curated dataset."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from dashboard.dataset import build_dataset
from dashboard.ingest import (
    MAX_ARTICLE_BYTES,
    Source,
    UploadError,
    candidates_frame,
    find_duplicate,
    highlight_quote,
    new_fact_id,
    read_upload,
    rows_to_facts,
)
from dashboard.models import Fact

TODAY = dt.date(2025, 6, 1)
RT = Source(
    url="https://www.rt.com/africa/594986",
    outlet="RT",
    title="Niger and Russia",
    published=dt.date(2024, 3, 27),
)


@pytest.mark.parametrize(
    ("name", "data", "text", "kind"),
    [
        ("article.txt", b"Some 1,000 US troops", "Some 1,000 US troops", "txt"),
        ("ARTICLE.TXT", b"x", "x", "txt"),
        ("page.html", "\ufeff<p>café</p>".encode(), "<p>café</p>", "html"),  # BOM dropped
        ("page.htm", b"<p>", "<p>", "htm"),
        ("notes.md", b"# Niger", "# Niger", "md"),
        ("limit.txt", b"a" * MAX_ARTICLE_BYTES, "a" * MAX_ARTICLE_BYTES, "txt"),
    ],
)
def test_read_upload_accepts(name, data, text, kind):
    assert read_upload(name, data) == (text, kind)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "big.txt",
            b"a" * (MAX_ARTICLE_BYTES + 1),
            "big.txt: 2,000,001 bytes is over the 2,000,000-byte limit for one article",
        ),
        ("scan.txt", b"%PDF-1.7\x00\x01\x02", "scan.txt: this looks like a binary file, not text"),
        (
            "latin.txt",
            "Niamey café".encode("latin-1"),
            "latin.txt: not UTF-8 text (byte 10 cannot be decoded)",
        ),
        ("report.pdf", b"hello", "report.pdf: only .txt, .html, .htm, .md files are accepted"),
        ("article.txt.exe", b"hello", "article.txt.exe: only .txt, .html, .htm, .md files"),
        ("README", b"hello", "README: only .txt, .html, .htm, .md files are accepted"),
    ],
)
def test_read_upload_rejects_with_file_and_reason(name, data, message):
    with pytest.raises(UploadError) as err:
        read_upload(name, data)
    assert str(err.value).startswith(message)


@pytest.fixture
def known(make_fact):
    """Facts already in the data, at each date precision and one undated."""
    return [
        make_fact("USA", "presence", "2024-03-16", 1000, id="usa-2024-03-16"),
        make_fact("FRA", "withdrawal", "2023-12", id="fra-2023-12"),
        make_fact("", "coup", "2023", id="coup-2023"),
        make_fact("RUS", "agreement", "", id="rus-undated"),
    ]


@pytest.fixture
def known_frame(known):
    return build_dataset(known).facts


@pytest.mark.parametrize(
    ("partner", "event", "date", "country", "duplicate"),
    [
        ("USA", "presence", "2024-03", "NER", "usa-2024-03-16"),  # month holds the day
        ("USA", "presence", "2024-03-16", "NER", "usa-2024-03-16"),
        ("USA", "presence", "2024", "NER", "usa-2024-03-16"),
        ("USA", "presence", "2024-04", "NER", ""),
        ("USA", "presence", "2024-03-17", "NER", ""),
        ("USA", "presence", "2024-03", "MLI", ""),
        ("USA", "deployment", "2024-03", "NER", ""),
        ("FRA", "withdrawal", "2023-12-22", "NER", "fra-2023-12"),
        ("FRA", "withdrawal", "2024-01-01", "NER", ""),
        (None, "coup", "2023-07-26", "NER", "coup-2023"),
        ("", "coup", "2024-07-26", "NER", ""),
        ("RUS", "agreement", "", "NER", "rus-undated"),  # both undated
        ("RUS", "agreement", "2024-01", "NER", ""),  # only one undated
        ("USA", "presence", "2024-13", "NER", ""),  # unreadable date: no claim
        ("USA", "presence", "", "NER", ""),
    ],
)
def test_find_duplicate(known_frame, partner, event, date, country, duplicate):
    row = {"country": country, "partner": partner, "event": event, "date": date}
    assert find_duplicate(row, known_frame) == duplicate


def review_row(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "country": "NER",
        "partner": "RUS",
        "event": "talks",
        "date": "2024-03-26",
        "troops": None,
        "summary": "Tchiani and Putin spoke by telephone.",
        "quote": "",
    }
    row.update(changes)
    return row


def test_rows_to_facts_reports_table_rows(known):
    rows = [
        (1, review_row()),
        (2, review_row(country="XYZ")),
        (3, review_row(partner="USA", event="presence", date="2024-03-16", troops=1000.0)),
        (4, review_row(partner="AFRICA_CORPS", event="deployment", date="2024-04", troops=-3)),
        (5, review_row(partner="", event="presence")),
        (6, review_row(summary="The same call, reported twice.")),
        (
            7,
            review_row(
                partner="AFRICA_CORPS",
                event="deployment",
                date="2024-04",
                troops=100.0,
                quote="about 100 military trainers",
            ),
        ),
    ]
    facts, problems = rows_to_facts(rows, RT, existing=known, taken_ids={"x"}, today=TODAY)
    assert [(p.file, p.row, p.field) for p in problems] == [
        ("review table", 2, "country"),
        ("review table", 3, None),  # the same key as usa-2024-03-16
        ("review table", 4, "troops"),
        ("review table", 5, "partner"),
        ("review table", 6, None),  # the same key as row 1
    ]
    assert "first in the existing data" in problems[1].reason
    assert "first in row 1" in problems[4].reason
    # row 4 was refused but keeps its id, so the corrected fact in row 7 gets the next one
    assert [(f.id, f.troops) for f in facts] == [
        ("ner-rus-talks-2024-03-26", None),
        ("ner-africa_corps-deployment-2024-04-2", 100),
    ]
    corps = facts[1]
    assert (
        corps.source_url,
        corps.source_outlet,
        corps.source_title,
        corps.source_published,
        corps.quote,
    ) == (RT.url, "RT", "Niger and Russia", dt.date(2024, 3, 27), "about 100 military trainers")


def test_rows_to_facts_applies_the_dataset_rules(known):
    rows = [(1, review_row(date="2026-01")), (2, review_row(partner="XYZ"))]
    unsafe = Source(url="javascript:alert(1)")
    facts, problems = rows_to_facts(rows, unsafe, existing=known, taken_ids=set(), today=TODAY)
    assert facts == []
    assert sorted((p.row, p.field) for p in problems) == [
        (1, "date"),
        (1, "source_url"),
        (2, "partner"),
        (2, "source_url"),
    ]


@pytest.mark.parametrize(
    ("row", "taken", "fact_id"),
    [
        (
            {"country": "NER", "partner": "USA", "event": "presence", "date": "2024-03-16"},
            set(),
            "ner-usa-presence-2024-03-16",
        ),
        (
            {"country": "NER", "partner": "", "event": "coup", "date": "2023-07"},
            set(),
            "ner-none-coup-2023-07",
        ),
        (
            {"country": "NER", "partner": "RUS", "event": "agreement", "date": ""},
            set(),
            "ner-rus-agreement-undated",
        ),
        (
            {"country": "NER", "partner": "RUS", "event": "agreement", "date": ""},
            {"ner-rus-agreement-undated", "ner-rus-agreement-undated-2"},
            "ner-rus-agreement-undated-3",
        ),
        (
            {"country": "NER", "partner": "US A<b>", "event": "talks", "date": "2024"},
            set(),
            "ner-usab-talks-2024",
        ),
    ],
)
def test_new_fact_id(row, taken, fact_id):
    assert new_fact_id(row, taken) == fact_id


@pytest.mark.parametrize(
    ("quote", "words", "expected"),
    [
        ("Some 1,000 US troops", ["troops"], "Some 1,000 US <mark>troops</mark>"),
        ("US Troops and troops", ["troops"], "US <mark>Troops</mark> and <mark>troops</mark>"),
        ("1,000 US troops", ["US troops", "troops"], "1,000 <mark>US troops</mark>"),
        ("<b>troops</b> left", ["troops"], "&lt;b&gt;<mark>troops</mark>&lt;/b&gt; left"),
        ("a < b", ["lt"], "a &lt; b"),  # words never match inside the escaping
        ("x & y", ["&"], "x <mark>&amp;</mark> y"),
        ("<script>alert(1)</script>", [], "&lt;script&gt;alert(1)&lt;/script&gt;"),
        (
            "he said \"go\" & 'stay'",
            ["go"],
            "he said &quot;<mark>go</mark>&quot; &amp; &#x27;stay&#x27;",
        ),
        ("troops", ["", "  "], "troops"),
        ("", ["troops"], ""),
        ("a.b", ["."], "a<mark>.</mark>b"),  # words are literal, not regular expressions
    ],
)
def test_highlight_quote(quote, words, expected):
    assert highlight_quote(quote, words) == expected


def candidate(**changes: object) -> SimpleNamespace:
    fields: dict[str, object] = {
        "country": "NER",
        "partner": "USA",
        "event": "presence",
        "date": "2024-03",
        "troops": 1000,
        "summary": "s",
        "quote": "q",
        "confidence": 0.876,
        "reason": "r",
    }
    fields.update(changes)
    return SimpleNamespace(**fields)


def test_candidates_frame_flags_duplicates(known_frame):
    frame = candidates_frame(
        [candidate(), candidate(partner="AFRICA_CORPS", event="deployment", troops=None)],
        known_frame,
    )
    assert list(frame["duplicate_of"]) == ["usa-2024-03-16", ""]
    assert list(frame["action"]) == ["merge", "accept"]
    assert str(frame["troops"].dtype) == "Int64"
    assert frame["confidence"].tolist() == [0.88, 0.88]


def test_fact_ids_are_unique_against_existing(known):
    taken = {f.id for f in known} | {"ner-rus-talks-2024-03-26"}
    facts, problems = rows_to_facts(
        [(1, review_row())], RT, existing=known, taken_ids=taken, today=TODAY
    )
    assert problems == []
    assert [f.id for f in facts] == ["ner-rus-talks-2024-03-26-2"]
    assert isinstance(facts[0], Fact)
