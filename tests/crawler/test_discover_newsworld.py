"""End to end: `vnmon discover gdelt` against the GDELT stand-in, the news world and the real node."""

from __future__ import annotations

import json
import signal
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from crawler.sources import load_sources
from indexer.lifecycle import articles_alias
from indexer.outlets import list_outlets
from tests.crawler.crawling import FAST, crawl_one_source_first, indexed, only_source, run_vnmon, start_vnmon
from vnmon.demo.gdelt import HANOI, GdeltStandIn, GkgRecord, Scenario, newsworld_files, stamp_of
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings

pytestmark = pytest.mark.slow

FEED_OUTLET = "pacific-wire"  # the one outlet of the sources file: its articles come by feed too


@pytest.fixture
def world() -> Iterator[NewsWorld]:
    with NewsWorld(slow_seconds=0.5) as running:
        yield running


@pytest.fixture
def gdelt(monkeypatch: pytest.MonkeyPatch) -> Iterator[GdeltStandIn]:
    with GdeltStandIn() as running:
        monkeypatch.setenv("VNMON_GDELT_BASE_URL", running.base_url)
        yield running


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _hits(world: NewsWorld, url: str) -> int:
    return int(world.hits[url.split("?")[0]])


def test_discovery_indexes_every_relevant_foreign_article_once_and_no_decoy(
    world: NewsWorld, gdelt: GdeltStandIn, vnmon_env: Settings, es_client: Elasticsearch, tmp_path: Path
) -> None:
    scenario: Scenario = newsworld_files(gdelt, world)
    sources, by_feed = crawl_one_source_first(world, vnmon_env, es_client, tmp_path, FEED_OUTLET)

    result = run_vnmon(vnmon_env, "discover", "gdelt", "--since", "2h", "--sources", str(sources), *FAST)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "4 new GKG file(s) to read" in out and "crawling" in out
    assert "finish: finished" in out  # the same summary table as `vnmon crawl`
    assert "degraded: " in result.stderr and "truncated archive" in result.stderr  # counted, not a crash

    docs = indexed(es_client, articles_alias())
    by_url = {d["canonical_url"]: d for d in docs}
    assert set(by_url) == set(scenario.relevant), out
    assert len(docs) == len(scenario.relevant), "an article was indexed twice"
    for url in scenario.relevant:
        doc = by_url[url]
        assert "gdelt-gkg" in doc["found_via"], (url, doc["found_via"])
        assert doc["gdelt_tone"] == pytest.approx(scenario.tone[url])
        assert all("Vietnam" in place for place in doc["gdelt_locations"])
        if url in by_feed:  # found by the feed, then by GDELT: one document, both ways
            assert doc["found_via"] == ["feed", "gdelt-gkg"] and doc["source"] == FEED_OUTLET
        else:
            assert doc["found_via"] == ["gdelt-gkg"] and doc["source"].startswith("127-0-0-")
            assert doc["source_name"].endswith(
                (".com", ".au", ".fr", ".de", ".ru", ".ua", ".jp", ".se", ".sg")
            )
    assert sum(1 for d in docs if d["gdelt_locations"]) >= len(docs) // 2

    # No decoy is fetched (except dead links, which only a fetch can tell), none indexed.
    for url, why in scenario.decoys.items():
        assert url not in by_url
        if why != "dead link":
            assert _hits(world, url) == 0, (url, why)

    # GDELT's places are searchable, as keywords and as text.
    es_client.indices.refresh(index=articles_alias())
    hanoi = es_client.count(index=articles_alias(), query={"term": {"gdelt_locations": HANOI.split("#")[1]}})
    assert hanoi["count"] > 0
    words = es_client.count(index=articles_alias(), query={"match": {"gdelt_locations.text": "hue"}})
    assert words["count"] > 0

    # The outlets registry holds every host that yielded an article.
    outlets = {o["domain"]: o for o in list_outlets(es_client)}
    hosts = {url.split("/")[2].split(":")[0] for url in scenario.relevant}
    assert set(outlets) == hosts
    feed_host = world.base_url(FEED_OUTLET).split("/")[2].split(":")[0]
    assert outlets[feed_host]["status"] == "promoted"
    assert all(o["status"] == "discovered" for d, o in outlets.items() if d != feed_host)
    assert sum(o["articles"] for o in outlets.values()) == len(docs)
    listed = run_vnmon(vnmon_env, "outlets", "list", "--status", "discovered", "--format", "json")
    assert {o["domain"] for o in json.loads(listed.stdout)} == hosts - {feed_host}

    # A second run reads no file twice.
    files = {name: count for name, count in gdelt.hits.items() if name.endswith(".zip")}
    assert set(files.values()) == {1}
    again = run_vnmon(vnmon_env, "discover", "gdelt", "--sources", str(sources), *FAST)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 new GKG file(s) to read" in again.stdout
    assert {name: count for name, count in gdelt.hits.items() if name.endswith(".zip")} == files


