"""Compare up to five queries side by side: volume over time (absolute and as a share of all
coverage) and a breakdown by country or language, from one Elasticsearch msearch.

Counts are stories by default, as on the search page: the copies of one syndicated story (one
`cluster_id`) count once, in each period and country/language where a copy appeared; with the
filters' `all_copies` every copy counts. Every query runs under the same filters and dates; "all
coverage" is everything under those filters, whatever its text.

Tone is GDELT's (`gdelt_tone`, -100 … +100) and only where GDELT scored articles: the mean over
the articles that have it (every copy, since GDELT scores each URL) and how many those are. No
other sentiment is computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from elasticsearch import ApiError, Elasticsearch, TransportError

from indexer.lifecycle import articles_alias
from indexer.search.compiler import to_es_query
from indexer.search.engine import _es_error, _refused
from indexer.search.errors import SearchQueryError
from indexer.search.facets import GROUP_PRECISION, histogram_agg
from indexer.search.params import SearchParams, date_range, filter_clauses

MAX_QUERIES = 5
BREAKDOWN_BUCKETS = 20
By = Literal["country", "language"]
Interval = Literal["day", "week", "month"]
BY_CHOICES: tuple[By, ...] = ("country", "language")
INTERVALS: tuple[Interval, ...] = ("day", "week", "month")
Counting = Literal["stories", "articles"]
TONE_DECIMALS = 2


@dataclass(frozen=True)
class Tone:
    """GDELT's mean tone over the `articles` that have one."""

    mean: float
    articles: int

    def to_json(self) -> dict[str, Any]:
        return {"mean": round(self.mean, TONE_DECIMALS), "articles": self.articles}

    def describe(self) -> str:
        return f"{self.mean:+.{TONE_DECIMALS}f} ({self.articles} articles)"


@dataclass(frozen=True)
class Point:
    """One period or one country/language: the query's articles and their share of all coverage
    there (0 when there is no coverage at all)."""

    key: str
    count: int
    share: float
    tone: Tone | None = None

    def to_json(self) -> dict[str, Any]:
        tone = self.tone.to_json() if self.tone else None
        return {"key": self.key, "count": self.count, "share": round(self.share, 6), "tone": tone}


@dataclass(frozen=True)
class Series:
    """One query's numbers."""

    query: str
    total: int
    share: float
    over_time: list[Point]
    breakdown: list[Point]
    tone: Tone | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "share": round(self.share, 6),
            "tone": self.tone.to_json() if self.tone else None,
            "over_time": [p.to_json() for p in self.over_time],
            "breakdown": [p.to_json() for p in self.breakdown],
        }


@dataclass(frozen=True)
class Comparison:
    """Every query's series, and all coverage's own counts (`coverage`, share 1 where non-zero);
    `counting` says whether the counts are stories or every copy."""

    by: By
    interval: Interval
    counting: Counting
    coverage: Series
    series: list[Series]

    def to_json(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "interval": self.interval,
            "counting": self.counting,
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
    counted = _measures(stories=not filters.all_copies)
    histogram = histogram_agg(interval, start, end)
    aggs = {
        **{name: {**agg, "aggs": counted} for name, agg in histogram.items()},
        "breakdown": {"terms": {"field": by, "size": BREAKDOWN_BUCKETS}, "aggs": counted},
        **counted,
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
    counting: Counting = "articles" if filters.all_copies else "stories"
    return Comparison(by=by, interval=interval, counting=counting, coverage=coverage, series=series)


def _measures(*, stories: bool) -> dict[str, Any]:
    """The aggregations of one bucket: its stories (distinct clusters, plus articles without
    one) when counting stories, and GDELT's tone (mean, and over how many articles)."""
    measures: dict[str, Any] = {
        "tone_mean": {"avg": {"field": "gdelt_tone"}},
        "tone_articles": {"value_count": {"field": "gdelt_tone"}},
    }
    if stories:
        measures["groups"] = {"cardinality": {"field": "cluster_id", "precision_threshold": GROUP_PRECISION}}
        measures["ungrouped"] = {"missing": {"field": "cluster_id"}}
    return measures


@dataclass(frozen=True)
class _Bucket:
    count: int
    tone: Tone | None


@dataclass(frozen=True)
class _Counts:
    total: _Bucket
    over_time: dict[str, _Bucket]
    breakdown: dict[str, _Bucket]


def _bucket(aggs: dict[str, Any], articles: int) -> _Bucket:
    """A bucket's count (stories when they were asked for, else articles) and tone."""
    count = articles
    if "groups" in aggs:
        count = int(aggs["groups"]["value"]) + int(aggs["ungrouped"]["doc_count"])
    scored = int(aggs["tone_articles"]["value"])
    tone = Tone(float(aggs["tone_mean"]["value"]), scored) if scored else None
    return _Bucket(count, tone)


def _counts(answer: dict[str, Any]) -> _Counts:
    aggs = answer.get("aggregations", {})
    return _Counts(
        total=_bucket(aggs, int(answer["hits"]["total"]["value"])),
        over_time={b["key_as_string"]: _bucket(b, int(b["doc_count"])) for b in aggs["histogram"]["buckets"]},
        breakdown={str(b["key"]): _bucket(b, int(b["doc_count"])) for b in aggs["breakdown"]["buckets"]},
    )


def _share(count: int, whole: int) -> float:
    return count / whole if whole else 0.0


def _series(query: str, mine: _Counts, everything: _Counts) -> Series:
    """The query's counts on all coverage's periods (every query gets the same x axis)."""
    periods = sorted(everything.over_time.keys() | mine.over_time.keys())
    over_time = [_point(key, mine.over_time, everything.over_time) for key in periods]
    ranked = sorted(mine.breakdown.items(), key=lambda item: (-item[1].count, item[0]))
    breakdown = [_point(key, mine.breakdown, everything.breakdown) for key, _ in ranked]
    total = mine.total.count
    share = _share(total, everything.total.count)
    return Series(query, total, share, over_time, breakdown, mine.total.tone)


def _point(key: str, mine: dict[str, _Bucket], everything: dict[str, _Bucket]) -> Point:
    found = mine.get(key)
    count = found.count if found else 0
    whole = everything.get(key)
    return Point(key, count, _share(count, whole.count if whole else 0), found.tone if found else None)
