"""Comparing queries: exact counts and shares on a small known corpus, the CLI's table and JSON,
and clear errors naming the bad query."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from elasticsearch import Elasticsearch

from indexer.search import SearchParams, SearchQueryError
from indexer.search.compare import compare
from tests.crawler.crawling import run_vnmon
from tests.indexer.search.conftest import Env
from tests.indexer.search.corpus import article, index
from vnmon.kernel.settings import Settings

# (id, language, country, words, month of 2025): 2 articles a month, cashew in Jan twice and
# Mar once, pepper once in Jan and once in Feb.
ROWS = [
    ("c1", "en", "US", "cashew harvest", 1),
    ("c2", "en", "US", "cashew and pepper prices", 1),
    ("c3", "fr", "FR", "pepper farms", 2),
    ("c4", "fr", "FR", "green tea", 2),
    ("c5", "de", "DE", "cashew shipments", 3),
    ("c6", "en", "GB", "green tea", 3),
]


@pytest.fixture(scope="module")
def small(module_settings: Settings, es_client: Elasticsearch) -> Iterator[Env]:
    articles = [
        article(
            ident,
            language=language,
            country=country,
            title=f"Vietnam {words}",
            body=f"Vietnam reports on {words} this season.",
            published=datetime(2025, month, 10 + i, 6, tzinfo=UTC),
        )
        for i, (ident, language, country, words, month) in enumerate(ROWS)
    ]
    alias = index(es_client, module_settings.index_prefix, articles)
    yield Env(module_settings, alias)
    es_client.indices.delete(index=f"{alias}-*", ignore_unavailable=True)


def test_counts_and_shares_per_month_and_country(small: Env, es_client: Elasticsearch) -> None:
    result = compare(es_client, ["cashew", "pepper"], by="country", interval="month", alias=small.alias)
    cashew, pepper = result.series
    assert result.coverage.total == 6
    assert (cashew.total, cashew.share) == (3, 0.5)
    assert [(p.key, p.count, p.share) for p in cashew.over_time] == [
        ("2025-01", 2, 1.0), ("2025-02", 0, 0.0), ("2025-03", 1, 0.5),
    ]  # fmt: skip
    assert [(p.key, p.count, p.share) for p in pepper.over_time] == [
        ("2025-01", 1, 0.5), ("2025-02", 1, 0.5), ("2025-03", 0, 0.0),
    ]  # fmt: skip
    assert [(p.key, p.count, p.share) for p in cashew.breakdown] == [("US", 2, 1.0), ("DE", 1, 1.0)]
    assert [(p.key, p.count, p.share) for p in pepper.breakdown] == [("FR", 1, 0.5), ("US", 1, 0.5)]


def test_by_language_under_a_date_filter(small: Env, es_client: Elasticsearch) -> None:
    window = SearchParams(date_from="2025-02-01", date_to="2025-03-31")
    result = compare(es_client, ["tea"], by="language", interval="month", filters=window, alias=small.alias)
    (tea,) = result.series
    assert result.coverage.total == 4 and tea.total == 2
    assert [(p.key, p.count) for p in tea.over_time] == [("2025-02", 1), ("2025-03", 1)]
    assert {p.key: (p.count, p.share) for p in tea.breakdown} == {"fr": (1, 0.5), "en": (1, 1.0)}


def test_bad_input_names_the_query(small: Env, es_client: Elasticsearch) -> None:
    with pytest.raises(SearchQueryError, match=r"query 2 \('\(pepper'\)"):
        compare(es_client, ["cashew", "(pepper"], alias=small.alias)
    with pytest.raises(SearchQueryError, match="1 to 5 queries, got 6"):
        compare(es_client, ["a", "b", "c", "d", "e", "f"], alias=small.alias)
    with pytest.raises(SearchQueryError, match="by must be"):
        compare(es_client, ["a"], by="source", alias=small.alias)  # type: ignore[arg-type]


def test_cli_table_and_json(small: Env) -> None:
    table = run_vnmon(small.settings, "compare", "cashew", "pepper")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].startswith("Counting stories:")
    assert lines[1] == "Q1: cashew  (3 stories, 50.0% of 6)"
    assert lines[2] == "Q2: pepper  (2 stories, 33.3% of 6)"
    assert lines[5].split() == ["2025-01", "2", "(100.0%)", "1", "(50.0%)", "2"]
    assert any(line.split() == ["FR", "0", "1", "(50.0%)", "2"] for line in lines)

    answer = run_vnmon(small.settings, "compare", "cashew", "--by", "language", "--format", "json")
    assert answer.returncode == 0, answer.stderr
    data = json.loads(answer.stdout)
    assert set(data) == {"by", "interval", "counting", "coverage", "series"} and data["by"] == "language"
    assert data["series"][0]["breakdown"] == [
        {"key": "en", "count": 2, "share": 0.666667, "tone": None},
        {"key": "de", "count": 1, "share": 1.0, "tone": None},
    ]

    bad = run_vnmon(small.settings, "compare", "cashew", '"pepper')
    assert bad.returncode == 1 and bad.stderr.startswith("error: query 2 ('\"pepper')")
