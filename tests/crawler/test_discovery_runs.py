"""Discovery runs in the run history and source health: what they read, degraded with the reason
(a GDELT file missing or damaged, the DOC API unavailable), failed when GDELT is unreachable, and a
`gdelt` entry in source health; a Vietnamese outlet on a .com is never fetched."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias
from tests.crawler.crawling import FAST, indexed, run_vnmon
from vnmon.demo.gdelt import HANOI, GdeltStandIn, GkgRecord, stamp_of
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings

pytestmark = pytest.mark.slow

FOUND, DOMESTIC = "straits-ledger", "hanse-rundschau"


@pytest.fixture
def world() -> Iterator[NewsWorld]:
    with NewsWorld() as running:
        yield running


@pytest.fixture
def gdelt(monkeypatch: pytest.MonkeyPatch) -> Iterator[GdeltStandIn]:
    """The GDELT stand-in, its DOC API asked without waits or retries."""
    with GdeltStandIn() as running:
        where = {"BASE_URL": running.base_url, "DOC_URL": running.doc_url}
        for name, value in {**where, "DOC_INTERVAL_SECONDS": "0", "DOC_RETRIES": "0"}.items():
            monkeypatch.setenv(f"VNMON_GDELT_{name}", value)
        yield running


def _other_source(world: NewsWorld, path: Path) -> Path:
    """A sources file holding one outlet none of the discovered URLs is on."""
    world.write_sources(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sources"] = [s for s in data["sources"] if s["id"] == "pacific-wire"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _runs(settings: Settings, *args: str) -> list[dict[str, object]]:
    listed = run_vnmon(settings, "runs", "list", "--format", "json", *args)
    assert listed.returncode == 0, listed.stderr
    found: list[dict[str, object]] = json.loads(listed.stdout)
    return found


def test_a_degraded_discovery_run_is_recorded_with_what_it_read_and_why(
    world: NewsWorld, gdelt: GdeltStandIn, vnmon_env: Settings, es_client: Elasticsearch, tmp_path: Path
) -> None:
    sources = _other_source(world, tmp_path / "sources.yaml")
    wanted = {e.source: e for e in world.expected if e.indexed}
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    first, gone, last = (now - timedelta(minutes=m) for m in (30, 15, 0))
    # One article found, plus a malformed line; then a listed file that answers 404; then a
    # record whose outlet is Vietnamese on a .com (GDELT's source name), pointing at a live page.
    gdelt.publish(
        stamp_of(first),
        [GkgRecord(wanted[FOUND].url, "ledger.example", first, [HANOI])],
        extra_lines=["x\ty"],
    )
    missing = gdelt.publish(stamp_of(gone), [GkgRecord(wanted[FOUND].url, "ledger.example", gone, [HANOI])])
    gdelt.gone.add(missing.rsplit("/", 1)[1])
    gdelt.publish(stamp_of(last), [GkgRecord(wanted[DOMESTIC].url, "baomoi.com", last, [HANOI])])

    result = run_vnmon(vnmon_env, "discover", "gdelt", "--since", "1h", "--sources", str(sources), *FAST)
    assert result.returncode == 0, result.stdout + result.stderr  # degraded, not a crash
    assert f"degraded: GDELT at {missing} answered HTTP 404" in result.stderr

    # The Vietnamese .com outlet is dropped before anything is fetched; the foreign one indexed.
    assert world.hits_matching("/", DOMESTIC) == 0
    assert {d["canonical_url"] for d in indexed(es_client, articles_alias())} == {wanted[FOUND].url}

    [run] = _runs(vnmon_env, "--status", "degraded")
    assert "gdelt" in str(run["sources"])
    assert run["articles_indexed"] == 1 and run["spider"] == "discover"
    problems = run["problems"]
    assert isinstance(problems, list) and any(missing in p and "HTTP 404" in p for p in problems)
    assert any("malformed" in p for p in problems)
    shown = run_vnmon(vnmon_env, "runs", "show", str(run["run_id"]))
    assert shown.returncode == 0, shown.stderr
    assert "status: degraded" in shown.stdout
    assert "gdelt: fetched 2, articles 1, dropped domestic 1, malformed 1" in shown.stdout
    assert "records 3, kept 1, URLs to crawl 1" in shown.stdout  # a malformed line is a record read
    assert f"{missing}: missing" in shown.stdout

    # Source health has a `gdelt` entry, degraded by the missing file.
    health = run_vnmon(vnmon_env, "sources", "health", "--sources", str(sources), "--format", "json")
    assert health.returncode == 0, health.stderr
    gdelt_health = {h["source"]: h for h in json.loads(health.stdout)}["gdelt"]
    assert gdelt_health["state"] == "degraded", gdelt_health
    assert any(missing in reason for reason in gdelt_health["reasons"])
    assert gdelt_health["last_published_at"] is not None  # its newest article: stale in 14 days


def test_an_unavailable_doc_api_is_a_degraded_run_and_an_unreachable_gdelt_a_failed_one(
    world: NewsWorld,
    gdelt: GdeltStandIn,
    vnmon_env: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gdelt.doc_answers = [(503, {})]
    sources = _other_source(world, tmp_path / "sources.yaml")
    doc = run_vnmon(vnmon_env, "discover", "gdelt-doc", "--language", "english", "--sources", str(sources))
    assert doc.returncode == 0, doc.stdout + doc.stderr
    assert f"degraded: {gdelt.doc_url} english: DOC API at {gdelt.doc_url} answered HTTP 503" in doc.stderr
    [run] = _runs(vnmon_env)
    assert run["status"] == "degraded" and run["sources"] == ["gdelt-doc"]
    assert "answered HTTP 503" in str(run["problems"])

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/gdeltv2/"
    monkeypatch.setenv("VNMON_GDELT_BASE_URL", base)
    down = run_vnmon(vnmon_env, "discover", "gdelt", "--sources", str(sources))
    assert down.returncode == 1 and "is unreachable" in down.stderr
    [failed] = _runs(vnmon_env, "--status", "failed")
    assert failed["sources"] == ["gdelt"] and base in str(failed["finish_reason"])
    health = run_vnmon(vnmon_env, "sources", "health", "--sources", str(sources), "--format", "json")
    states = {h["source"]: h for h in json.loads(health.stdout)}
    assert states["gdelt"]["state"] == "broken"  # its one entry point, GDELT itself, fails
    assert states["gdelt-doc"]["state"] == "broken"
