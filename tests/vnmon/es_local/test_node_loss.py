"""The index survives losing a node: a real three-node cluster of the local build on loopback.

One member is SIGKILLed while a crawl is held mid-way and searches keep running; the crawl then
finishes with every article indexed once, searches answer throughout, and the cluster is green
again once the member is back.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import cast

import pytest
from click.testing import CliRunner
from elasticsearch import Elasticsearch

from indexer.client import build_client
from indexer.lifecycle import articles_alias
from indexer.search.engine import search
from indexer.search.errors import SearchError
from indexer.search.params import make_params
from tests.crawler.crawling import HELD, article_pages, indexed, start_vnmon
from vnmon.cli import main as vnmon
from vnmon.demo.newsworld import NewsWorld
from vnmon.es_local import cluster
from vnmon.es_local import node as es_local
from vnmon.kernel.settings import Settings, get_settings

pytestmark = pytest.mark.slow

NODES = 3
# Its articles are held until the member is dead: they are indexed by a two-node cluster.
LATE_OUTLET = "meridian-herald"
# Bounds that only stop a broken test; each wait ends on an observed event.
WAIT = 180.0


def _free_ports(count: int) -> list[int]:
    """`count` distinct loopback ports nothing listens on (all bound at once, then released)."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind((es_local.HOST, 0))
        return [int(sock.getsockname()[1]) for sock in sockets]


@pytest.fixture(scope="module")
def three_nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[cluster.Layout]:
    """A three-node cluster of its own (started once for this module, stopped after it)."""
    root = tmp_path_factory.mktemp("cluster")
    ports = _free_ports(2 * NODES)
    cluster.start(root, ports[:NODES], ports[NODES:], heap="512m", timeout=WAIT)
    layout = cluster.load(root)
    assert layout is not None
    try:
        yield layout
    finally:
        cluster.stop(root)


