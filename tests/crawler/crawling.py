"""Helpers for tests that crawl the news world: run `vnmon` in a child process, read the index."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from indexer.settings import Settings

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
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=REPO,
        env=vnmon_env(settings, es_url),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_vnmon(settings: Settings, *args: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", *args],
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
