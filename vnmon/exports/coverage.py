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
from vnmon.exports import fetch
from vnmon.exports.query import week_query
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
    `filters`; `totals` are the two weeks' article counts the shares divide by."""
    units = tags.units()
    topics = list(tags.topic_labels.items())
    return (
        _coverage(client, index, week, filters, totals, "places", units),
        _coverage(client, index, week, filters, totals, "topics", topics),
    )


def _coverage(
    client: Elasticsearch,
    index: str,
    week: Week,
    filters: SearchParams,
    totals: tuple[int, int],
    field_name: str,
    named: Sequence[tuple[str, str]],
) -> Coverage:
    now, before = (week_query(w, filters) for w in (week, week.shifted(-1)))
    counts: Counter[str] = fetch.term_counts(client, index, now, field_name)
    previous: Counter[str] = fetch.term_counts(client, index, before, field_name)
    shares = [Share(key, label, counts[key], previous[key], *totals) for key, label in named]
    shares.sort(key=lambda s: (-s.articles, -s.previous, _alphabetical(s.label)))
    ids = [key for key, _ in named]
    return Coverage(shares, fetch.count(client, index, _with_any(now, field_name, ids)))


def _alphabetical(label: str) -> str:
    """A sort key putting Đà Nẵng among the D and Ấn among the A, as a Vietnamese reader expects."""
    letters = unicodedata.normalize("NFD", label.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()


def _with_any(query: dict[str, Any], field_name: str, ids: list[str]) -> dict[str, Any]:
    """`query` narrowed to documents carrying at least one of `ids` in `field_name`."""
    return {"bool": {"filter": [query, {"terms": {field_name: ids}}]}}
