"""Reads a week's articles from Elasticsearch: every match through a point in time, and counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from elasticsearch import Elasticsearch

# Fields an export needs; `body` only for full text and for a snippet when the lead is empty.
SOURCE_FIELDS = [
    "url",
    "canonical_url",
    "source",
    "source_name",
    "country",
    "title",
    "lead",
    "body",
    "language",
    "published_at",
    "relevance",
    "matched_terms",
    "cluster_id",
    "authors",
    "section",
    "places",
    "topics",
    "found_via",
    "gdelt_tone",
    "gdelt_locations",
]
PAGE_SIZE = 1000
KEEP_ALIVE = "2m"


OLDEST_FIRST: list[Any] = [{"published_at": "asc"}, {"_shard_doc": "asc"}]


class Scan:
    """Every hit of `query` (no 10,000 limit) in `sort` order, read page by page from one point in
    time, so a crawl indexing meanwhile cannot shift pages; `total` is the index's count of it,
    known once the first page is read. Iterating streams: one page of hits in memory at a time."""

    def __init__(
        self, client: Elasticsearch, index: str, query: dict[str, Any], sort: list[Any] | None = None
    ) -> None:
        self.client, self.index, self.query = client, index, query
        self.sort = sort or OLDEST_FIRST
        self.total: int | None = None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        client = self.client
        pit = client.open_point_in_time(index=self.index, keep_alive=KEEP_ALIVE)["id"]
        try:
            after: list[Any] | None = None
            while True:
                extra: dict[str, Any] = {"search_after": after} if after is not None else {}
                response = client.search(
                    pit={"id": pit, "keep_alive": KEEP_ALIVE},
                    query=self.query,
                    size=PAGE_SIZE,
                    sort=self.sort,
                    source_includes=SOURCE_FIELDS,
                    track_total_hits=after is None,
                    **extra,
                )
                pit = response.get("pit_id", pit)
                if after is None:
                    self.total = int(response["hits"]["total"]["value"])
                page = response["hits"]["hits"]
                yield from page
                if len(page) < PAGE_SIZE:
                    return
                after = page[-1]["sort"]
        finally:
            client.close_point_in_time(id=pit)


def scan(client: Elasticsearch, index: str, query: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """Every hit of `query`, oldest first, and the index's count of it, from one point in time."""
    reader = Scan(client, index, query)
    hits = list(reader)
    return hits, reader.total or 0


def count(client: Elasticsearch, index: str, query: dict[str, Any]) -> int:
    """The index's own count of `query` (what every file of the export must hold)."""
    return int(client.count(index=index, query=query)["count"])


def term_counts(client: Elasticsearch, index: str, query: dict[str, Any], field: str) -> Counter[str]:
    """Documents per value of a keyword field among `query`'s matches, paged by a composite
    aggregation so there is no bucket limit."""
    counts: Counter[str] = Counter()
    after: dict[str, Any] | None = None
    while True:
        composite: dict[str, Any] = {"size": 1000, "sources": [{"value": {"terms": {"field": field}}}]}
        if after is not None:
            composite["after"] = after
        response = client.search(index=index, size=0, query=query, aggs={"values": {"composite": composite}})
        agg = response["aggregations"]["values"]
        for bucket in agg["buckets"]:
            counts[str(bucket["key"]["value"])] = int(bucket["doc_count"])
        after = agg.get("after_key")
        if not agg["buckets"] or after is None:
            return counts


def daily_counts(client: Elasticsearch, index: str, query: dict[str, Any], tz_name: str) -> Counter[str]:
    """Documents per local day (`YYYY-MM-DD`) among `query`'s matches."""
    response = client.search(
        index=index,
        size=0,
        query=query,
        aggs={
            "days": {
                "date_histogram": {
                    "field": "published_at",
                    "calendar_interval": "day",
                    "time_zone": tz_name,
                    "format": "yyyy-MM-dd",
                }
            }
        },
    )
    return Counter(
        {b["key_as_string"]: int(b["doc_count"]) for b in response["aggregations"]["days"]["buckets"]}
    )
