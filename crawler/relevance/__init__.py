"""Relevance of an article to Vietnam, from a weighted multilingual lexicon of Vietnam terms."""

from __future__ import annotations

from crawler.relevance.scoring import Relevance, score_relevance
from vnmon.kernel.lexicon import (
    Entry,
    Hit,
    Lexicon,
    LexiconError,
    Term,
    default_lexicon_path,
    load_lexicon,
)

__all__ = [
    "Entry",
    "Hit",
    "Lexicon",
    "LexiconError",
    "Relevance",
    "Term",
    "default_lexicon_path",
    "load_lexicon",
    "score_relevance",
]
