"""End to end: `vnmon discover news` against the aggregator stand-in, the news world and the real node."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias
from tests.crawler.crawling import FAST, crawl_one_source_first, indexed, run_vnmon
from vnmon.demo.newssearch import NewsScenario, NewsSearchStandIn, newsworld_news
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings

pytestmark = pytest.mark.slow

FEED_OUTLET = "pacific-wire"  # the one outlet of the sources file: its articles come by feed too


@dataclass
class Scene:
    """The news world, the aggregator stand-in serving results about it, and a discovery file
    reading the stand-in."""

    world: NewsWorld
    aggregator: NewsSearchStandIn
    scenario: NewsScenario
    config: Path


@pytest.fixture
def scene(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Scene]:
    monkeypatch.setenv("VNMON_NEWS_SEARCH_INTERVAL_SECONDS", "0")
    with NewsWorld(slow_seconds=0.5) as world, NewsSearchStandIn() as aggregator:
        scenario = newsworld_news(aggregator, world)
        feeds = [
            {"name": "stand-in", "url": aggregator.feed_template(), "languages": scenario.languages},
            {
                "name": "elsewhere",
                "enabled": False,
                "url": "https://x.invalid/?q={query}",
                "languages": {"en": "US"},
            },
        ]
        config = tmp_path / "discovery.yaml"
        config.write_text(
            yaml.safe_dump({"news": {"entries": ["vietnam"], "feeds": feeds}}), encoding="utf-8"
        )
        yield Scene(world, aggregator, scenario, config)


def test_news_search_indexes_each_publisher_article_once_and_no_decoy(
    scene: Scene, vnmon_env: Settings, es_client: Elasticsearch, tmp_path: Path
) -> None:
    world, aggregator, scenario, config = scene.world, scene.aggregator, scene.scenario, scene.config
    sources, by_feed = crawl_one_source_first(world, vnmon_env, es_client, tmp_path, FEED_OUTLET)

    result = run_vnmon(
        vnmon_env, "discover", "news", "--config", str(config), "--sources", str(sources), "--json", *FAST
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The broken feed is one clear warning naming it; the other feeds are read all the same.
    warnings = [line for line in result.stderr.splitlines() if line.startswith("degraded: ")]
    assert len(warnings) == 1, result.stderr
    assert "feed stand-in (it-IT)" in warnings[0] and "is not a valid feed" in warnings[0]
    summary = json.loads(result.stdout[result.stdout.index("{") :])
    assert summary["finish_reason"] == "finished" and summary["degraded"] is True
    counts = summary["discovery"]["counts"]
    assert counts["kept"] >= len(scenario.relevant) and counts["feeds_malformed"] == 1
    assert counts["redirect_loop"] >= 1 and counts["dead_redirect"] >= 1
    assert counts["aggregator_page"] >= 1 and counts["domestic"] >= 2

    # Every query asked for the lexicon's Vietnam in the feed's language.
    asked = {q["hl"][0]: q["q"][0] for q in aggregator.queries}
    assert "Vietnam" in asked["en"] and "Вьетнам" in asked["ru"] and "ベトナム" in asked["ja"]

    docs = indexed(es_client, articles_alias())
    by_url = {d["canonical_url"]: d for d in docs}
    assert set(by_url) == set(scenario.relevant), result.stdout
    assert len(docs) == len(scenario.relevant), "an article was indexed twice"
    for url in scenario.relevant:
        doc = by_url[url]
        if url in by_feed:  # found by the feed, then by a news search: one document, both ways
            assert doc["found_via"] == ["feed", "news-search"] and doc["source"] == FEED_OUTLET
        else:
            assert doc["found_via"] == ["news-search"], (url, doc["found_via"])
            assert doc["source"].startswith("127-0-0-")
        assert world.hits[url] <= 1  # fetched once, although listed in two English feeds
    # The aggregator's own pages are never fetched by the crawl nor indexed.
    assert not [d for d in docs if d["url"].startswith(aggregator.origin)]
    for url, why in scenario.publisher_decoys.items():
        assert url not in by_url and world.hits[url] == 0, (url, why)
    # The source name the feed gave is the discovered outlet's name.
    names = {d["source_name"] for d in docs if d["source"] != FEED_OUTLET}
    assert "The Meridian Herald" in names


def test_a_dry_run_fetches_no_article_and_a_bad_file_names_the_field(
    scene: Scene, vnmon_env: Settings
) -> None:
    world, config = scene.world, scene.config
    result = run_vnmon(vnmon_env, "discover", "news", "--config", str(config), "--dry-run", "--lang", "fr")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 feed(s) to read" in result.stdout and "would fetch 1 article URL(s)" in result.stdout
    assert world.hits_matching("/") == 0  # the publishers are not asked before the crawl
    assert not (vnmon_env.data_dir / "discovery" / "pending.jsonl").exists()

    unknown = run_vnmon(vnmon_env, "discover", "news", "--config", str(config), "--lang", "xx")
    assert unknown.returncode == 2 and "no enabled feed" in unknown.stderr and "xx" in unknown.stderr

    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["news"]["feeds"][0]["languages"]["de"] = "Germany"
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    bad = run_vnmon(vnmon_env, "discover", "news", "--config", str(config))
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [
        f"error: {config}: news.feeds[0] (stand-in).languages: language 'de': country 'Germany' must be "
        "an ISO 3166 code such as FR"
    ]


def test_an_unreachable_aggregator_is_one_clear_line(
    vnmon_env: Settings, dead_es_url: str, tmp_path: Path
) -> None:
    config = tmp_path / "discovery.yaml"
    url = f"{dead_es_url}/rss?q={{query}}&hl={{lang}}"  # nothing listens there
    config.write_text(
        yaml.safe_dump({"news": {"feeds": [{"name": "gone", "url": url, "languages": {"en": "US"}}]}})
    )
    result = run_vnmon(vnmon_env, "discover", "news", "--config", str(config))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"degraded: feed gone (en-US) at {dead_es_url}/rss?q=Vietnam")
    assert "is unreachable" in lines[0]
    assert lines[1] == "error: no news-search feed could be read (1 problem(s) above)"
