"""Article extraction: pure functions from a fetched page to text and metadata fields."""

from __future__ import annotations

from crawler.extraction.article import extract_article
from crawler.extraction.encoding import decode_html
from crawler.extraction.model import Extracted

__all__ = ["Extracted", "decode_html", "extract_article"]
