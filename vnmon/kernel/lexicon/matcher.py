"""Finding many lexicon terms in folded text in one pass (candidate words first, then their terms)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Generic, Protocol, TypeVar

_FIRST_WORD = re.compile(r"\w+")
STEM_MARKS = "*~"


class Matchable(Protocol):
    """What the matcher needs of a term: its folded form and its regular expression."""

    @property
    def folded(self) -> str: ...

    @property
    def pattern(self) -> str: ...


T = TypeVar("T", bound=Matchable)
# A character trie: each key a next character ("" marks the end of a word).
_Trie = dict[str, Any]
H = TypeVar("H", bound=tuple[object, int, int])


class Matcher(Generic[T]):
    """Finds term occurrences without trying every term at every position.

    Word terms are indexed by their first word (or its stem); one regular expression, a trie
    of those first words, finds where a text word may start a term, and only there are the
    terms' own expressions tried. Substring terms (scripts without word spaces) are found by a
    second trie. A group of terms shares one expression; of a group the first member whose own
    expression matches is reported (a bounded stem declared by several languages).
    """

    def __init__(self, groups: Iterable[tuple[T, list[T]]]) -> None:
        """`groups`: a term to match (its pattern) and the terms it stands for, in report order."""
        self._exact: dict[str, list[_Group[T]]] = {}
        self._stems: dict[str, list[_Group[T]]] = {}
        self._substrings: dict[str, _Group[T]] = {}
        for term, members in groups:
            pattern = term.pattern
            group = _Group(re.compile(pattern), members)
            first = _FIRST_WORD.match(term.folded)
            if not pattern.startswith("(?<!") or first is None:
                self._substrings.setdefault(term.folded, group)
                continue
            stem = term.folded[first.end() : first.end() + 1] in STEM_MARKS
            index = self._stems if stem else self._exact
            index.setdefault(first.group(), []).append(group)
        self._stem_lengths = sorted({len(stem) for stem in self._stems})
        self._words = _trie_pattern(list(self._exact) + list(self._stems), r"(?<!\w)", longest=False)
        self._glued = _trie_pattern(list(self._substrings), "", longest=True)

    def matches(self, folded: str) -> list[tuple[T, int, int]]:
        """(term, start, end) of every non-overlapping occurrence, leftmost and longest first."""
        return _leftmost_longest(self._word_hits(folded) + self._glued_hits(folded))

    def _word_hits(self, folded: str) -> list[tuple[T, int, int]]:
        found: list[tuple[T, int, int]] = []
        for candidate in self._words.finditer(folded) if self._words is not None else ():
            start = candidate.start()
            word = _FIRST_WORD.match(folded, start)
            assert word is not None  # the trie's keys are \w runs
            for group in self._candidates(word.group()):
                match = group.regex.match(folded, start)
                if match:
                    found.append((group.pick(folded, start, match.end()), start, match.end()))
        return found

    def _glued_hits(self, folded: str) -> list[tuple[T, int, int]]:
        found: list[tuple[T, int, int]] = []
        start = 0
        while self._glued is not None and (candidate := self._glued.search(folded, start)) is not None:
            # Every term starting here, not only the longest (overlaps are settled later).
            here = candidate.start()
            for end in range(here + 1, candidate.end() + 1):
                group = self._substrings.get(folded[here:end])
                if group is not None:
                    found.append((group.terms[0], here, end))
            start = here + 1
        return found

    def _candidates(self, word: str) -> list[_Group[T]]:
        candidates = list(self._exact.get(word, ()))
        for length in self._stem_lengths:
            if length > len(word):
                break
            candidates.extend(self._stems.get(word[:length], ()))
        return candidates


class _Group(Generic[T]):
    """Terms sharing one pattern; `pick` names the one to report for a match."""

    def __init__(self, regex: re.Pattern[str], terms: list[T]) -> None:
        self.regex = regex
        self.terms = terms
        self._own: list[re.Pattern[str]] | None = None

    def pick(self, folded: str, start: int, end: int) -> T:
        if len(self.terms) == 1:
            return self.terms[0]
        # Rare (only on a hit): compile each member's own expression once.
        if self._own is None:
            self._own = [re.compile(term.pattern) for term in self.terms]
        for term, own in zip(self.terms, self._own, strict=True):
            if own.fullmatch(folded, start, end):
                return term
        return self.terms[0]


def _leftmost_longest(found: list[H]) -> list[H]:
    # Leftmost first, longest first at one position; overlapping shorter hits are dropped.
    found.sort(key=lambda f: (f[1], f[1] - f[2]))
    chosen: list[H] = []
    for hit in found:
        if not chosen or hit[1] >= chosen[-1][2]:
            chosen.append(hit)
    return chosen


def _trie_pattern(words: list[str], before: str, longest: bool) -> re.Pattern[str] | None:
    """One expression matching any of `words` (a trie, so the engine branches per character)."""
    if not words:
        return None
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(before + _trie_regex(trie, "?" if longest else "??"))


def _trie_regex(node: _Trie, optional: str) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child, optional) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A word may end here, so the rest is optional: greedy to find the longest substring
    # term; lazy for word terms, whose start is all the trie has to find.
    return f"(?:{body}){optional}" if ends else body
