"""The places of Vietnam and finding them in an article: ids, the units they belong to, scores."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vnmon.kernel.lexicon import Entry, Hit, Lexicon
from vnmon.kernel.positions import article_parts, worth

# Kinds of place. The current units are the provinces and centrally-run cities since the 2025
# reform; a former province names the unit it is `now` part of; a place the unit it lies `in`.
UNIT_KINDS = frozenset({"province", "city"})
KINDS = UNIT_KINDS | {"former_province", "place", "region"}


class GazetteerError(ValueError):
    """The gazetteer files are missing or malformed (the message names the file, entry and field)."""


@dataclass(frozen=True)
class Place:
    """One place: its stable id (what articles are tagged with), label and where it belongs."""

    id: str
    label: str
    kind: str
    # The ISO 3166-2 code of the unit before the 2025 reform (the 63 former units).
    iso: str | None = None
    # former_province: the current unit it is part of; place/region: the unit it lies in.
    parent: str | None = None
    geonames: tuple[int, ...] = ()

    @property
    def is_unit(self) -> bool:
        """One of the 34 current provinces and centrally-run cities."""
        return self.kind in UNIT_KINDS


@dataclass(frozen=True)
class PlaceMention:
    """A place an article names, directly or through a place inside it, and how prominently."""

    place: str
    score: float
    names: tuple[str, ...]


class Gazetteer:
    """The places and their names in every language; `find` tags an article's parts."""

    def __init__(self, places: Iterable[Place], entries: Iterable[Entry], source: Path | None = None) -> None:
        self.places: dict[str, Place] = {place.id: place for place in places}
        self.lexicon = Lexicon(entries, source=source)
        self.source = source

    def units(self) -> list[Place]:
        """The current provinces and centrally-run cities."""
        return [p for p in self.places.values() if p.is_unit]

    def former_units(self) -> list[Place]:
        """The 63 units before the 2025 reform (each with its ISO 3166-2 code)."""
        return [p for p in self.places.values() if p.iso is not None]

    def lineage(self, place_id: str) -> list[str]:
        """`place_id` and every unit above it: a place, its former province, the current unit."""
        chain = [place_id]
        parent = self.places[place_id].parent
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = self.places[parent].parent
        return chain

    def unit_of(self, place_id: str) -> str | None:
        """The current unit `place_id` is or lies in (None for a region spanning several)."""
        return next((p for p in self.lineage(place_id) if self.places[p].is_unit), None)

    def named(self, term: str) -> list[str]:
        """Ids of the places `term` names: an id ("hue"), a label or any written form, in any
        script ("Huế", "Хюе", "フエ") — for `place:` queries and "by place" views."""
        key = term.strip().lower()
        if key in self.places:
            return [key]
        return sorted({form.entry for form in self.lexicon.variants(term)})

    def hits(self, text: str) -> list[Hit]:
        """Every place name in `text` (proper-noun, word-boundary and script rules applied)."""
        source = unicodedata.normalize("NFC", text)
        return [hit for hit in self.lexicon.find(text) if _acceptable(hit, source)]

    def find(self, title: str | None, lead: str | None, body: str | None) -> list[PlaceMention]:
        """The places an article names, best first: each matched place and the units above it,
        scored by where the names occur (title > lead > body, like relevance)."""
        scores: dict[str, float] = {}
        names: dict[str, dict[str, None]] = {}
        for part, raw in article_parts(title, lead, body):
            text = unicodedata.normalize("NFC", raw)
            found = self.hits(text)
            counts = Counter(hit.entry.key for hit in found)
            for place_id, count in counts.items():
                for tagged in self.lineage(place_id):
                    scores[tagged] = scores.get(tagged, 0.0) + worth(part, count)
            for hit in found:
                for tagged in self.lineage(hit.entry.key):
                    names.setdefault(tagged, {})[text[hit.start : hit.end]] = None
        ranked = sorted(scores, key=lambda p: (-scores[p], p))
        return [PlaceMention(p, round(scores[p], 4), tuple(names.get(p, ()))) for p in ranked]


def _acceptable(hit: Hit, source: str) -> bool:
    """Whether a lexicon hit is a place name here, not part of another word or an ordinary word."""
    matched = source[hit.start : hit.end]
    if hit.term.capitalised and not _every_word_capitalised(matched):
        return False
    first, last = matched[0], matched[-1]
    before = source[hit.start - 1] if hit.start > 0 else " "
    after = source[hit.end] if hit.end < len(source) else " "
    # Katakana names are whole katakana words: フエ is not the start of フエルト.
    if (_katakana(first) and _katakana(before)) or (_katakana(last) and _katakana(after)):
        return False
    # Korean writes spaces between words and glues particles after a name, never before it.
    return not (_hangul(first) and _hangul(before))


def _every_word_capitalised(text: str) -> bool:
    words = [w for w in text.replace("-", " ").split() if w[:1].isalpha()]
    return all(not w[0].islower() for w in words)


def _katakana(ch: str) -> bool:
    return "\u30a0" <= ch <= "\u30ff" or "\u31f0" <= ch <= "\u31ff" or "\uff66" <= ch <= "\uff9f"


def _hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"
