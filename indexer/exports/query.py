"""Turns the export's filters (week, user query, languages, sources) into Elasticsearch queries."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from indexer.exports.weeks import Week
from indexer.mapping import TEXT_FIELDS, analyzer_names, i18n_field


@dataclass(frozen=True)
class Filters:
    """What the reporter asked for besides the week."""

    query: str | None = None
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def describe(self) -> dict[str, Any]:
        return {"query": self.query, "languages": list(self.languages), "sources": list(self.sources)}


def user_query_clause(text: str) -> dict[str, Any]:
    """The one seam between an export and the search syntax: the user's query as an ES clause.

    Uses the search module's compiler when it is installed (words, "phrases", AND/OR/NOT,
    -word, field filters, lexicon expansion); otherwise `simple_query_string`, which
    understands phrases and -word over the same fields.
    """
    to_es_query = _search_compiler()
    if to_es_query is None:
        return _simple_query(text)
    return dict(to_es_query(text))


def _search_compiler() -> Callable[[str], Mapping[str, Any]] | None:
    for module_name in ("indexer.search.compiler", "indexer.search"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        found = getattr(module, "to_es_query", None)
        if callable(found):
            return cast(Callable[[str], Mapping[str, Any]], found)
    return None


def _simple_query(text: str) -> dict[str, Any]:
    fields = [f"{name}^{boost}" for name, boost in (("title", 3), ("lead", 2), ("body", 1))]
    fields += [i18n_field(name, analyzer) for analyzer in analyzer_names() for name in TEXT_FIELDS]
    return {
        "simple_query_string": {
            "query": text,
            "fields": fields,
            "default_operator": "and",
            "lenient": True,
        }
    }


def filter_clauses(filters: Filters) -> list[dict[str, Any]]:
    """The language/source filters (no week): shared by this week's and earlier weeks' queries."""
    clauses: list[dict[str, Any]] = []
    if filters.languages:
        clauses.append({"terms": {"language": list(filters.languages)}})
    if filters.sources:
        clauses.append({"terms": {"source": list(filters.sources)}})
    return clauses


def week_query(week: Week, filters: Filters) -> dict[str, Any]:
    """Every article published in the week that matches the filters."""
    return span_query(week, 1, filters)


def span_query(start: Week, weeks: int, filters: Filters) -> dict[str, Any]:
    """Articles of `weeks` consecutive weeks from `start`, under the same filters."""
    last = start.shifted(weeks - 1)
    span = {
        "published_at": {
            "gte": start.es_range()["published_at"]["gte"],
            "lt": last.es_range()["published_at"]["lt"],
        }
    }
    bool_query: dict[str, Any] = {"filter": [{"range": span}, *filter_clauses(filters)]}
    if filters.query:
        bool_query["must"] = [user_query_clause(filters.query)]
    return {"bool": bool_query}


def normalise_codes(values: Sequence[str]) -> tuple[str, ...]:
    """`--lang en,fr --lang de` → ("de", "en", "fr"): comma lists allowed, duplicates dropped."""
    found = {part.strip() for value in values for part in value.split(",") if part.strip()}
    return tuple(sorted(found))
