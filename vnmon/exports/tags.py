"""Readable names of an article's tags: its places (the current unit, with the places named in it)
and its topics (their labels), from the gazetteer and topics files the search side reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indexer.search.errors import SearchError
from indexer.search.vocabulary import default_gazetteer, default_topic_set
from vnmon.exports.errors import ExportError
from vnmon.kernel.gazetteer import Gazetteer


@dataclass(frozen=True)
class TagNames:
    """Place ids and topic ids → what a reader sees."""

    gazetteer: Gazetteer
    topic_labels: dict[str, str]  # topic id → label, in the topics file's order

    def units(self) -> list[tuple[str, str]]:
        """The current provinces and centrally-run cities: (id, label), in the gazetteer's order."""
        return [(p.id, p.label) for p in self.gazetteer.units()]

    def place_label(self, place_id: str) -> str:
        place = self.gazetteer.places.get(place_id)
        return place.label if place is not None else place_id

    def topic_label(self, topic_id: str) -> str:
        return self.topic_labels.get(topic_id, topic_id)

    def place_names(self, place_ids: Sequence[str]) -> tuple[str, ...]:
        """`["son_doong", "quang_binh", "quang_tri"]` → `("Quảng Trị (Hang Sơn Đoòng, Quảng Bình)",)`:
        each current unit (best first) with the places and former provinces named in it; a place
        in no single unit (a region) on its own; an id the gazetteer does not know as it is."""
        grouped: dict[str, list[str]] = {}  # the unit's (or lone place's) label → places in it
        for place_id in place_ids:
            place = self.gazetteer.places.get(place_id)
            if place is None or place.is_unit:
                grouped.setdefault(self.place_label(place_id), [])
                continue
            unit = self.gazetteer.unit_of(place_id)
            if unit is None:
                grouped.setdefault(place.label, [])
            else:
                grouped.setdefault(self.place_label(unit), []).append(place.label)
        return tuple(f"{unit} ({', '.join(inside)})" if inside else unit for unit, inside in grouped.items())

    def topic_names(self, topic_ids: Sequence[str]) -> tuple[str, ...]:
        """The topics' labels, in the article's order (best first)."""
        return tuple(self.topic_label(t) for t in topic_ids)


def configured_tags(language: str = "en") -> TagNames:
    """The names from the configured files (`VNMON_PLACES`, `VNMON_TOPICS`), read once per process
    by the search side; topic labels for a reader of `language` (the topics file's `label`s)."""
    try:
        return TagNames(default_gazetteer(), default_topic_set().labels(language))
    except SearchError as exc:
        raise ExportError(f"exports name places and topics: {exc}") from exc
