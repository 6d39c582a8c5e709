"""Elasticsearch stops in the middle of a crawl: what could not be indexed waits on disk, then lands once."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from crawler.newsworld import NewsWorld
from indexer import es_local
from indexer.lifecycle import articles_alias
from indexer.settings import Settings
from tests.crawler.crawling import FAST, indexed, run_vnmon, start_vnmon

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_stopping_elasticsearch_during_a_crawl_loses_nothing(
    vnmon_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node_dir = tmp_path / "node"
    url = es_local.start(port=_free_port(), data_dir=node_dir, heap="512m")
    client = Elasticsearch(url)
    # Small batches so that some articles are indexed before the node goes away.
    monkeypatch.setenv("VNMON_BULK_SIZE", "2")
    settings = vnmon_env.model_copy(update={"es_url": url})
    try:
        with NewsWorld(slow_seconds=1.0) as world:
            sources = world.write_sources(tmp_path / "sources.yaml")
            wanted = sorted(e.url for e in world.expected if e.indexed)
            slow = ["DOWNLOAD_DELAY=0.4" if a == "DOWNLOAD_DELAY=0" else a for a in FAST]
            crawl = start_vnmon(
                settings, "crawl", "--sources", str(sources), *slow, log=tmp_path / "crawl.log"
            )
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and crawl.poll() is None:
                if client.indices.exists_alias(name=articles_alias()) and indexed(client, articles_alias()):
                    break
                time.sleep(0.3)
            before = len(indexed(client, articles_alias()))
            assert 0 < before < len(wanted), "the node must go away mid-crawl"
            es_local.stop(node_dir)
            assert crawl.wait(timeout=300) == 0, (tmp_path / "crawl.log").read_text()[-3000:]
        log = (tmp_path / "crawl.log").read_text()
        assert "spooled" in log and "waiting 0)" not in log, log[-2000:]

        url = es_local.start(port=int(url.rsplit(":", 1)[1]), data_dir=node_dir, heap="512m")
        replay = run_vnmon(settings, "index", "replay")
        assert replay.returncode == 0, replay.stdout + replay.stderr
        docs = indexed(Elasticsearch(url), articles_alias())
        assert sorted(d["canonical_url"] for d in docs) == wanted
    finally:
        es_local.stop(node_dir)
