"""Input formats, page chrome and sentence spans."""

from pathlib import Path

import pytest

from dashboard.extraction.text import article_text, is_chrome_line, sentences

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.mark.parametrize(
    "line",
    [
        "icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon",
        "Read more: US troops must leave Niger – junta",
        "Related: The Wagner-to-Africa Corps handover, explained",
        "WATCH: Families of fallen soldiers demand answers (2:14)",
        "Home | World | Africa | Business",
        "Tags: Niger, Russia, USA, Military",
        "27 Mar, 2024 09:07",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome_line(line)


def test_reporting_is_not_chrome() -> None:
    assert not is_chrome_line("France completed the withdrawal of its troops in December.")


def test_sentence_spans_cut_back_out_of_the_text() -> None:
    text = "Menu | Home | World\nThe U.S. Army left on Feb. 3. Gen. Smith said so.\nRead more: x"
    found = sentences(text)
    assert [s.text for s in found] == ["The U.S. Army left on Feb. 3.", "Gen. Smith said so."]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_headlines_are_context_not_prose() -> None:
    (headline, body) = sentences("Niger junta ends pact with Washington today\nThey met on Monday.")
    assert not headline.prose and body.prose


def test_html_drops_scripts_and_styles() -> None:
    raw = (FIXTURES / "articles" / "page_niger.html").read_text(encoding="utf-8")
    text = article_text(raw, "html")
    assert "Germany closed its air transport base in Niamey" in text
    assert "5,000 Russian troops" not in text
    assert "alert" not in text and "900 Americans" not in text and "<" not in text


def test_hostile_html_falls_back_to_visible_text() -> None:
    raw = "<p>Chad hosts French troops.</p><script>var x = 'Wagner arrived';</script>"
    text = article_text(raw, "html")
    assert "Chad hosts French troops." in text
    assert "Wagner" not in text


def test_markdown_keeps_link_text_and_drops_markup() -> None:
    text = article_text("# Title\n\n**Mali** signed a [pact](http://x.org) with *Turkey*.", "md")
    assert text == "Title\n\nMali signed a pact with Turkey."
