"""Which index fields a search term is looked up in: the standard copies and the language copies."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from indexer.mapping import LANGUAGE_ANALYZERS, TEXT_FIELDS, analyzer_names, i18n_field

# A title match counts most, then the lead, then the body.
BOOSTS: dict[str, float] = {"title": 3.0, "lead": 2.0, "body": 1.0}

# Scripts each language analyzer reads (Unicode character-name prefixes); the rest read Latin.
# A Cyrillic word is never looked up in the French copy: fewer clauses, same hits.
_ANALYZER_SCRIPTS: dict[str, frozenset[str]] = {
    "russian": frozenset({"CYRILLIC"}),
    "bulgarian": frozenset({"CYRILLIC"}),
    "greek": frozenset({"GREEK"}),
    "arabic": frozenset({"ARABIC"}),
    "persian": frozenset({"ARABIC"}),
    "hindi": frozenset({"DEVANAGARI"}),
    "thai": frozenset({"THAI"}),
    "cjk": frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL"}),
}
_LATIN = frozenset({"LATIN"})


def scripts_of(text: str) -> frozenset[str]:
    """The scripts of the letters of `text` (empty for digits and symbols only)."""
    return frozenset(_script(ch) for ch in text if ch.isalpha()) - {""}


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


def analyzers_for_text(text: str) -> list[str]:
    """Language analyzers that can read `text` (all of them when it has no letters)."""
    scripts = scripts_of(text)
    every = analyzer_names()
    if not scripts:
        return every
    return [a for a in every if _ANALYZER_SCRIPTS.get(a, _LATIN) & scripts]


def analyzers_for_languages(languages: Iterable[str]) -> list[str]:
    """The analyzers of the given ISO codes that the mapping has a copy for."""
    return sorted({LANGUAGE_ANALYZERS[lang] for lang in languages if lang in LANGUAGE_ANALYZERS})


def text_fields(analyzers: Iterable[str], only: str | None = None, boosted: bool = True) -> list[str]:
    """`title^3`, `lead^2`, `body` and their copies under `analyzers` (or only `only`'s)."""
    parts = (only,) if only else TEXT_FIELDS
    chosen = list(analyzers)
    names: list[str] = []
    for part in parts:
        boost = f"^{BOOSTS[part]:g}" if boosted and BOOSTS[part] != 1.0 else ""
        names.append(part + boost)
        names.extend(i18n_field(part, analyzer) + boost for analyzer in chosen)
    return names

