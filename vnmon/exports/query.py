"""Turns an export's week and filters (a search's query, languages, sources) into Elasticsearch queries."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from indexer.search.compiler import to_es_query
from indexer.search.params import SearchParams, filter_clauses
from vnmon.exports.weeks import Week

FILTERED_MARK = "-filtered-"


def describe(filters: SearchParams) -> dict[str, Any]:
    """What the reporter asked for besides the week, as the export's JSON records it (countries,
    places, topics and a minimum relevance only when set: a saved search may carry them)."""
    described: dict[str, Any] = {
        "query": filters.q or None,
        "languages": list(filters.langs),
        "sources": list(filters.sources),
    }
    if filters.countries:
        described["countries"] = list(filters.countries)
    if filters.places:
        described["places"] = list(filters.places)
    if filters.topics:
        described["topics"] = list(filters.topics)
    if filters.min_relevance is not None:
        described["min_relevance"] = filters.min_relevance
    return described


def folder_label(week: Week, filters: SearchParams) -> str:
    """The folder (and file-name stem) of a week's export: `2026-W47` for the full report, and
    `2026-W47-filtered-<8 hex>` for one with a query, languages or sources, so a filtered report
    never replaces the full one, nor one with another filter (the manifest records the filter)."""
    described = describe(filters)
    if described == describe(SearchParams()):
        return week.label
    text = json.dumps(described, sort_keys=True, ensure_ascii=False)
    return f"{week.label}{FILTERED_MARK}{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def week_query(week: Week, filters: SearchParams) -> dict[str, Any]:
    """Every article published in the week that matches the filters."""
    return span_query(week, 1, filters)


def span_query(start: Week, weeks: int, filters: SearchParams) -> dict[str, Any]:
    """Articles of `weeks` consecutive weeks from `start`, under the same filters."""
    last = start.shifted(weeks - 1)
    span = {
        "published_at": {
            "gte": start.es_range()["published_at"]["gte"],
            "lt": last.es_range()["published_at"]["lt"],
        }
    }
    bool_query: dict[str, Any] = {"filter": [{"range": span}, *filter_clauses(filters)]}
    if filters.q:
        bool_query["must"] = [to_es_query(filters.q)]
    return {"bool": bool_query}


def normalise_codes(values: Sequence[str]) -> tuple[str, ...]:
    """`--lang en,fr --lang de` → ("de", "en", "fr"): comma lists allowed, duplicates dropped."""
    found = {part.strip() for value in values for part in value.split(",") if part.strip()}
    return tuple(sorted(found))
