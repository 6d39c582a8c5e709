"""The Vietnam lexicon, shared by the crawler (relevance) and the read side (query expansion)."""

from __future__ import annotations

from vnmon.kernel.lexicon.folding import fold, fold_term
from vnmon.kernel.lexicon.lexicon import Entry, Hit, Lexicon, LexiconError, Term
from vnmon.kernel.lexicon.loading import default_lexicon_path, load_lexicon

__all__ = [
    "Entry",
    "Hit",
    "Lexicon",
    "LexiconError",
    "Term",
    "default_lexicon_path",
    "fold",
    "fold_term",
    "load_lexicon",
]
