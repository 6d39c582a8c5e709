"""Scale-out: two crawler processes share one frontier in a real Redis and split one news-world crawl."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import yaml
from elasticsearch import Elasticsearch

from indexer.client import build_client
from indexer.lifecycle import articles_alias, setup
from tests.crawler.crawling import FAST, REPO, fast, indexed, run_vnmon, vnmon_env
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings, get_settings

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A private redis-server on loopback (Debian's `redis-server` package), without persistence."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed: apt-get install redis-server (bash .ci/setup does)")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def world() -> Iterator[NewsWorld]:
    with NewsWorld(slow_seconds=1.0) as running:
        yield running


def test_two_workers_split_one_crawl_and_fetch_every_article_once(
    world: NewsWorld,
    vnmon_env: Settings,
    es_client: Elasticsearch,
    redis_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VNMON_REDIS_URL", redis_url)
    get_settings.cache_clear()
    sources = world.write_sources(tmp_path / "sources.yaml")
    # Workers started together would race to create the index: an operator sets it up first.
    setup(build_client())
    env = vnmon_env_for(vnmon_env)
    # Every article page is held until both workers wait on one: each then surely fetches part of
    # the crawl, however late the second one starts. Two requests at a time per worker leave the
    # first one's share of the frontier small while it waits.
    gate = world.hold(world.urls("article"))
    # Separate data dirs: two machines, sharing only Redis and Elasticsearch.
    workers = []
    for number in (1, 2):
        worker_env = {**env, "VNMON_DATA_DIR": str(tmp_path / f"worker{number}")}
        held = fast(
            DOWNLOAD_TIMEOUT=600, CONCURRENT_REQUESTS=2, USER_AGENT=f"vnmon/0.1 (test worker {number})"
        )
        command = [sys.executable, "-m", "vnmon.cli", "crawl", "--sources", str(sources), *held, "--json"]
        log = (tmp_path / f"worker{number}.log").open("wb")
        workers.append(
            subprocess.Popen(command, cwd=REPO, env=worker_env, stdout=subprocess.PIPE, stderr=log)
        )
    try:
        deadline = time.monotonic() + 300
        while {"worker 1", "worker 2"} - {ua.rsplit("test ", 1)[-1].rstrip(")") for ua in gate.user_agents}:
            assert time.monotonic() < deadline and all(w.poll() is None for w in workers), gate.user_agents
            time.sleep(0.2)
    finally:
        gate.release()
    outputs = [w.communicate(timeout=300)[0] for w in workers]
    for number, worker in enumerate(workers, start=1):
        log_text = (tmp_path / f"worker{number}.log").read_text()
        assert worker.returncode == 0, log_text[-3000:]
        assert "shared frontier vnmon:" in log_text
    summaries = [json.loads(output) for output in outputs]

    # Both did part of the work...
    fetched = [
        sum(t["articles"] + sum(t["dropped"].values()) for t in s["sources"].values()) for s in summaries
    ]
    assert all(count > 0 for count in fetched), fetched
    # ...no article page was fetched twice (only entry points are read by every worker)...
    articles = set(world.urls("article"))
    twice = {url: n for url, n in world.hits.items() if url in articles and n > 1}
    assert not twice, twice
    # ...and together they indexed exactly what one crawl indexes, each article once.
    docs = indexed(es_client, articles_alias())
    wanted = sorted(e.url for e in world.expected if e.indexed)
    got = {d["canonical_url"] for d in docs}
    extra, missing = got - set(wanted), set(wanted) - got
    assert not extra and not missing, {
        "extra": {url: world.hits[url] for url in extra},
        "missing": {url: world.hits[url] for url in missing},
        "robots denied per worker": [
            {k: t["robots_denied"] for k, t in s["sources"].items() if t["robots_denied"]} for s in summaries
        ],
        "logs": [(tmp_path / f"worker{n}.log").read_text()[-1500:] for n in (1, 2)],
    }
    assert not [url for url, n in Counter(d["canonical_url"] for d in docs).items() if n > 1]
    assert sum(s["indexed"] for s in summaries) == len(wanted)

    # The crawl is complete: its frontier is gone from Redis, so the next crawl starts afresh.
    assert redis.Redis.from_url(redis_url).keys("vnmon:*") == []


def vnmon_env_for(settings: Settings) -> dict[str, str]:
    return vnmon_env(settings)


def test_requests_waiting_together_for_robots_txt_all_obey_it(
    world: NewsWorld, vnmon_env: Settings, tmp_path: Path
) -> None:
    """A worker meets a host through the shared frontier with several requests at once; every one
    of them must wait for robots.txt and obey it (Scrapy 2.19 let all but the first through)."""
    base = world.base_url("vostochny-vestnik")
    entry = {
        "id": "vestnik",
        "name": "Vestnik",
        "country": "RU",
        "feeds": [base + "/export/rss.xml"],
        "sections": [base + "/admin/panel/", base + "/search/vietnam/", base + "/private/"],
    }
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [entry]}), encoding="utf-8")
    result = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), *FAST, "--json")
    assert result.returncode == 0, result.stderr[-3000:]
    for path in ("/admin/", "/search", "/private/"):
        assert world.hits_matching(path) == 0, (path, world.hits)
    summary = json.loads(result.stdout)
    assert summary["sources"]["vestnik"]["robots_denied"] >= 4  # three sections and the private article
