"""Search over real crawled documents: the offline news world crawled once into the real node."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from indexer.search import SearchParams, SearchResult, search
from tests.crawler.crawling import FAST, run_vnmon
from vnmon.demo.newsworld import ExpectedArticle, NewsWorld
from vnmon.kernel.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(
    module_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[ExpectedArticle]]:
    """The news world crawled into this module's index; the articles that should be there."""
    with NewsWorld() as world:
        sources = world.write_sources(Path(tmp_path_factory.mktemp("world")) / "sources.yaml")
        result = run_vnmon(module_settings, "crawl", "--sources", str(sources), *FAST)
        assert result.returncode == 0, result.stdout + result.stderr
        yield [e for e in world.expected if e.indexed]


def urls(result: SearchResult) -> set[str]:
    return {hit.url.split("?")[0] for hit in result.hits}


def by_language(articles: list[ExpectedArticle], language: str) -> ExpectedArticle:
    return next(e for e in articles if e.language == language)


def test_russian_and_ukrainian_queries_find_their_articles(
    crawled: list[ExpectedArticle], es_client: Elasticsearch
) -> None:
    russian, ukrainian = by_language(crawled, "ru"), by_language(crawled, "uk")
    # The Russian article says "Вьетнама" (genitive) only: found by the Russian analyzer alone.
    assert russian.url in urls(search(es_client, SearchParams(q="Вьетнам", expand=False)))
    # The Ukrainian one says "В'єтнаму": found through the lexicon's forms.
    assert ukrainian.url in urls(search(es_client, SearchParams(q="В'єтнам")))
    assert ukrainian.url not in urls(search(es_client, SearchParams(q="В'єтнам", expand=False)))


def test_the_wire_story_is_one_hit_naming_its_outlets(
    crawled: list[ExpectedArticle], es_client: Elasticsearch
) -> None:
    copies = [e for e in crawled if e.cluster]
    assert len(copies) >= 3
    grouped = search(es_client, SearchParams(q="Mekong water data"))
    wire = [hit for hit in grouped.hits if hit.url.split("?")[0] in {e.url for e in copies}]
    assert len(wire) == 1
    assert wire[0].copies == len(copies)
    assert sorted(o.source for o in wire[0].outlets) == sorted(e.source for e in copies)
    every = search(es_client, SearchParams(q="Mekong water data", all_copies=True))
    assert {e.url for e in copies} <= urls(every)


def test_facets_of_everything_match_the_ground_truth(
    crawled: list[ExpectedArticle], es_client: Elasticsearch
) -> None:
    result = search(es_client, SearchParams(size=100))
    assert result.articles == len(crawled)
    assert result.total == len({e.cluster or e.url for e in crawled}) == len(result.hits)
    assert result.facets is not None
    assert {b.key: b.count for b in result.facets.languages} == Counter(e.language for e in crawled)
    assert {b.key: b.count for b in result.facets.sources} == Counter(e.source for e in crawled)
    assert sum(b.count for b in result.facets.histogram) == len(crawled)
