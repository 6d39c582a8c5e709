"""Helpers for tests that crawl the news world: run `vnmon` in a child process, read the index."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings

REPO = Path(__file__).resolve().parents[2]

# No artificial slowness in tests: the world's robots.txt Crawl-delay still applies.
FAST = [
    "-s", "DOWNLOAD_DELAY=0",
    "-s", "AUTOTHROTTLE_START_DELAY=0.01",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
    "-s", "RETRY_TIMES=1",
    "-s", "DOWNLOAD_TIMEOUT=20",
    "-s", "LOG_LEVEL=INFO",
]  # fmt: skip


def fast(**overrides: object) -> list[str]:
    """FAST with some settings changed, e.g. `fast(DOWNLOAD_TIMEOUT=600)` for a crawl held at a gate."""
    args = list(FAST)
    for name, value in overrides.items():
        setting = [i for i, a in enumerate(args) if a.startswith(f"{name}=")]
        if setting:
            args[setting[0]] = f"{name}={value}"
        else:
            args += ["-s", f"{name}={value}"]
    return args


# A crawl held at a gate (NewsWorld.hold) waits as long as the test needs: no request times out.
HELD = fast(DOWNLOAD_TIMEOUT=600)


def article_pages(world: NewsWorld, *outlet_ids: str) -> list[str]:
    """Every URL that serves an article of these outlets (its page, AMP copy and old address)."""
    bases = tuple(world.base_url(o) + "/" for o in outlet_ids)
    kinds = ("article", "amp", "redirect")
    return [url for kind in kinds for url in world.urls(kind) if url.startswith(bases)]


def vnmon_env(settings: Settings, es_url: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        VNMON_ES_URL=es_url or settings.es_url,
        VNMON_INDEX_PREFIX=settings.index_prefix,
        VNMON_DATA_DIR=str(settings.data_dir),
    )
    return env


def run_vnmon(
    settings: Settings, *args: str, es_url: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`vnmon ARGS` in a fresh process (a Twisted reactor runs once per process)."""
    return subprocess.run(
        [sys.executable, "-m", "vnmon.cli", *args],
        cwd=REPO,
        env=vnmon_env(settings, es_url),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_vnmon(settings: Settings, *args: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "vnmon.cli", *args],
            cwd=REPO,
            env=vnmon_env(settings),
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def indexed(client: Elasticsearch, alias: str) -> list[dict[str, Any]]:
    """Every document under the alias, with its id."""
    client.indices.refresh(index=alias)
    response = client.search(index=alias, size=1000, query={"match_all": {}})
    return [{"_id": h["_id"], **h["_source"]} for h in response["hits"]["hits"]]
