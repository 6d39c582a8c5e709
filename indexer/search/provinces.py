"""Coverage by province: for one search, the stories about each current unit of Vietnam (the 34
provinces and centrally-run cities since the 2025 reform), in one Elasticsearch request.

Articles are tagged with the units above every place they name (`places`: a former province and
a town count for the unit they are now part of), so a terms aggregation over the unit ids counts
each article once per unit. Like the search page, a story (a `cluster_id` of syndicated copies)
counts once unless every copy is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from indexer.lifecycle import articles_alias
from indexer.search.compiler import compile_query
from indexer.search.engine import _es_error, _refused
from indexer.search.facets import count_aggs
from indexer.search.known import check_values, known_values_body, requested
from indexer.search.params import SearchParams, filter_clauses
from indexer.search.syntax import parse
from indexer.search.vocabulary import default_gazetteer
from vnmon.kernel.lexicon import Lexicon


@dataclass(frozen=True)
class UnitCount:
    """One current unit: its place id and the stories (or articles) about it."""

    place: str
    count: int


@dataclass(frozen=True)
class ProvinceCounts:
    """Every current unit with its count, most first (units no story names included, at 0);
    `total` counts the search's stories, `placed` those naming at least one unit."""

    total: int
    placed: int
    all_copies: bool
    units: list[UnitCount]

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "placed": self.placed,
            "counted": "articles" if self.all_copies else "stories",
            "units": [{"place": u.place, "count": u.count} for u in self.units],
        }


def _value(bucket: dict[str, Any], all_copies: bool) -> int:
    """Distinct stories (`count_aggs`: clusters, plus articles without one), or articles."""
    if all_copies:
        return int(bucket["doc_count"])
    return int(bucket["groups"]["value"]) + int(bucket["ungrouped"]["doc_count"])


def count_by_province(
    client: Elasticsearch, params: SearchParams, *, alias: str | None = None, lexicon: Lexicon | None = None
) -> ProvinceCounts:
    """The stories of the search `params` (query, dates, languages, countries, topics ...) per
    current unit of Vietnam.

    Raises `SearchQueryError` for a malformed query, `UnknownFilterError` for a language, source,
    country, place or topic that names nothing, `SearchError` when Elasticsearch refuses or
    cannot be reached.
    """
    units = [p.id for p in default_gazetteer().units()]  # north to south, the order of ties
    query = compile_query(params.q, lexicon=lexicon, expand=params.expand).query
    body = {
        "size": 0,
        "track_total_hits": True,
        "query": {"bool": {"must": [query], "filter": filter_clauses(params)}},
        "aggs": {
            **count_aggs(facets=False),
            "placed": {"filter": {"terms": {"places": units}}, "aggs": count_aggs(facets=False)},
            "units": {
                "terms": {"field": "places", "include": units, "size": len(units)},
                "aggs": count_aggs(facets=False),
            },
        },
    }
    wanted = requested(params, parse(params.q))
    index = alias or articles_alias()
    searches: list[dict[str, Any]] = [{"index": index}, body]
    if wanted:
        searches += [{"index": index}, known_values_body()]
    try:
        answers = client.msearch(searches=searches).body["responses"]
    except (ApiError, TransportError) as exc:
        raise _es_error(exc, index) from exc
    for answer in answers:
        if "error" in answer:
            raise _refused(answer["error"], index)
    if wanted:
        check_values(wanted, answers[1])
    aggs = answers[0]["aggregations"]
    found = {str(b["key"]): _value(b, params.all_copies) for b in aggs["units"]["buckets"]}
    total = int(answers[0]["hits"]["total"]["value"]) if params.all_copies else _value(aggs, False)
    counts = [UnitCount(unit, found.get(unit, 0)) for unit in units]
    return ProvinceCounts(
        total=total,
        placed=_value(aggs["placed"], params.all_copies),
        all_copies=params.all_copies,
        units=sorted(counts, key=lambda u: -u.count),
    )
