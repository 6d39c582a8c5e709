"""Elasticsearch stops in the middle of a crawl: what could not be indexed waits on disk, then lands once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias
from tests.crawler.crawling import HELD, article_pages, indexed, run_vnmon, start_vnmon
from tests.es_fixture import free_port
from vnmon.demo.newsworld import NewsWorld
from vnmon.es_local import node as es_local
from vnmon.kernel.settings import Settings

pytestmark = pytest.mark.slow

# Its articles are held until the node is gone: they are indexed after the outage, by construction.
LATE_OUTLET = "meridian-herald"


def _wait_until_indexed(client: Elasticsearch, deadline: float) -> int:
    """Waits (the crawl cannot finish: its held pages are not answered) for a first bulk to land."""
    while not (client.indices.exists_alias(name=articles_alias()) and indexed(client, articles_alias())):
        assert time.monotonic() < deadline, "nothing was indexed before the held pages"
        time.sleep(0.3)
    return len(indexed(client, articles_alias()))


def test_stopping_elasticsearch_during_a_crawl_loses_nothing(
    vnmon_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node_dir = tmp_path / "node"
    url = es_local.start(port=free_port(), data_dir=node_dir, heap="512m")
    client = Elasticsearch(url)
    # Small batches, so that the articles of the other outlets land before the node goes away.
    monkeypatch.setenv("VNMON_BULK_SIZE", "2")
    settings = vnmon_env.model_copy(update={"es_url": url})
    log = tmp_path / "crawl.log"
    try:
        with NewsWorld() as world:
            sources = world.write_sources(tmp_path / "sources.yaml")
            wanted = sorted(e.url for e in world.expected if e.indexed)
            late = [e.url for e in world.expected if e.indexed and e.source == LATE_OUTLET]
            assert late and len(wanted) - len(late) >= 2
            gate = world.hold(article_pages(world, LATE_OUTLET))
            crawl = start_vnmon(settings, "crawl", "--sources", str(sources), *HELD, log=log)
            try:
                assert gate.reached.wait(timeout=300), log.read_text()[-3000:]
                before = _wait_until_indexed(client, time.monotonic() + 300)
                assert before <= len(wanted) - len(late)
                es_local.stop(node_dir)
            finally:
                gate.release()
            assert crawl.wait(timeout=300) == 0, log.read_text()[-3000:]
        text = log.read_text()
        assert "spooled" in text and "waiting 0)" not in text, text[-2000:]

        url = es_local.start(port=int(url.rsplit(":", 1)[1]), data_dir=node_dir, heap="512m")
        replay = run_vnmon(settings, "index", "replay")
        assert replay.returncode == 0, replay.stdout + replay.stderr
        docs = indexed(Elasticsearch(url), articles_alias())
        assert sorted(d["canonical_url"] for d in docs) == wanted
    finally:
        es_local.stop(node_dir)
