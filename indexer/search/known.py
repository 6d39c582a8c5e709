"""Filter values the index does not know (`lang:russian`, `source:feed-ru`, a source's display
name, `country:UK`): said plainly, with the closest valid values, instead of 0 results."""

from __future__ import annotations

import difflib
from typing import Any

from indexer.search.errors import UnknownFilterError, UnknownValue
from indexer.search.names import (
    country_name,
    country_names,
    is_country_code,
    is_language_code,
    language_name,
    language_names,
)
from indexer.search.params import SearchParams
from indexer.search.syntax import Filter, Node, Not

KNOWN_LANGUAGES = 300
KNOWN_SOURCES = 5000
KNOWN_COUNTRIES = 300
SUGGESTIONS = 3
_FIELD_OF = {"lang": "language", "source": "source", "country": "country"}

__all__ = ["UnknownFilterError", "UnknownValue", "check_values", "known_values_body", "requested"]


def requested(params: SearchParams, tree: Node | None) -> dict[str, list[str]]:
    """Every filter value asked for, by field (language, source, country), from params and query."""
    wanted: dict[str, list[str]] = {
        "language": list(params.langs),
        "source": list(params.sources),
        "country": list(params.countries),
    }
    for node in _filters(tree):
        if node.field in _FIELD_OF:  # place: and topic: are checked against their config files
            wanted[_FIELD_OF[node.field]].extend(node.values)
    return {field: list(dict.fromkeys(values)) for field, values in wanted.items() if values}


def _filters(node: Node | None) -> list[Filter]:
    if node is None:
        return []
    if isinstance(node, Filter):
        return [node]
    if isinstance(node, Not):
        return _filters(node.child)
    children = getattr(node, "children", ())
    return [found for child in children for found in _filters(child)]


def known_values_body() -> dict[str, Any]:
    """One request for the values the index holds (over every article, not only the results)."""
    return {
        "size": 0,
        "query": {"match_all": {}},
        "aggs": {
            "languages": {"terms": {"field": "language", "size": KNOWN_LANGUAGES}},
            "sources": {
                "terms": {"field": "source", "size": KNOWN_SOURCES},
                "aggs": {"name": {"terms": {"field": "source_name.raw", "size": 1}}},
            },
            "countries": {"terms": {"field": "country", "size": KNOWN_COUNTRIES}},
        },
    }


def check_values(wanted: dict[str, list[str]], answer: dict[str, Any]) -> None:
    """Raise `UnknownFilterError` for every wanted value that is neither in the index nor a valid
    code (a valid language or country code without articles is a fair 0, not a mistake)."""
    aggs = answer.get("aggregations", {})
    indexed = {
        "language": {str(b["key"]) for b in aggs.get("languages", {}).get("buckets", [])},
        "country": {str(b["key"]) for b in aggs.get("countries", {}).get("buckets", [])},
    }
    source_names: dict[str, str] = {}
    for bucket in aggs.get("sources", {}).get("buckets", []):
        names = bucket.get("name", {}).get("buckets", [])
        source_names[str(bucket["key"])] = str(names[0]["key"]) if names else ""
    unknown: list[UnknownValue] = []
    for value in wanted.get("language", []):
        if value not in indexed["language"] and not is_language_code(value):
            close = _closest(value, indexed["language"], language_names())
            unknown.append(UnknownValue("language", value, close, labels=tuple(map(language_name, close))))
    for value in wanted.get("country", []):
        if value not in indexed["country"] and not is_country_code(value):
            close = _closest(value, indexed["country"], country_names())
            unknown.append(UnknownValue("country", value, close, labels=tuple(map(country_name, close))))
    for value in wanted.get("source", []):
        if value not in source_names:
            unknown.append(_unknown_source(value, source_names))
    if unknown:
        raise UnknownFilterError(unknown)


def _closest(value: str, indexed: set[str], names: dict[str, str]) -> tuple[str, ...]:
    """Codes whose code or name is closest to `value`, codes the index holds first."""
    folded = value.casefold()
    if folded in names:
        return (names[folded],)
    by_code = difflib.get_close_matches(folded, [c.casefold() for c in indexed], n=SUGGESTIONS, cutoff=0.5)
    by_name = [names[n] for n in difflib.get_close_matches(folded, list(names), n=SUGGESTIONS, cutoff=0.7)]
    original = {c.casefold(): c for c in indexed}
    ordered = [original[c] for c in by_code] + by_name
    return tuple(dict.fromkeys(ordered))[:SUGGESTIONS]


def _unknown_source(value: str, names: dict[str, str]) -> UnknownValue:
    folded = value.casefold()
    for source, name in sorted(names.items()):
        if name and name.casefold() == folded:
            return UnknownValue("source", value, (source,), display_name_of=source)
        if source.casefold() == folded:
            return UnknownValue("source", value, (source,))
    by_id = difflib.get_close_matches(folded, list(names), n=SUGGESTIONS, cutoff=0.5)
    by_name_text = {name.casefold(): source for source, name in names.items() if name}
    near = difflib.get_close_matches(folded, list(by_name_text), n=SUGGESTIONS, cutoff=0.6)
    by_name = [by_name_text[n] for n in near]
    close = tuple(dict.fromkeys([*by_id, *by_name]))[:SUGGESTIONS]
    return UnknownValue("source", value, close, labels=tuple(names[c] for c in close))
