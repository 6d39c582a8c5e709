"""The Vietnam lexicon: its entries and terms, finding them in text, and expansion for search."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from vnmon.kernel.lexicon.folding import fold, fold_term
from vnmon.kernel.lexicon.matcher import Matcher
from vnmon.kernel.lexicon.scripts import joins_words

_VARIANT_CACHE = 10_000
STEM = "*"
# A word ending in "~" takes one of its language's declared endings, or none: a bounded stem.
BOUNDED = "~"


class LexiconError(ValueError):
    """The lexicon file is missing or malformed (the message names the file and entry)."""


@dataclass(frozen=True)
class Term:
    """One written form of an entry."""

    text: str
    language: str
    entry: str
    capitalised: bool
    folded: str
    # Folded endings a word ending in "~" may take, longest first ("~" forms only).
    endings: tuple[str, ...] = ()

    @property
    def pattern(self) -> str:
        """Regular expression over folded text."""
        # Terms of scripts without word spaces (or with glued prefixes) match anywhere.
        if any(joins_words(ch) for ch in self.folded):
            return re.escape(self.folded)
        ending = "(?:" + "|".join(map(re.escape, self.endings)) + ")?" if self.endings else ""
        words = []
        for word in self.folded.split(" "):
            if word.endswith(STEM):
                words.append(re.escape(word[:-1]) + r"\w*")
            elif word.endswith(BOUNDED):
                words.append(re.escape(word[:-1]) + ending)
            else:
                words.append(re.escape(word))
        return r"(?<!\w)" + " ".join(words) + r"(?!\w)"


@dataclass(frozen=True)
class Entry:
    """One thing the lexicon knows (the country, a city, a leader...) and its forms."""

    key: str
    label: str
    kind: str
    weight: float
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Hit:
    """A term found in a text (offsets into the NFC-normalised text)."""

    entry: Entry
    term: Term
    start: int
    end: int


class Lexicon:
    """Weighted Vietnam terms, matched case- and accent-insensitively, longest match first."""

    def __init__(self, entries: Iterable[Entry], source: Path | None = None) -> None:
        self.entries: dict[str, Entry] = {entry.key: entry for entry in entries}
        self.source = source
        self._matcher = Matcher(_matching_groups(self.entries.values()))
        self._variants: dict[str, list[Term]] = {}

    @cached_property
    def _namers(self) -> list[tuple[Entry, str, list[re.Pattern[str]]]]:
        """For expansion: each entry's folded label and compiled forms (re's own cache holds
        512 patterns, fewer than the lexicon has forms, so it would recompile on every call).
        Built on first use: the crawler's workers only `find`."""
        return [
            (entry, fold_term(entry.label), [re.compile(term.pattern) for term in entry.terms])
            for entry in self.entries.values()
        ]

    def find(self, text: str) -> list[Hit]:
        """Every non-overlapping occurrence of a lexicon term in `text`, longest match first."""
        folded, origin = fold(text)
        source = unicodedata.normalize("NFC", text)
        hits = []
        for term, start, end in self._matcher.matches(folded):
            begin = origin[start]
            if term.capitalised and not source[begin].isupper():
                continue
            hits.append(Hit(self.entries[term.entry], term, begin, origin[end - 1] + 1))
        return hits

    def expand(self, term: str) -> list[str]:
        """All forms of the entries that `term` names (by a form or a label), for query expansion.

        The result starts with `term` itself; stems keep their trailing "*".
        """
        variants = [term]
        variants.extend(form.text for form in self.variants(term) if form.text != term)
        return list(dict.fromkeys(variants))

    def variants(self, term: str) -> list[Term]:
        """Every form (with its language) of the entries `term` names; [] when it names none."""
        folded = fold_term(term)
        if not folded:
            return []
        known = self._variants.get(folded)
        if known is None:
            known = [
                form
                for entry, label, patterns in self._namers
                if folded == label or any(p.fullmatch(folded) for p in patterns)
                for form in entry.terms
            ]
            if len(self._variants) < _VARIANT_CACHE:
                self._variants[folded] = known
        return list(known)


def _matching_groups(entries: Iterable[Entry]) -> list[tuple[Term, list[Term]]]:
    """Terms written alike (in several languages) matched as one, with every language's endings."""
    groups: dict[tuple[str, bool], list[Term]] = {}
    for entry in entries:
        for term in entry.terms:
            groups.setdefault((term.folded, term.capitalised), []).append(term)
    matched = []
    for members in groups.values():
        endings = {ending for term in members for ending in term.endings}
        matched.append((replace(members[0], endings=_longest_first(endings)), members))
    return matched


def _longest_first(endings: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(endings), key=lambda e: (-len(e), e)))
