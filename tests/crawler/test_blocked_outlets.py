"""A blocked outlet (`vnmon outlets block`) is never fetched by an ordinary crawl either."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from crawler.downloadermiddlewares.blocked import under_blocked
from indexer.lifecycle import articles_alias
from tests.crawler.crawling import FAST, indexed, run_vnmon
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings

BLOCKED, KEPT = "straits-ledger", "pacific-wire"


@pytest.fixture
def world() -> Iterator[NewsWorld]:
    with NewsWorld(slow_seconds=0.5) as running:
        yield running


def test_a_host_is_blocked_under_its_registrable_domain() -> None:
    blocked = frozenset({"example.com", "127.0.0.3"})
    assert under_blocked("news.EXAMPLE.com.", blocked) == "example.com"
    assert under_blocked("127.0.0.3", blocked) == "127.0.0.3"
    assert under_blocked("example.com.au", blocked) is None
    assert under_blocked("notexample.com", blocked) is None


@pytest.mark.slow
def test_a_crawl_of_the_news_world_never_fetches_a_blocked_outlet(
    world: NewsWorld, vnmon_env: Settings, es_client: Elasticsearch, tmp_path: Path
) -> None:
    sources = world.write_sources(tmp_path / "sources.yaml")
    host = world.base_url(BLOCKED).split("/")[2].split(":")[0]
    blocked = run_vnmon(vnmon_env, "outlets", "block", host)
    assert blocked.returncode == 0, blocked.stderr
    assert "no crawl will fetch it again" in blocked.stdout

    result = run_vnmon(
        vnmon_env, "crawl", "--sources", str(sources), "--source", BLOCKED, "--source", KEPT, "--json", *FAST
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Not one request reached the blocked outlet, not even for its robots.txt.
    assert world.hits_matching("/", BLOCKED) == 0
    assert world.hits_matching("/", KEPT) > 0
    summary = json.loads(result.stdout[result.stdout.index("{") :])
    tally = summary["sources"][BLOCKED]
    assert tally["fetched"] == 0 and tally["dropped"]["blocked_outlet"] >= 1
    assert tally["errors"] == 0 and not tally["entry_points"]  # the operator's choice, not a failure
    assert f"outlets registry: 1 blocked outlet(s) not fetched in this crawl: {host}" in result.stderr
    assert f"blocked outlets: {tally['dropped']['blocked_outlet']} request(s) not fetched ({host} " in (
        result.stderr
    )
    sources_indexed = {d["source"] for d in indexed(es_client, articles_alias())}
    assert KEPT in sources_indexed and BLOCKED not in sources_indexed

    # The run history shows it as a dropped reason of that source.
    shown = run_vnmon(vnmon_env, "runs", "show", summary["run_id"])
    assert shown.returncode == 0, shown.stderr
    assert f"{BLOCKED}: fetched 0, articles 0, dropped blocked_outlet" in shown.stdout
