"""Comparing queries counts a syndicated story once (every copy on request) and shows GDELT's
tone only where GDELT scored articles, with how many."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch

from indexer.search import SearchParams
from indexer.search.compare import Tone, compare
from tests.crawler.crawling import run_vnmon
from tests.indexer.search.conftest import Env
from tests.indexer.search.corpus import index, toned_articles
from vnmon.kernel.settings import Settings


@pytest.fixture(scope="module")
def wire(module_settings: Settings, es_client: Elasticsearch) -> Iterator[Env]:
    alias = index(es_client, module_settings.index_prefix, toned_articles())
    yield Env(module_settings, alias)
    es_client.indices.delete(index=f"{alias}-*", ignore_unavailable=True)


def test_a_story_copied_three_times_counts_once(wire: Env, es_client: Elasticsearch) -> None:
    result = compare(es_client, ["typhoon", "rice"], alias=wire.alias)
    typhoon, rice = result.series
    assert result.counting == "stories"
    assert result.coverage.total == 4 and (typhoon.total, rice.total) == (3, 1)
    assert typhoon.share == 0.75
    assert [(p.key, p.count) for p in typhoon.over_time] == [("2025-01", 1), ("2025-02", 2)]
    assert [(p.key, p.count) for p in result.coverage.over_time] == [("2025-01", 1), ("2025-02", 3)]
    # The wire story is one of the two US stories (with the rice one).
    us = next(p for p in typhoon.breakdown if p.key == "US")
    assert (us.count, us.share) == (1, 0.5)


def test_every_copy_counts_on_request(wire: Env, es_client: Elasticsearch) -> None:
    copies = SearchParams(all_copies=True)
    result = compare(es_client, ["typhoon"], filters=copies, alias=wire.alias)
    (typhoon,) = result.series
    assert result.counting == "articles"
    assert (typhoon.total, result.coverage.total) == (5, 6)
    assert [(p.key, p.count) for p in typhoon.over_time] == [("2025-01", 3), ("2025-02", 2)]


def test_gdelt_tone_with_the_articles_it_rests_on(wire: Env, es_client: Elasticsearch) -> None:
    result = compare(es_client, ["typhoon", "rice"], alias=wire.alias)
    typhoon, rice = result.series
    # -4, -2, -3 (the three copies GDELT scored one by one) and +1; the relief article has none.
    assert typhoon.tone == Tone(mean=-2.0, articles=4)
    assert [p.tone for p in typhoon.over_time] == [Tone(-3.0, 3), Tone(1.0, 1)]
    assert rice.tone is None and all(p.tone is None for p in rice.over_time)
    assert rice.to_json()["tone"] is None


def test_cli_says_what_it_counts_and_shows_tone(wire: Env) -> None:
    table = run_vnmon(wire.settings, "compare", "typhoon", "rice")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].startswith("Counting stories: the copies of a syndicated story count once")
    assert lines[1] == "Q1: typhoon  (3 stories, 75.0% of 4; GDELT tone -2.00 (4 articles))"
    assert lines[2] == "Q2: rice  (1 stories, 25.0% of 4)"
    tone = lines.index("GDELT tone (mean, -100 to +100) where GDELT scored articles:")
    assert lines[tone + 2].split() == ["2025-01", "-3.00", "(3", "articles)"]

    copies = run_vnmon(wire.settings, "compare", "typhoon", "--all-copies", "--format", "json")
    assert copies.returncode == 0, copies.stderr
    data = json.loads(copies.stdout)
    assert data["counting"] == "articles" and data["series"][0]["total"] == 5
    assert data["series"][0]["tone"] == {"mean": -2.0, "articles": 4}
    assert data["series"][0]["over_time"][1]["tone"] == {"mean": 1.0, "articles": 1}
