"""Compare up to five queries side by side: volume over time (absolute and as a share of all
coverage) and a breakdown by country or language, from one Elasticsearch msearch.

Counts are articles (every syndicated copy counts), over the same filters and dates for every
query; "all coverage" is every article under those filters, whatever its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from elasticsearch import ApiError, Elasticsearch, TransportError

from indexer.lifecycle import articles_alias
from indexer.search.compiler import to_es_query
from indexer.search.engine import _es_error, _refused
from indexer.search.errors import SearchQueryError
from indexer.search.facets import histogram_agg
from indexer.search.params import SearchParams, date_range, filter_clauses

MAX_QUERIES = 5
BREAKDOWN_BUCKETS = 20
By = Literal["country", "language"]
Interval = Literal["day", "week", "month"]
BY_CHOICES: tuple[By, ...] = ("country", "language")
INTERVALS: tuple[Interval, ...] = ("day", "week", "month")


@dataclass(frozen=True)
class Point:
    """One period or one country/language: the query's articles and their share of all coverage
    there (0 when there is no coverage at all)."""

    key: str
    count: int
    share: float

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "count": self.count, "share": round(self.share, 6)}


@dataclass(frozen=True)
class Series:
    """One query's numbers."""

    query: str
    total: int
    share: float
    over_time: list[Point]
    breakdown: list[Point]

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "share": round(self.share, 6),
            "over_time": [p.to_json() for p in self.over_time],
            "breakdown": [p.to_json() for p in self.breakdown],
        }


@dataclass(frozen=True)
class Comparison:
    """Every query's series, and all coverage's own counts (`coverage`, share 1 where non-zero)."""

    by: By
    interval: Interval
    coverage: Series
    series: list[Series]

    def to_json(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "interval": self.interval,
            "coverage": self.coverage.to_json(),
            "series": [s.to_json() for s in self.series],
        }


def check_queries(queries: list[str] | tuple[str, ...]) -> list[dict[str, Any]]:
    """The Elasticsearch query of each text; 1 to 5 of them, a malformed one named by its place."""
    texts = [q.strip() for q in queries]
    if not 1 <= len(texts) <= MAX_QUERIES:
        raise SearchQueryError(f"compare takes 1 to {MAX_QUERIES} queries, got {len(texts)}")
    compiled = []
    for number, text in enumerate(texts, start=1):
        if not text:
            raise SearchQueryError(f"query {number} is empty")
        try:
            compiled.append(to_es_query(text))
        except SearchQueryError as exc:
            raise SearchQueryError(f"query {number} ({text[:80]!r}): {exc}") from exc
    return compiled


def compare(
    client: Elasticsearch,
    queries: list[str] | tuple[str, ...],
    *,
    by: By = "country",
    interval: Interval = "month",
    filters: SearchParams | None = None,
    alias: str | None = None,
) -> Comparison:
    """Each query's volume per `interval` and per `by`, with all coverage's for the shares.

    Raises `SearchQueryError` for bad input (naming the query), `SearchError` when Elasticsearch
    refuses or cannot be reached.
    """
    if by not in BY_CHOICES:
        raise SearchQueryError(f"by must be one of {', '.join(BY_CHOICES)}, got {by!r}")
    if interval not in INTERVALS:
        raise SearchQueryError(f"interval must be one of {', '.join(INTERVALS)}, got {interval!r}")
    filters = filters or SearchParams()
    compiled = check_queries(queries)
    index = alias or articles_alias()
    start, end = date_range(filters)
    aggs = {
        **histogram_agg(interval, start, end),
        "breakdown": {"terms": {"field": by, "size": BREAKDOWN_BUCKETS}},
    }
    searches: list[dict[str, Any]] = []
    for query in [{"match_all": {}}, *compiled]:
        bool_query: dict[str, Any] = {"filter": filter_clauses(filters), "must": [query]}
        searches.append({"index": index})
        searches.append({"size": 0, "track_total_hits": True, "query": {"bool": bool_query}, "aggs": aggs})
    try:
        answers = client.msearch(searches=searches).body["responses"]
    except (ApiError, TransportError) as exc:
        raise _es_error(exc, index) from exc
    for answer in answers:
        if "error" in answer:
            raise _refused(answer["error"], index)
    everything = _counts(answers[0])
    coverage = _series("", everything, everything)
    answered = zip(queries, answers[1:], strict=True)
    series = [_series(text.strip(), _counts(answer), everything) for text, answer in answered]
    return Comparison(by=by, interval=interval, coverage=coverage, series=series)


@dataclass(frozen=True)
class _Counts:
    total: int
    over_time: dict[str, int]
    breakdown: dict[str, int]


def _counts(answer: dict[str, Any]) -> _Counts:
    aggs = answer.get("aggregations", {})
    return _Counts(
        total=int(answer["hits"]["total"]["value"]),
        over_time={b["key_as_string"]: int(b["doc_count"]) for b in aggs["histogram"]["buckets"]},
        breakdown={str(b["key"]): int(b["doc_count"]) for b in aggs["breakdown"]["buckets"]},
    )


def _share(count: int, whole: int) -> float:
    return count / whole if whole else 0.0


def _series(query: str, mine: _Counts, everything: _Counts) -> Series:
    """The query's counts on all coverage's periods (every query gets the same x axis)."""
    periods = sorted(everything.over_time.keys() | mine.over_time.keys())
    over_time = [
        Point(
            key,
            mine.over_time.get(key, 0),
            _share(mine.over_time.get(key, 0), everything.over_time.get(key, 0)),
        )
        for key in periods
    ]
    breakdown = [
        Point(key, count, _share(count, everything.breakdown.get(key, 0)))
        for key, count in sorted(mine.breakdown.items(), key=lambda item: (-item[1], item[0]))
    ]
    return Series(query, mine.total, _share(mine.total, everything.total), over_time, breakdown)
