"""Article text: HTML/Markdown to plain text, page chrome, and sentence segmentation.

Spans always refer to the text handed to `sentences`, so a quote can be cut back out of it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Lines that are navigation, sharing widgets, related links or credits, never reporting.
_CHROME_LINE = re.compile(
    r"^\s*(?:read more|related|watch|video|tags?|share(?: this)?|subscribe|sign in|"
    r"advertisement|listen|follow us|see also|more on this|photo|image|credit|reporting by|"
    r"editing by|for more information|copyright|©)\b",
    re.IGNORECASE,
)
_ICON_WORD = re.compile(r"icon\b", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_TIMESTAMP_TAIL = re.compile(r"\(\d{1,2}:\d{2}\)\s*$")

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "sgt",
        "st",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "co",
        "ltd",
        "adm",
        "cmdr",
        "rev",
        "prof",
        "sen",
        "rep",
        "gov",
        "pres",
        "approx",
        "fig",
    ]
)
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    """One sentence of prose: `text == article[start:end]`; `paragraph` counts prose paragraphs."""

    start: int
    end: int
    text: str
    paragraph: int
    prose: bool = True  # False for headlines and standfirsts: context for names, never facts


def is_chrome_line(line: str) -> bool:
    """True for menu bars, icon strips, share rows, related links, bylines and timestamps."""
    stripped = line.strip()
    if not stripped:
        return True
    if _CHROME_LINE.match(stripped) or len(_ICON_WORD.findall(stripped)) >= 3:
        return True
    if "|" in stripped or _TIMESTAMP_TAIL.search(stripped):
        return True
    return not _TERMINAL.search(stripped) and len(stripped.split()) < 6


def is_prose_line(line: str) -> bool:
    """Reporting ends its sentences; headlines and standfirsts do not."""
    return bool(_TERMINAL.search(line.strip()))


def sentences(text: str) -> list[Sentence]:
    """Split lines into sentences with exact spans, skipping chrome lines."""
    found: list[Sentence] = []
    paragraph = 0
    header_end = _header_end(text)
    for line_match in re.finditer(r"[^\n]+", text):
        line = line_match.group()
        if is_chrome_line(line):
            continue
        base = line_match.start()
        # Above the "Published ..." line sit the headline and the standfirst, not reporting.
        prose = is_prose_line(line) and base >= header_end
        for start, end in _split_line(line):
            found.append(Sentence(base + start, base + end, line[start:end], paragraph, prose))
        paragraph += prose
    return found


_PUBLISHED_LINE = re.compile(
    r"^[ \t]*(?:published|posted|issued|first published|updated)\b[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_CHARS = 600


def _header_end(text: str) -> int:
    """Where the page header ends: after a "Published on ..." line near the top, else 0."""
    match = _PUBLISHED_LINE.search(text, 0, _HEADER_CHARS)
    return match.end() if match else 0


def _split_line(line: str) -> list[tuple[int, int]]:
    spans = []
    start = len(line) - len(line.lstrip())
    for match in _SENTENCE_END.finditer(line):
        if _is_abbreviation(line, match.start()):
            continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(line) and line[start].isspace():
            start += 1
    end = len(line.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def _is_abbreviation(line: str, dot: int) -> bool:
    if line[dot] != ".":
        return False
    word = re.search(r"([A-Za-z.]+)$", line[:dot])
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


# ---- input formats ---------------------------------------------------------------------------


class _TextOnly(HTMLParser):
    """Fallback HTML-to-text: keeps visible text, drops script/style/noscript/template content."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head"})
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(raw: str) -> str:
    """Main article text of an HTML page (trafilatura), falling back to all visible text."""
    import trafilatura  # heavy import, only needed for HTML uploads

    extracted = trafilatura.extract(
        raw, include_comments=False, include_tables=False, favor_precision=True
    )
    if extracted and len(extracted.split()) >= 20:
        return _tidy(extracted)
    parser = _TextOnly()
    parser.feed(raw)
    parser.close()
    return _tidy("".join(parser.parts))


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def markdown_to_text(raw: str) -> str:
    """Markdown to plain text: link text kept, heading/quote markers and emphasis dropped."""
    text = _MD_LINK.sub(r"\1", raw)
    text = _MD_PREFIX.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return _tidy(text)


def article_text(raw: str, kind: str = "txt") -> str:
    """Plain article text from an upload; `kind` is "txt", "md" or "html" (file suffixes work)."""
    kind = kind.lower().lstrip(".")
    if kind in {"html", "htm"}:
        return html_to_text(raw)
    if kind in {"md", "markdown"}:
        return markdown_to_text(raw)
    return _tidy(raw)


def _tidy(text: str) -> str:
    text = html.unescape(text) if "&" in text and ";" in text else text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
