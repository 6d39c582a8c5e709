"""The offline demo: local Elasticsearch + local news sites → crawl → index → what was collected."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from indexer.client import build_client
from indexer.errors import EsUnavailableError
from indexer.lifecycle import articles_alias
from indexer.settings import get_settings

# The demo's sites listen on this port (on 127.0.0.2, 127.0.0.3, …) so that a second demo run
# reaches the same URLs, and re-indexes the same documents instead of adding new ones.
DEMO_WORLD_PORT = 8421

# Fast enough for a demo while still obeying robots.txt and its Crawl-delay.
DEMO_CRAWL_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0.05,
    "AUTOTHROTTLE_START_DELAY": 0.05,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_TIMEOUT": 15,
    "RETRY_TIMES": 1,
    "LOG_LEVEL": "WARNING",
}


def ensure_elasticsearch(say: Callable[[str], None]) -> str:
    """The URL of a usable cluster: VNMON_ES_URL when it answers, else the local node started now."""
    from indexer import es_local
    from indexer.client import connect

    settings = get_settings()
    try:
        connect()
        say(f"Elasticsearch: using {settings.es_url}")
        return settings.es_url
    except EsUnavailableError:
        pass
    port = int(settings.es_url.rsplit(":", 1)[-1].strip("/")) if settings.es_url.count(":") == 2 else 9200
    say(f"Elasticsearch: starting the local node on port {port} (first start builds it; ~1-2 min)…")
    started = time.monotonic()
    url = es_local.start(port=port, data_dir=settings.data_dir / "es")
    say(f"Elasticsearch: {url} up in {time.monotonic() - started:.0f} s")
    return url


def run_demo(say: Callable[[str], None] = print) -> dict[str, Any]:
    """Run the whole main job offline and return the crawl summary plus what the index holds."""
    from crawler.crawl import format_summary, run_crawl
    from crawler.newsworld import NewsWorld

    ensure_elasticsearch(say)
    world = NewsWorld(port=DEMO_WORLD_PORT)
    world.start()
    try:
        sources = world.write_sources(get_settings().data_dir / "demo" / "sources.yaml")
        say(f"News world: {len(world.outlets)} local outlets serving on 127.0.0.x:{world.port}")
        say("Crawling (robots.txt obeyed, Crawl-delay honoured)…")
        started = time.monotonic()
        summary = run_crawl(sources, overrides=DEMO_CRAWL_SETTINGS)
        elapsed = time.monotonic() - started
    finally:
        world.stop()
    say(format_summary(summary))
    fetched = sum(t["fetched"] for t in summary["sources"].values())
    say(f"Crawl took {elapsed:.1f} s: {fetched / elapsed:.1f} pages/s")
    collected = describe_index()
    say(collected["text"])
    return {"summary": summary, "collected": collected, "seconds": elapsed, "sources_file": str(sources)}


def describe_index() -> dict[str, Any]:
    """Counts per source and language, and a sample search, from the index itself."""
    client = build_client()
    alias = articles_alias()
    client.indices.refresh(index=alias)
    response = client.search(
        index=alias,
        size=0,
        aggs={
            "by_source": {"terms": {"field": "source", "size": 100}},
            "by_language": {"terms": {"field": "language", "size": 100}},
            "clusters": {"cardinality": {"field": "cluster_id"}},
        },
    )
    aggs = response["aggregations"]
    total = response["hits"]["total"]["value"]
    lines = [f"Index {alias}: {total} foreign articles about Vietnam"]
    lines.append(
        "  by source:   " + ", ".join(f"{b['key']} {b['doc_count']}" for b in aggs["by_source"]["buckets"])
    )
    lines.append(
        "  by language: " + ", ".join(f"{b['key']} {b['doc_count']}" for b in aggs["by_language"]["buckets"])
    )
    lines.append(f"  stories (syndication clusters): {aggs['clusters']['value']}")
    sample = sample_search(client, alias, "Huế OR Хюе OR Hue")
    lines.append("Sample search — Huế OR Хюе OR Hue:")
    lines.extend(f"  [{h['language']}] {h['source']}: {h['title']}" for h in sample)
    lines.append(
        "Search further: curl -s "
        f"'{get_settings().es_url}/{alias}/_search?q=title:Vietnam&pretty' — or rerun `vnmon demo`."
    )
    return {
        "total": total,
        "by_source": {b["key"]: b["doc_count"] for b in aggs["by_source"]["buckets"]},
        "by_language": {b["key"]: b["doc_count"] for b in aggs["by_language"]["buckets"]},
        "sample": sample,
        "text": "\n".join(lines),
    }


def sample_search(client: Any, alias: str, query: str) -> list[dict[str, Any]]:
    response = client.search(
        index=alias,
        size=5,
        query={"simple_query_string": {"query": query, "fields": ["title^3", "lead^2", "body"]}},
        source_includes=["title", "source", "language", "url"],
    )
    return [h["_source"] for h in response["hits"]["hits"]]

