"""The written forms a search term stands for: itself, apostrophe variants and lexicon variants."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from indexer.search.errors import SearchError
from indexer.search.spellings import Spellings, default_spellings_path, load_spellings
from vnmon.kernel.lexicon import Lexicon, LexiconError, Term, load_lexicon

# Ukrainian is typed with ', ’ and ʼ interchangeably, and the standard tokenizer keeps each one
# inside its word: В'єтнам, В’єтнам and Вʼєтнам are three different tokens in the index.
_APOSTROPHES = ("'", "’", "ʼ")


@dataclass(frozen=True)
class Form:
    """One text to search for a term, with the languages it is written in (empty: unknown)."""

    text: str
    languages: frozenset[str] = frozenset()
    stem: bool = False  # a lexicon stem ("вьетнамск*"): matches words starting with `text`
    variant: bool = False  # came from the lexicon, not from what the user typed


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The configured lexicon (`VNMON_LEXICON` or config/lexicon.yaml), loaded once per process."""
    try:
        return load_lexicon()
    except LexiconError as exc:
        raise SearchError(f"cannot expand Vietnam terms: {exc}") from exc


@lru_cache(maxsize=1)
def default_spellings() -> Spellings:
    """The admin's extra spellings (`VNMON_SPELLINGS` or config/spellings.yaml), validated against
    the configured lexicon, loaded once per process."""
    path, required = default_spellings_path()
    return load_spellings(path, default_lexicon(), required=required)


def forms_of(text: str, lexicon: Lexicon | None, spellings: Spellings | None = None) -> list[Form]:
    """`text` first, then (with a lexicon) every form of the lexicon entries it names, with the
    entries' extra spellings (default: `default_spellings()`).

    Any listed spelling of an entry names the same entries, so each gives the same forms. Forms
    are unique up to case (the index lowercases but keeps accents and apostrophes); languages
    of duplicates are merged, so the typed text has languages when it is itself a listed form.
    """
    found: dict[str, Form] = {}
    _add(found, Form(text))
    if lexicon is not None:
        extra = spellings if spellings is not None else default_spellings()
        for term in _named_terms(text, lexicon, extra):
            stem = term.text.endswith("*")
            _add(found, Form(term.text.rstrip("*").strip(), frozenset({term.language}), stem, True))
    return [alt for form in found.values() for alt in _apostrophe_variants(form)]


def _named_terms(text: str, lexicon: Lexicon, spellings: Spellings) -> list[Term]:
    """The lexicon forms and extra spellings of every entry `text` names."""
    terms = lexicon.variants(text)
    keys = list(dict.fromkeys([*(t.entry for t in terms), *spellings.entries_named(text)]))
    for key in keys:
        entry = lexicon.entries.get(key)
        if entry is not None and key not in {t.entry for t in terms}:
            terms.extend(entry.terms)
        for spelling in spellings.by_entry.get(key, ()):
            terms.append(Term(spelling.text, spelling.language, key, False, spelling.text.casefold()))
    return terms


def _add(found: dict[str, Form], form: Form) -> None:
    key = unicodedata.normalize("NFC", " ".join(form.text.split())).casefold() + ("*" if form.stem else "")
    if not key.strip("*"):
        return
    known = found.get(key)
    if known is None:
        found[key] = form
    else:
        found[key] = Form(known.text, known.languages | form.languages, known.stem, known.variant)


def _apostrophe_variants(form: Form) -> list[Form]:
    if not any(a in form.text for a in _APOSTROPHES):
        return [form]
    spellings = []
    for apostrophe in _APOSTROPHES:
        text = form.text
        for other in _APOSTROPHES:
            text = text.replace(other, apostrophe)
        spellings.append(text)
    ordered = [form.text, *(s for s in spellings if s != form.text)]
    return [Form(text, form.languages, form.stem, form.variant or i > 0) for i, text in enumerate(ordered)]
