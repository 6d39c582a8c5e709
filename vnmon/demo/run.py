"""The offline demo: local Elasticsearch + local news sites → crawl → index → what was collected."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from indexer.client import build_client
from indexer.lifecycle import articles_alias
from vnmon.kernel.errors import EsUnavailableError
from vnmon.kernel.settings import get_settings

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
    # The news world's outlets are on loopback addresses, which a crawl refuses unless told.
    "VNMON_ALLOW_PRIVATE_ADDRESSES": True,
}


def ensure_elasticsearch(say: Callable[[str], None]) -> bool:
    """Make VNMON_ES_URL usable: True when the local node was started for it now, False when it
    already answered."""
    from indexer.client import connect
    from vnmon.es_local import node as es_local

    settings = get_settings()
    try:
        connect()
        say(f"Elasticsearch: using {settings.es_url}")
        return False
    except EsUnavailableError:
        pass
    port = int(settings.es_url.rsplit(":", 1)[-1].strip("/")) if settings.es_url.count(":") == 2 else 9200
    say(f"Elasticsearch: starting the local node on port {port} (first start builds it; ~1-2 min)…")
    started = time.monotonic()
    url = es_local.start(port=port, data_dir=settings.data_dir / "es")
    say(f"Elasticsearch: {url} up in {time.monotonic() - started:.0f} s")
    return True


def run_demo(say: Callable[[str], None] = print) -> dict[str, Any]:
    """Run the whole main job offline and return the crawl summary plus what the index holds."""
    from crawler.crawl import format_summary, run_crawl
    from vnmon.demo.newsworld import NewsWorld

    started_node = ensure_elasticsearch(say)
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
    say(next_steps(started_node, busiest_week()))
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


def busiest_week() -> str | None:
    """The ISO week (`2026-W49`, in VNMON_TIMEZONE) in which most indexed articles were published."""
    settings = get_settings()
    response = build_client().search(
        index=articles_alias(),
        size=0,
        aggs={
            "weeks": {
                "date_histogram": {
                    "field": "published_at",
                    "calendar_interval": "week",
                    "time_zone": settings.timezone,
                    "format": "yyyy-MM-dd",
                    "min_doc_count": 1,
                }
            }
        },
    )
    buckets = response["aggregations"]["weeks"]["buckets"]
    if not buckets:
        return None
    monday = max(buckets, key=lambda b: b["doc_count"])["key_as_string"][:10]
    year, week, _ = date.fromisoformat(monday).isocalendar()
    return f"{year}-W{week:02d}"


def next_steps(started_node: bool, week: str | None) -> str:
    """What a user does next with what the demo collected: the commands, as they are typed."""
    from vnmon.exports.errors import ExportError
    from vnmon.exports.report import find_chromium

    settings = get_settings()
    try:
        find_chromium()
        formats, pdf_note = "", ""
    except ExportError:
        formats, pdf_note = (
            " --format csv,xlsx,jsonl,html",
            " (the PDF needs Chromium: apt-get install chromium)",
        )
    steps = [
        ("vnmon search Vietnam", "search the archive; Vietnam also matches Вьетнам, 越南, Việt Nam …"),
        ("vnmon search 'Huế' --lang uk", "filters: --lang, --source, --country, --from/--to (see --help)"),
        (
            "vnmon serve",
            "the web UI: open http://127.0.0.1:8000/ (you are admin on this machine until "
            "`vnmon users add` creates a user)",
        ),
    ]
    if week is not None:
        steps.append(
            (
                f"vnmon export weekly --week {week}{formats}",
                f"that week's articles and report in {settings.data_dir / 'exports' / week}/{pdf_note}",
            )
        )
    if started_node:
        steps.append(
            (
                "vnmon es stop",
                f"stop the local Elasticsearch node (its data stays in {settings.data_dir / 'es'})",
            )
        )
    lines = ["", "Next, with what was collected:"]
    lines += [f"  {command}\n      {what}" for command, what in steps]
    if not started_node:
        lines.append(f"  (Elasticsearch at {settings.es_url} was already running; the demo leaves it so.)")
    return "\n".join(lines)
