"""Coverage by province and by topic for the weekly report: exact counts from the index (over the
whole week and its filters, never the report's capped article list), against the week before."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from elasticsearch import Elasticsearch

from indexer.search.params import SearchParams
from vnmon.exports.query import span_query
from vnmon.exports.tags import TagNames
from vnmon.exports.weeks import Week


@dataclass(frozen=True)
class Share:
    """One province or topic: its articles this week and the week before, and their shares."""

    id: str
    label: str
    articles: int
    previous: int
    total: int  # the week's articles (under the report's filters)
    previous_total: int

    @property
    def share(self) -> float:
        return self.articles / self.total if self.total else 0.0

    @property
    def previous_share(self) -> float:
        return self.previous / self.previous_total if self.previous_total else 0.0

    @property
    def change(self) -> int:
        return self.articles - self.previous

    @property
    def change_pct(self) -> float | None:
        """Percent change of the articles versus the previous week (None when it had none)."""
        return 100.0 * self.change / self.previous if self.previous else None


@dataclass(frozen=True)
class Coverage:
    """Every province (or topic) with its counts, most articles first, and how many of the week's
    articles name at least one."""

    shares: list[Share] = field(default_factory=list)
    tagged: int = 0

    @property
    def charted(self) -> list[Share]:
        """The ones with an article this week or the week before (a chart of 34 empty bars says nothing)."""
        return [s for s in self.shares if s.articles or s.previous]


def week_coverage(
    client: Elasticsearch,
    index: str,
    week: Week,
    filters: SearchParams,
    totals: tuple[int, int],
    tags: TagNames,
) -> tuple[Coverage, Coverage]:
    """By province (the current units) and by topic, for `week` and the week before under
    `filters`; `totals` are the two weeks' article counts the shares divide by. One request: a
    bucket per week, in each a terms aggregation over exactly the named ids (as many buckets as
    ids, so every shard returns every count: exact, however big the week)."""
    named = {"places": tags.units(), "topics": list(tags.topic_labels.items())}
    before = week.shifted(-1)
    per_field: dict[str, Any] = {}
    for field_name, pairs in named.items():
        ids = [key for key, _ in pairs]
        per_field[field_name] = {"terms": {"field": field_name, "include": ids, "size": len(ids)}}
        per_field[f"any_{field_name}"] = {"filter": {"terms": {field_name: ids}}}
    weeks = {"now": {"range": week.es_range()}, "before": {"range": before.es_range()}}
    response = client.search(
        index=index,
        size=0,
        query=span_query(before, 2, filters),
        aggs={"weeks": {"filters": {"filters": weeks}, "aggs": per_field}},
    )
    buckets = response["aggregations"]["weeks"]["buckets"]
    places, topics = (_coverage(buckets, f, named[f], totals) for f in ("places", "topics"))
    return places, topics


def _coverage(
    buckets: dict[str, Any], field_name: str, named: Sequence[tuple[str, str]], totals: tuple[int, int]
) -> Coverage:
    now, before = (_counts(buckets[w][field_name]) for w in ("now", "before"))
    shares = [Share(key, label, now[key], before[key], *totals) for key, label in named]
    shares.sort(key=lambda s: (-s.articles, -s.previous, _alphabetical(s.label)))
    return Coverage(shares, int(buckets["now"][f"any_{field_name}"]["doc_count"]))


def _counts(terms: dict[str, Any]) -> Counter[str]:
    return Counter({str(b["key"]): int(b["doc_count"]) for b in terms["buckets"]})


def _alphabetical(label: str) -> str:
    """A sort key putting Đà Nẵng among the D and Ấn among the A, as a Vietnamese reader expects."""
    letters = unicodedata.normalize("NFD", label.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()
