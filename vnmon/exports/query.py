"""Turns an export's week and filters (a search's query, languages, sources) into Elasticsearch queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from indexer.search.compiler import to_es_query
from indexer.search.params import SearchParams, filter_clauses
from vnmon.exports.weeks import Week


def describe(filters: SearchParams) -> dict[str, Any]:
    """What the reporter asked for besides the week, as the export's JSON records it."""
    return {"query": filters.q or None, "languages": list(filters.langs), "sources": list(filters.sources)}


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