def test_block_and_promote_change_what_the_next_run_does(
    world: NewsWorld, gdelt: GdeltStandIn, vnmon_env: Settings, es_client: Elasticsearch, tmp_path: Path
) -> None:
    sources = only_source(world, tmp_path / "sources.yaml", FEED_OUTLET)
    # Two outlets seen once each, through GDELT.
    blocked_outlet, promoted_outlet = "straits-ledger", "hanse-rundschau"
    first = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)
    wanted = {e.source: e for e in world.expected if e.indexed}
    records = [
        GkgRecord(wanted[o].url, f"{o}.example", first, [HANOI]) for o in (blocked_outlet, promoted_outlet)
    ]
    gdelt.publish(stamp_of(first), records)
    result = run_vnmon(vnmon_env, "discover", "gdelt", "--sources", str(sources), *FAST)
    assert result.returncode == 0, result.stdout + result.stderr
    blocked_host = world.base_url(blocked_outlet).split("/")[2].split(":")[0]
    promoted_host = world.base_url(promoted_outlet).split("/")[2].split(":")[0]
    assert {o["domain"] for o in list_outlets(es_client)} == {blocked_host, promoted_host}

    blocked = run_vnmon(vnmon_env, "outlets", "block", f"http://{blocked_host}/")
    assert blocked.returncode == 1 and "not a domain name" in blocked.stderr  # a URL is refused
    assert run_vnmon(vnmon_env, "outlets", "block", blocked_host).returncode == 0

    unknown_country = run_vnmon(vnmon_env, "outlets", "promote", promoted_host, "--sources", str(sources))
    assert unknown_country.returncode != 0 and "--country" in unknown_country.stderr
    assert load_sources(sources)[-1].id == FEED_OUTLET  # the file is left as it was
    promoted = run_vnmon(
        vnmon_env, "outlets", "promote", promoted_host, "--sources", str(sources), "--country", "DE"
    )
    assert promoted.returncode == 0, promoted.stdout + promoted.stderr
    entry = load_sources(sources)[-1]
    assert entry.country == "DE" and entry.language == "de" and not entry.verified
    assert entry.sitemaps == [world.base_url(promoted_outlet) + "/sitemap.xml"]  # from its robots.txt
    statuses = {o["domain"]: o["status"] for o in list_outlets(es_client)}
    assert statuses == {blocked_host: "blocked", promoted_host: "promoted"}

    # The next batch names a new article of each: the blocked outlet's is never fetched.
    world.reset_hits()
    later = first + timedelta(minutes=15)
    seen = {wanted[o].url for o in (blocked_outlet, promoted_outlet)}
    fresh = {e.source: e for e in world.expected if e.reason in (None, "irrelevant") and e.url not in seen}
    records = [
        GkgRecord(fresh[o].url, f"{o}.example", later, [HANOI]) for o in (blocked_outlet, promoted_outlet)
    ]
    gdelt.publish(stamp_of(later), records)
    result = run_vnmon(vnmon_env, "discover", "gdelt", "--sources", str(sources), *FAST)
    assert result.returncode == 0, result.stdout + result.stderr
    assert world.hits_matching("/", blocked_outlet) == 0
    assert _hits(world, fresh[promoted_outlet].url) == 1
    # The promoted outlet is a source now: its articles are crawled under its new id.
    docs = {d["canonical_url"]: d for d in indexed(es_client, articles_alias())}
    if fresh[promoted_outlet].indexed:
        assert docs[fresh[promoted_outlet].url]["source"] == entry.id


def test_an_unreachable_gdelt_is_one_clear_line_and_nothing_is_lost(
    vnmon_env: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/gdeltv2/"
    monkeypatch.setenv("VNMON_GDELT_BASE_URL", base)
    state = vnmon_env.data_dir / "discovery" / "gdelt-state.json"
    state.parent.mkdir(parents=True)
    state.write_text('{"last_file": {"english": "20261207000000"}}')
    result = run_vnmon(vnmon_env, "discover", "gdelt")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: GDELT at {base}lastupdate.txt is unreachable")
    assert state.read_text() == '{"last_file": {"english": "20261207000000"}}'


def test_a_discovery_killed_mid_file_resumes_at_that_file(
    world: NewsWorld, gdelt: GdeltStandIn, vnmon_env: Settings, es_client: Elasticsearch, tmp_path: Path
) -> None:
    sources = only_source(world, tmp_path / "sources.yaml", FEED_OUTLET)
    start = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)
    start -= timedelta(minutes=start.minute % 15)
    wanted = [e for e in world.expected if e.indexed and e.source != FEED_OUTLET][:3]
    names = []
    for i, expected in enumerate(wanted):
        moment = start + timedelta(minutes=15 * i)
        gdelt.publish(stamp_of(moment), [GkgRecord(expected.url, "x.example", moment, [HANOI])])
        names.append(f"{stamp_of(moment)}.gkg.csv.zip")
    state = vnmon_env.data_dir / "discovery" / "gdelt-state.json"
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"last_file": {"english": stamp_of(start - timedelta(minutes=15))}}))
    gdelt.held[names[1]] = threading.Event()  # the second file is answered only when released

    log = tmp_path / "killed.log"
    process = start_vnmon(vnmon_env, "discover", "gdelt", "--sources", str(sources), *FAST, log=log)
    deadline = time.monotonic() + 120
    while gdelt.hits[names[1]] == 0:  # the first file is read, the second asked for
        assert time.monotonic() < deadline and process.poll() is None, log.read_text()[-3000:]
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    gdelt.held[names[1]].set()
    assert json.loads(state.read_text())["last_file"]["english"] == stamp_of(start)

    result = run_vnmon(vnmon_env, "discover", "gdelt", "--sources", str(sources), *FAST)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 new GKG file(s) to read" in result.stdout
    assert gdelt.hits[names[0]] == 1  # the file read before the kill is not read again
    docs = {d["canonical_url"] for d in indexed(es_client, articles_alias())}
    assert docs == {e.url for e in wanted}  # the first file's URL was pending: crawled now
