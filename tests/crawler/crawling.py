"""Helpers for tests that crawl the news world: run `vnmon` in a child process, read the index."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias
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


def only_source(world: NewsWorld, path: Path, source_id: str) -> Path:
    """A sources file of the world holding `source_id` only: every other outlet is in no sources file."""
    world.write_sources(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sources"] = [s for s in data["sources"] if s["id"] == source_id]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def crawl_one_source_first(
    world: NewsWorld, settings: Settings, client: Elasticsearch, directory: Path, source_id: str
) -> tuple[Path, set[str]]:
    """Crawl the sources file holding `source_id` only (written in `directory`), as a discovery
    test's starting point; returns that file and the canonical URLs the crawl indexed. The world's
    hits are reset afterwards."""
    sources = only_source(world, directory / "sources.yaml", source_id)
    crawl = run_vnmon(settings, "crawl", "--sources", str(sources), *FAST)
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    by_feed = {d["canonical_url"] for d in indexed(client, articles_alias())}
    assert by_feed, "the feed crawl should index the outlet's articles first"
    world.reset_hits()
    return sources, by_feed
