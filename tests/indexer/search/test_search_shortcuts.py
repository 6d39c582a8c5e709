"""The shortcuts that make a search cheaper give the answers of the long way round.

With open dates the volume chart is added up from day counts taken with the other counts
(instead of a second request over the whole result set), and a page's details read only the
page's stories: the bars, snippets and copies must be what Elasticsearch itself gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from indexer.search import SearchParams, SearchResult, search
from indexer.search.facets import histogram_agg, rolled_up
from indexer.search.params import date_range, filter_clauses
from tests.indexer.search.conftest import Env
from tests.indexer.search.corpus import article, index
from vnmon.kernel.settings import Settings


def spread(count: int, first: datetime, step: timedelta, source: str) -> list[Any]:
    return [
        article(
            f"{source}-{i:03d}",
            language="en",
            title="Rice exports",
            body=f"Vietnam rice exports, report {i}. Shipments rose again this month.",
            published=first + i * step,
            source=source,
        )
        for i in range(count)
    ]


@pytest.fixture(scope="module")
def spread_alias(module_settings: Settings, es_client: Elasticsearch) -> Iterator[str]:
    """Sources whose articles span a month, two years, five years, and one dated in year 1900."""
    docs = [
        *spread(40, datetime(2025, 2, 10, 23, 30, tzinfo=UTC), timedelta(hours=17), "month"),
        *spread(80, datetime(2023, 12, 31, 20, tzinfo=UTC), timedelta(days=9), "years"),
        *spread(60, datetime(2020, 1, 1, tzinfo=UTC), timedelta(days=31), "five"),
        *spread(3, datetime(2024, 5, 1, tzinfo=UTC), timedelta(days=3), "stray"),
        article(
            "stray-old",
            language="en",
            title="Rice exports",
            body="Vietnam rice exports in the archive.",
            published=datetime(1900, 1, 1, tzinfo=UTC),
            source="stray",
        ),
    ]
    alias = index(es_client, f"{module_settings.index_prefix}-spread", docs)
    yield alias
    es_client.indices.delete(index=f"{alias}-*", ignore_unavailable=True)


def es_bars(client: Elasticsearch, alias: str, params: SearchParams, interval: str) -> list[tuple[str, int]]:
    """The bars as one Elasticsearch date_histogram at `interval` gives them."""
    start, end = date_range(params)
    answer = client.search(
        index=alias,
        query={"bool": {"filter": filter_clauses(params)}},
        size=0,
        aggs=histogram_agg(interval, start, end),
    )
    return [(b["key_as_string"], b["doc_count"]) for b in answer["aggregations"]["histogram"]["buckets"]]


def bars(result: SearchResult) -> list[tuple[str, int]]:
    assert result.facets is not None
    return [(b.key, b.count) for b in result.facets.histogram]


@pytest.mark.parametrize(
    ("source", "dates", "interval", "long_way"),
    [
        ("month", {}, "day", False),
        ("month", {"date_from": date(2025, 2, 20)}, "day", False),
        ("years", {}, "week", False),
        ("years", {"date_to": date(2025, 6, 30)}, "week", False),
        ("five", {"date_from": date(2019, 1, 1)}, "month", False),
        ("stray", {}, "month", True),  # 1900: outside the days counted, the long way round
        ("stray", {"date_from": date(2024, 5, 5)}, "hour", True),  # within two days: hourly bars
    ],
)
def test_open_dated_bars_are_elasticsearchs_own_histogram(
    spread_alias: str,
    es_client: Elasticsearch,
    monkeypatch: pytest.MonkeyPatch,
    source: str,
    dates: dict[str, date],
    interval: str,
    long_way: bool,
) -> None:
    sent: list[dict[str, Any]] = []
    msearch = es_client.msearch

    def counted(**options: Any) -> Any:
        sent.extend(options["searches"][1::2])
        return msearch(**options)

    monkeypatch.setattr(es_client, "msearch", counted)
    params = SearchParams(q="", sources=(source,), **dates)
    result = search(es_client, params, alias=spread_alias)
    monkeypatch.undo()
    assert result.facets is not None and result.facets.interval == interval
    expected = es_bars(es_client, spread_alias, params, interval)
    assert bars(result) == expected
    assert sum(count for _, count in expected) == result.articles  # every article is in a bar
    # a second request over the whole result set for the bars only when they cannot be added up
    assert sum("histogram" in body.get("aggs", {}) for body in sent) == long_way


def test_a_page_has_every_matching_copy_of_its_stories(corpus: Env, es_client: Elasticsearch) -> None:
    """Hits and their story copies, compared with one plain request over the whole result set."""
    result = search(es_client, SearchParams(q="coffee harvest", sources=("pager", "pager2"), size=30))
    assert len(result.hits) == 30
    for hit in result.hits:
        copies = es_client.search(
            index=corpus.alias,
            query={
                "bool": {
                    "must": [{"match": {"body": "coffee harvest"}}],
                    "filter": [{"term": {"cluster_id": hit.cluster_id}}],
                }
            },
            size=0,
        )["hits"]["total"]["value"]
        assert hit.copies == copies and len(hit.outlets) == copies
        assert hit.snippet and "<mark>" in hit.snippet


def test_day_counts_roll_up_to_weeks_and_months_with_the_empty_ones_between() -> None:
    day = 86_400_000
    meta = {"min": 0, "max": 400 * 365 * day}
    days = [("2024-12-29", 2), ("2024-12-30", 1), ("2025-01-05", 4), ("2025-01-20", 3), ("2025-03-01", 5)]
    aggs = {
        "days": {"meta": meta, "buckets": [{"key_as_string": k, "doc_count": n} for k, n in days]},
        "first": {"value": 1735430400000},
        "last": {"value": 1740787200000},
    }
    weeks = rolled_up(aggs, "week")
    assert weeks is not None
    assert [(b["key_as_string"], b["doc_count"]) for b in weeks["buckets"]] == [
        ("2024-12-23", 2),  # Sunday the 29th is in the week of Monday the 23rd
        ("2024-12-30", 5),
        ("2025-01-06", 0),
        ("2025-01-13", 0),
        ("2025-01-20", 3),
        *[(f"2025-{m}", 0) for m in ("01-27", "02-03", "02-10", "02-17")],
        ("2025-02-24", 5),
    ]
    months = rolled_up(aggs, "month")
    assert months is not None
    assert [(b["key_as_string"], b["doc_count"]) for b in months["buckets"]] == [
        ("2024-12", 3),
        ("2025-01", 7),
        ("2025-02", 0),
        ("2025-03", 5),
    ]
    assert rolled_up(aggs, "hour") is None
    # a result dated within two days of the bounds may have fallen outside them: the long way round
    assert (
        rolled_up(
            {**aggs, "days": {**aggs["days"], "meta": {"min": 1735430400000 - day, "max": meta["max"]}}},
            "week",
        )
        is None
    )


def test_every_page_reports_the_counts_and_facets_of_the_first(corpus: Env, es_client: Elasticsearch) -> None:
    """The first page counts in the same request as its hits; later pages count separately
    (a request the shard cache can answer): a reader sees the same numbers on every page."""
    params = SearchParams(q="coffee", sources=("pager", "pager2"), size=40)
    first = search(es_client, params)
    assert first.next_cursor is not None and first.facets is not None
    second = search(es_client, params.model_copy(update={"cursor": first.next_cursor}))
    assert (second.total, second.articles, second.facets) == (first.total, first.articles, first.facets)
    assert first.total == 260 and first.articles == 305
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