@pytest.fixture
def cluster_env(
    three_nodes: cluster.Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    """Settings of a private install whose VNMON_ES_URL lists every member of the cluster."""
    monkeypatch.setenv("VNMON_ES_URL", three_nodes.urls)
    monkeypatch.setenv("VNMON_INDEX_PREFIX", f"test-{uuid.uuid4().hex[:10]}")
    monkeypatch.setenv("VNMON_DATA_DIR", str(tmp_path / "var"))
    # Small batches: the articles of the other outlets land before the member dies.
    monkeypatch.setenv("VNMON_BULK_SIZE", "2")
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def _until(condition: Callable[[], object], what: str, log: Path | None = None) -> None:
    """Waits for something the test must come to (the bound only stops a broken test)."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"{what}:\n{log.read_text()[-3000:] if log else ''}"
        time.sleep(0.2)


def _rows(response: object) -> list[dict[str, str]]:
    """The rows of a `_cat` answer asked for in JSON."""
    return cast(list[dict[str, str]], getattr(response, "body", response))


class Searcher(threading.Thread):
    """Searches the articles alias again and again, as an analyst would, recording each answer."""

    def __init__(self, client: Elasticsearch) -> None:
        super().__init__(daemon=True)
        self.client = client
        self.articles: list[int] = []  # the number of articles each answer counted
        self.errors: list[str] = []
        self._halt = threading.Event()

    def run(self) -> None:
        params = make_params(q="", all_copies=True, size=5)
        while not self._halt.is_set():
            try:
                self.articles.append(search(self.client, params).articles)
            except SearchError as exc:
                self.errors.append(str(exc))
            self._halt.wait(0.05)  # an analyst's pace, leaving the two cores to the crawl and nodes

    def answered(self) -> int:
        return len(self.articles) + len(self.errors)

    def finish(self) -> None:
        self._halt.set()
        if self.is_alive():
            self.join(timeout=60)


def _victim(client: Elasticsearch, layout: cluster.Layout, alias: str, role: str) -> cluster.Member:
    """The member holding the articles' primary shard, or the elected master."""
    if role == "master":
        name = _rows(client.cat.master(format="json", h="node"))[0]["node"]
    else:
        rows = _rows(client.cat.shards(index=alias, format="json", h="prirep,state,node"))
        name = next(r["node"] for r in rows if r["prirep"] == "p" and r["state"] == "STARTED")
    return next(m for m in layout.members if m.name == name)


def _health(url: str) -> dict[str, object]:
    """The cluster's health as one member sees it; never red once a member is lost."""
    with Elasticsearch(url, request_timeout=10) as member:
        body = dict(member.cluster.health().body)
    assert body["status"] != "red", body
    return body


@pytest.mark.parametrize("role", ["primary", "master"])
def test_a_cluster_that_loses_a_member_mid_crawl_and_mid_search_loses_nothing(
    three_nodes: cluster.Layout, cluster_env: Settings, tmp_path: Path, role: str
) -> None:
    client = build_client(cluster_env)
    alias = articles_alias()
    log = tmp_path / "crawl.log"
    with NewsWorld() as world:
        sources = world.write_sources(tmp_path / "sources.yaml")
        wanted = sorted(e.url for e in world.expected if e.indexed)
        gate = world.hold(article_pages(world, LATE_OUTLET))
        crawl = start_vnmon(cluster_env, "crawl", "--sources", str(sources), *HELD, log=log)
        searcher = Searcher(client)
        try:
            _until(gate.reached.is_set, "the crawl never reached the held pages", log)
            landed = lambda: client.indices.exists_alias(name=alias) and indexed(client, alias)  # noqa: E731
            _until(landed, "nothing was indexed before the held pages", log)
            # The index keeps a replica on another member: that is what makes losing one harmless.
            settings = client.indices.get_settings(index=alias).body
            assert next(iter(settings.values()))["settings"]["index"]["number_of_replicas"] == "1"
            client.cluster.health(index=alias, wait_for_status="green", timeout="60s")
            before = client.count(index=alias)["count"]
            client.indices.refresh(index=alias)  # every copy can find those now
            assert 0 < before < len(wanted)

            searcher.start()
            _until(lambda: searcher.answered() >= 3, "no search answered before the kill")
            victim = _victim(client, three_nodes, alias, role)
            pid = cluster.member_pid(victim)
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            killed_at, kill_time = searcher.answered(), time.monotonic()
            survivor = next(m for m in three_nodes.members if m != victim)
            _until(
                lambda: _health(survivor.url)["number_of_nodes"] == NODES - 1,
                f"the cluster never noticed that {victim.name} died",
                log,
            )
            noticed = time.monotonic() - kill_time
            _until(lambda: searcher.answered() >= killed_at + 5, "searches stopped after the kill", log)
            gate.release()
            assert crawl.wait(timeout=WAIT) == 0, log.read_text()[-3000:]
            # Searches kept answering, each counting at least what was indexed before the kill.
            _until(lambda: searcher.answered() >= killed_at + 10, "searches stopped after the crawl")
        finally:
            gate.release()
            searcher.finish()
            if crawl.poll() is None:
                crawl.kill()
                crawl.wait(timeout=60)

    assert searcher.errors == [], searcher.errors[:3]
    assert min(searcher.articles) >= before, (before, Counter(searcher.articles))

    # The crawl finished on two members: every article indexed once, nothing left on disk.
    summary = json.loads(next((cluster_env.data_dir).rglob("crawl-*.json")).read_text())
    assert summary["spooled"] == 0 and summary["spool_waiting"] == 0, summary
    docs = indexed(client, alias)
    assert sorted(d["canonical_url"] for d in docs) == wanted
    assert len({d["_id"] for d in docs}) == len(docs) == len(wanted)
    assert search(client, make_params(q="", all_copies=True)).articles == len(wanted)

    status = CliRunner().invoke(vnmon, ["es", "status", "--data", str(victim.data_dir.parent)])
    assert status.exit_code == 0, status.output
    assert f"{NODES - 1}/{NODES} nodes" in status.output
    assert f"{victim.name}  {victim.url}  transport {victim.transport_port}  down" in status.output

    # The member comes back (same layout, same data) and the cluster heals to green.
    back = time.monotonic()
    cluster.start(victim.data_dir.parent, timeout=WAIT)
    # Green, and done moving shards back onto the returned member (the balancer may relocate one).
    health = (
        client.options(ignore_status=408)
        .cluster.health(wait_for_status="green", wait_for_no_relocating_shards=True, timeout="120s")
        .body
    )
    assert health["status"] == "green" and not health["timed_out"], (
        f"the cluster did not turn green within 120 s of {victim.name}'s return: {health}"
    )
    assert health["number_of_nodes"] == NODES
    healed = time.monotonic() - back
    print(  # what `pytest -s` shows: the measurements behind docs/cluster.md
        f"killed {victim.name} ({role}); noticed in {noticed:.1f} s; {len(searcher.articles)} searches "
        f"answered ({len(searcher.articles) - killed_at} after the kill); green {healed:.1f} s after "
        "the restart began"
    )
    # Every copy of the index (the primary and its replica) holds every article.
    nodes = {n["name"]: n["id"] for n in _rows(client.cat.nodes(format="json", h="id,name", full_id=True))}
    copies = [r["node"] for r in _rows(client.cat.shards(index=alias, format="json", h="node"))]
    assert len(copies) == 2
    for name in copies:
        on_copy = client.count(index=alias, preference=f"_only_nodes:{nodes[name]}")["count"]
        assert on_copy == len(wanted), (name, on_copy)
