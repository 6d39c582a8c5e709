"""Run history: a news-world crawl is recorded in `<prefix>-runs` with its numbers; `vnmon runs` shows it."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from crawler.runs import runs_index, sync_summaries
from indexer.lifecycle import articles_alias
from tests.crawler.crawling import FAST, indexed, run_vnmon
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings

pytestmark = pytest.mark.slow

SOURCES = ("pacific-wire", "meridian-herald", "saigon-nhat-bao")


@pytest.fixture
def world() -> Iterator[NewsWorld]:
    with NewsWorld(slow_seconds=0.5) as running:
        yield running


def _crawl(settings: Settings, sources: Path, *extra: str) -> dict[str, object]:
    args = [a for s in SOURCES for a in ("--source", s)]
    result = run_vnmon(settings, "crawl", "--sources", str(sources), *args, *FAST, *extra, "--json")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    summary: dict[str, object] = json.loads(result.stdout)
    return summary


def test_a_news_world_crawl_is_recorded_with_its_numbers(
    world: NewsWorld, vnmon_env: Settings, es_client: Elasticsearch, tmp_path: Path
) -> None:
    sources = world.write_sources(tmp_path / "sources.yaml")
    summary = _crawl(vnmon_env, sources)

    listed = run_vnmon(vnmon_env, "runs", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    runs = json.loads(listed.stdout)
    assert len(runs) == 1
    run = runs[0]
    assert run["run_id"] == summary["run_id"]
    assert run["trigger"] == "manual" and run["status"] == "finished"
    assert run["sources"] == sorted(SOURCES)
    assert run["started_at"] <= run["ended_at"] and run["duration_seconds"] > 0

    # The numbers are those of the crawl, and agree with the index and the ground truth.
    docs = indexed(es_client, articles_alias())
    per_source_docs = Counter(d["source"] for d in docs)
    wanted = Counter(e.source for e in world.expected if e.indexed and e.source in SOURCES)
    assert per_source_docs == wanted
    assert run["indexed"] == len(docs) == run["articles_indexed"]
    for source in SOURCES:
        tally = run["per_source"][source]
        assert tally["articles"] == wanted[source], source
        assert tally["fetched"] > tally["articles"]
        assert tally["entry_points"] and all(code == "200" for code in tally["entry_points"].values())
    domestic = run["per_source"]["saigon-nhat-bao"]["dropped"]
    assert domestic.get("domestic", 0) > 0
    dropped = Counter()
    for tally in run["per_source"].values():
        dropped.update(tally["dropped"])
    assert dropped["irrelevant"] > 0 and run["pages_fetched"] == sum(
        t["fetched"] for t in run["per_source"].values()
    )
    http = Counter()
    for tally in run["per_source"].values():
        http.update(tally["http_errors"])
    assert http["404"] == dropped["http_404"] > 0
    assert run["spool_waiting"] == 0 and run["spooled"] == 0
    assert Path(run["summary_file"]).is_file()

    shown = run_vnmon(vnmon_env, "runs", "show", run["run_id"])
    assert shown.returncode == 0, shown.stderr
    assert "status: finished" in shown.stdout
    for source in SOURCES:
        assert f"{source}: fetched {run['per_source'][source]['fetched']}" in shown.stdout

    missing = run_vnmon(vnmon_env, "runs", "show", "no-such-run")
    assert missing.returncode == 1 and "no run 'no-such-run'" in missing.stderr


def test_a_run_that_ends_while_elasticsearch_is_away_is_recorded_later(
    world: NewsWorld, vnmon_env: Settings, es_client: Elasticsearch, tmp_path: Path, dead_es_url: str
) -> None:
    sources = world.write_sources(tmp_path / "sources.yaml")
    args = ["--source", "pacific-wire"]
    result = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), *args, *FAST, es_url=dead_es_url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not es_client.indices.exists(index=runs_index())

    assert sync_summaries() == 1
    assert sync_summaries() == 0, "a recorded run is not recorded again"
    es_client.indices.refresh(index=runs_index())
    hits = es_client.search(index=runs_index(), query={"match_all": {}})["hits"]["hits"]
    assert len(hits) == 1
    run = hits[0]["_source"]
    assert run["status"] == "finished" and run["spooled"] > 0
    assert run["per_source"]["pacific-wire"]["articles"] == run["spooled"]
