"""End to end: a crawl of the news world stores each article's places and topics in the real index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias
from tests.crawler.crawling import FAST, indexed, run_vnmon
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.article import Article
from vnmon.kernel.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture
def world() -> Iterator[NewsWorld]:
    with NewsWorld() as running:
        yield running


def test_the_ukrainian_hue_article_is_tagged_with_hue_old_and_new(
    world: NewsWorld, vnmon_env: Settings, es_client: Elasticsearch, tmp_path: Path
) -> None:
    sources = world.write_sources(tmp_path / "sources.yaml")
    outlets = ("dnipro-visnyk", "minatogawa-nippo")
    args = [a for outlet in outlets for a in ("--source", outlet)]
    result = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), *args, *FAST)
    assert result.returncode == 0, result.stdout + result.stderr

    docs = indexed(es_client, articles_alias())
    assert {d["source"] for d in docs} == set(outlets), result.stdout
    hue = next(d for d in docs if "tkhua-tkhien-khue" in d["url"])
    # The former province (Тхуа Тхіен Хюе) and the current unit it became (Huế city), best first.
    assert hue["places"][:2] == ["hue", "thua_thien_hue"]
    assert hue["place_scores"]["hue"] >= hue["place_scores"]["thua_thien_hue"] > 0
    assert hue["topics"] and set(hue["topics"]) <= set(hue["topic_scores"])
    # Every document carries the fields, and reads back as an Article.
    for doc in docs:
        article = Article.from_document(doc.pop("_id"), doc)
        assert set(article.topics) == set(article.topic_scores)
        assert set(article.places) == set(article.place_scores)

    # What `place:hue` and a topic filter compile to: a term query on the keyword fields.
    alias = articles_alias()
    by_place = es_client.search(index=alias, query={"term": {"places": "hue"}})["hits"]["hits"]
    assert [h["_source"]["url"] for h in by_place] == [hue["url"]]
    topic = hue["topics"][0]
    by_topic = es_client.search(index=alias, query={"term": {"topics": topic}})["hits"]["hits"]
    assert hue["url"] in {h["_source"]["url"] for h in by_topic}


def test_a_broken_topics_file_stops_the_crawl_at_its_start_with_its_error(
    world: NewsWorld, vnmon_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "topics.yaml"
    broken.write_text(
        "topics:\n  sport:\n    label: Sport\n    rules:\n      - weight: 2\n", encoding="utf-8"
    )
    monkeypatch.setenv("VNMON_TOPICS", str(broken))
    sources = world.write_sources(tmp_path / "sources.yaml")
    result = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), "--source", "dnipro-visnyk", *FAST)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"{broken}: topic 'sport': rules[0]: needs exactly one of any, all, near" in output
    assert world.hits_matching("/svit/") == 0, "no article page is fetched"
