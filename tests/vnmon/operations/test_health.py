"""Source health: states and reasons from run history, and one alert when a source turns broken."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tests.crawler.crawling import FAST, run_vnmon
from tests.smtp_fixture import Mailbox
from vnmon.cli import main
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings, get_settings
from vnmon.operations.health import assess

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _run(source: str, days_ago: float, **tally: Any) -> dict[str, Any]:
    base = {"fetched": 20, "articles": 10, "dropped": {}, "http_errors": {}, "errors": 0}
    base["entry_points"] = {f"http://{source}.example/rss.xml": "200"}
    base.update(tally)
    started = (NOW - timedelta(days=days_ago)).isoformat()
    return {"run_id": f"r{days_ago}", "started_at": started, "per_source": {source: base}}


def _history(*tallies: dict[str, Any]) -> list[dict[str, Any]]:
    return [_run("s", float(i), **t) for i, t in enumerate(tallies)]


def test_a_steady_source_is_healthy_with_its_numbers() -> None:
    health = assess("s", _history(*[{}] * 5), (NOW - timedelta(hours=6)).isoformat(), NOW)
    assert health.state == "healthy" and health.reasons == []
    assert health.runs == 5 and health.yield_per_run == 10
    assert health.error_rate == 0 and health.extraction_failure_rate == 0
    assert health.days_since_last_article == 0.25 and health.volume_change == 0


@pytest.mark.parametrize(
    ("latest", "earlier", "last_article_days", "state", "reason"),
    [
        ({"entry_points": {"http://s.example/rss.xml": "404"}, "fetched": 1, "articles": 0},
         {}, 1, "broken", "every entry point fails: feed http://s.example/rss.xml answered HTTP 404"),
        ({"entry_points": {"http://s.example/rss.xml": "TimeoutError"}, "fetched": 0, "articles": 0},
         {}, 1, "broken", "feed http://s.example/rss.xml failed (TimeoutError)"),
        ({"fetched": 0, "articles": 0, "entry_points": {}}, {"fetched": 0, "articles": 0, "entry_points": {}},
         1, "broken", "nothing fetched in the last 3 runs"),
        ({"fetched": 20, "articles": 0, "http_errors": {"403": 18}}, {}, 1, "broken",
         "90% of the last run's requests failed"),
        ({"articles": 1, "dropped": {"no_text": 9}}, {"articles": 1, "dropped": {"no_text": 9}}, 1,
         "degraded", "extraction fails on 54% of pages"),  # 27 of 50 pages over 5 runs
        ({"articles": 1}, {}, 1, "degraded", "last run yielded 90% fewer articles than usual"),
        ({}, {}, 20, "degraded", "stale: its newest article was published 20"),
        ({"entry_points": {"http://s.example/rss.xml": "200", "http://s.example/sitemap.xml": "410"}},
         {}, 1, "degraded", "sitemap http://s.example/sitemap.xml answered HTTP 410"),
    ],
)  # fmt: skip
def test_states_come_with_their_reason(
    latest: dict[str, Any], earlier: dict[str, Any], last_article_days: float, state: str, reason: str
) -> None:
    history = _history(latest, earlier, earlier, {}, {})
    last_article = (NOW - timedelta(days=last_article_days)).isoformat()
    health = assess("s", history, last_article, NOW)
    assert health.state == state, health
    assert any(reason in r for r in health.reasons), health.reasons


def test_a_source_without_runs_is_unknown() -> None:
    assert assess("s", [], None, NOW).state == "unknown"


# -- end to end: a feed that moves ---------------------------------------------------------------


@pytest.fixture
def world() -> Iterator[NewsWorld]:
    with NewsWorld(slow_seconds=0.5) as running:
        yield running


def _feed_only_sources(world: NewsWorld, path: Path, feed_path: str | None = None) -> Path:
    """pacific-wire reached through its feed only (optionally a feed path that does not exist)."""
    [entry] = [e for e in world.source_entries() if e["id"] == "pacific-wire"]
    entry = {k: v for k, v in entry.items() if k not in ("sections", "sitemaps")}
    if feed_path:
        entry["feeds"] = [world.base_url("pacific-wire") + feed_path]
    path.write_text(yaml.safe_dump({"sources": [entry]}), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_feed_that_starts_answering_404_breaks_the_source_and_alerts_once(
    world: NewsWorld,
    vnmon_env: Settings,
    smtp_server: Mailbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VNMON_ALERT_EMAILS", "ops@example.vn")
    get_settings.cache_clear()
    sources = _feed_only_sources(world, tmp_path / "sources.yaml")

    def crawl() -> None:
        result = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), *FAST)
        assert result.returncode == 0, result.stderr[-3000:]

    def health() -> str:
        result = CliRunner().invoke(main, ["sources", "health", "--record", "--sources", str(sources)])
        assert result.exit_code == 0, result.output
        return next(line for line in result.output.splitlines() if line.startswith("pacific-wire"))

    crawl()
    assert " healthy " in health()
    assert smtp_server.messages == []

    moved = world.base_url("pacific-wire") + "/feeds/moved.xml"
    _feed_only_sources(world, sources, "/feeds/moved.xml")
    crawl()
    line = health()
    assert " broken " in line
    assert f"every entry point fails: feed {moved} answered HTTP 404" in line
    [alert] = smtp_server.messages
    assert alert["To"] == "ops@example.vn"
    assert alert["Subject"] == "[vnmon] source pacific-wire is broken"
    body = alert.get_content()
    assert f"{moved} answered HTTP 404" in body and "vnmon sources check pacific-wire" in body

    # Still broken at the next evaluation: no second alert.
    assert " broken " in health()
    assert len(smtp_server.messages) == 1


# -- the operator's doctor: vnmon sources check ----------------------------------------------------


def test_sources_check_reports_what_each_entry_point_lists(
    world: NewsWorld, vnmon_env: Settings, tmp_path: Path
) -> None:
    sources = world.write_sources(tmp_path / "sources.yaml")
    result = CliRunner().invoke(main, ["sources", "check", "meridian-herald", "--sources", str(sources)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    feed = next(line for line in lines if " feed " in line)
    assert feed.startswith("OK") and "items, newest 20" in feed and feed.endswith("Z")
    sitemap = next(line for line in lines if " sitemap " in line)
    # A sitemap index is followed to its (newest) child sitemaps: the items are article pages.
    assert "sitemap index of 2 sitemaps" in sitemap and "newest 20" in sitemap
    assert any(" section " in line and line.startswith("OK") for line in lines)
    assert lines[-1].endswith("0 failing")
    assert world.hits["/robots.txt"] >= 1, "robots.txt is read before the entry points"

    base = world.base_url("meridian-herald")
    broken = _feed_only_sources(world, tmp_path / "moved.yaml", "/feeds/moved.xml")
    moved = CliRunner().invoke(main, ["sources", "check", "--sources", str(broken)])
    assert moved.exit_code == 1
    assert "FAIL pacific-wire" in moved.output and "/feeds/moved.xml  HTTP 404" in moved.output

    entry = {"id": "private", "name": "P", "country": "DE", "feeds": [base + "/admin/feed.xml"]}
    denied = tmp_path / "denied.yaml"
    denied.write_text(yaml.safe_dump({"sources": [entry]}), encoding="utf-8")
    before = world.hits_matching("/admin/")
    refused = CliRunner().invoke(main, ["sources", "check", "--sources", str(denied)])
    assert refused.exit_code == 1 and "disallowed by robots.txt" in refused.output
    assert world.hits_matching("/admin/") == before, "a path robots.txt forbids is not fetched"
