"""Place and topic filter values: names in any script resolved to the ids articles are tagged
with (through the gazetteer and the topics file), readable labels, and clear errors for values
that name nothing."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache

from indexer.search.errors import SearchError, UnknownFilterError, UnknownValue
from vnmon.kernel.gazetteer import Gazetteer, GazetteerError, load_gazetteer
from vnmon.kernel.topics import TopicsError, TopicSet, load_topics

SUGGESTIONS = 3


@lru_cache(maxsize=1)
def _configured() -> tuple[Gazetteer, TopicSet]:
    """The gazetteer (`VNMON_PLACES`) and topics (`VNMON_TOPICS`) files, read once per process."""
    try:
        return load_gazetteer(), load_topics()
    except (GazetteerError, TopicsError) as exc:
        raise SearchError(f"place: and topic: filters cannot be used: {exc}") from exc


def default_gazetteer() -> Gazetteer:
    return _configured()[0]


def default_topic_set() -> TopicSet:
    return _configured()[1]


def place_ids(values: Iterable[str]) -> list[str]:
    """The place ids `values` name (ids, labels or names in any script: "hue", "Huế", "Хюе");
    `UnknownFilterError` with the closest places for every value that names none."""
    gazetteer = default_gazetteer()
    found: list[str] = []
    unknown: list[UnknownValue] = []
    for value in values:
        ids = gazetteer.named(value)
        if ids:
            found.extend(ids)
            continue
        names = {p.id: p.id for p in gazetteer.places.values()}
        names.update({p.label.casefold(): p.id for p in gazetteer.places.values()})
        close = _closest(value, names)
        unknown.append(UnknownValue("place", value, close, labels=tuple(place_label(c) for c in close)))
    if unknown:
        raise UnknownFilterError(unknown)
    return list(dict.fromkeys(found))


def topic_ids(values: Iterable[str]) -> list[str]:
    """The topic ids `values` name (an id or a label in any UI language, any case);
    `UnknownFilterError` otherwise."""
    topics = default_topic_set().topics
    names = {t.id: t.id for t in topics.values()}
    names.update({label.casefold(): t.id for t in topics.values() for _, label in t.translations})
    names.update({t.label.casefold(): t.id for t in topics.values()})
    found: list[str] = []
    unknown: list[UnknownValue] = []
    for value in values:
        key = value.strip().casefold()
        if key in names:
            found.append(names[key])
            continue
        close = _closest(value, names)
        unknown.append(UnknownValue("topic", value, close, labels=tuple(topic_label(c) for c in close)))
    if unknown:
        raise UnknownFilterError(unknown)
    return list(dict.fromkeys(found))


def _closest(value: str, names: dict[str, str]) -> tuple[str, ...]:
    """Ids whose id or label is closest to `value` (spelling slips, a partial name)."""
    folded = value.strip().casefold()
    near = difflib.get_close_matches(folded, list(names), n=SUGGESTIONS * 2, cutoff=0.6)
    containing = [name for name in names if folded and (folded in name or name in folded)]
    return tuple(dict.fromkeys(names[n] for n in [*near, *containing]))[:SUGGESTIONS]


def place_label(place_id: str, reader: str = "vi") -> str:
    """A place's name for a reader: its Vietnamese label, or its first English name for "en";
    the id itself when the gazetteer does not know it."""
    gazetteer = default_gazetteer()
    place = gazetteer.places.get(place_id)
    if place is None:
        return place_id
    if reader != "vi":
        entry = gazetteer.lexicon.entries.get(place_id)
        named = [t.text for t in entry.terms if t.language == reader] if entry is not None else []
        if named:
            return named[0]
    return place.label


def topic_label(topic_id: str, reader: str = "en") -> str:
    """A topic's label from the topics file for a reader of `reader` ("vi", "en"; the id when
    the file does not know the topic)."""
    topic = default_topic_set().topics.get(topic_id)
    return topic.label_in(reader) if topic is not None else topic_id
