"""Article text -> candidate facts with their supporting quotes (issue 6).

`extract(text, published=None, url=None)` is the entry point; `article_text(raw, kind)`
turns an uploaded .html/.md/.txt file into the plain text that `extract` reads.
"""

from dashboard.extraction.candidate import CandidateFact
from dashboard.extraction.dates import detect_published
from dashboard.extraction.extractor import Extractor, RuleExtractor, extract
from dashboard.extraction.text import article_text

__all__ = [
    "CandidateFact",
    "Extractor",
    "RuleExtractor",
    "article_text",
    "detect_published",
    "extract",
]
