"""Main-text extraction: trafilatura in precision mode, with recall and structured-data fallbacks."""

from __future__ import annotations

import copy
import logging

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from crawler.extraction.cleanup import clean_body
from crawler.extraction.page import Page

# Below this many characters a precision-mode extraction probably cut the article.
_SHORT_BODY_CHARS = 250

_log = logging.getLogger(__name__)


def extract_body(html: str, page: Page, title: str | None = None) -> tuple[str, str]:
    """The article text (paragraphs separated by newlines) and the name of the method used."""
    candidates: list[tuple[str, str]] = []
    precise = _trafilatura(html, page, precision=True)
    candidates.append((precise, "trafilatura-precision"))
    if len(precise) < _SHORT_BODY_CHARS:
        candidates.append((_trafilatura(html, page, precision=False), "trafilatura-recall"))
        candidates.append((_jsonld_body(page), "jsonld"))
    for text, method in candidates:
        cleaned = clean_body(text, title)
        if len(cleaned) >= _SHORT_BODY_CHARS:
            return cleaned, method
    best_text, best_method = max(candidates, key=lambda c: len(c[0]))
    if not best_text:
        return "", "none"
    return clean_body(best_text, title), best_method


def _trafilatura(html: str, page: Page, precision: bool) -> str:
    # trafilatura prunes the tree it is given: it gets a copy of the page's (copying costs
    # a third of parsing the HTML again).
    document: str | HtmlElement = html
    if isinstance(page.tree, HtmlElement):
        document = copy.deepcopy(page.tree)
        # Its own parser drops comments and processing instructions, keeping the text
        # after them; given a tree, it would drop that text with them.
        etree.strip_tags(document, etree.Comment, etree.ProcessingInstruction)
    url = page.url
    try:
        text = trafilatura.extract(
            document,
            url=url,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
            favor_precision=precision,
            favor_recall=not precision,
        )
    except Exception as exc:  # trafilatura is heuristic code over arbitrary markup
        _log.debug("trafilatura failed on %s: %s", url, exc)
        return ""
    return text or ""


def _jsonld_body(page: Page) -> str:
    for article in page.articles():
        body = article.get("articleBody")
        if isinstance(body, str) and body.strip():
            return body.strip()
    return ""
