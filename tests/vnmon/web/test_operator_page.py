"""The operator page: who may see it, schedule buttons, recorded runs and source health as shown."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from crawler import runs
from tests.crawler.crawling import FAST
from tests.vnmon.web.conftest import Web, csrf_of
from vnmon.auth.roles import Role
from vnmon.auth.store import UserStore
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings, get_settings
from vnmon.scheduling import control
from vnmon.scheduling.daemon import SchedulerDaemon
from vnmon.scheduling.schedules import ScheduleStore, make_schedule
from vnmon.web.app import create_app

SOURCES = [
    {"id": "alpha-news", "name": "Alpha News", "country": "US", "tags": ["daily"],
     "feeds": ["http://127.0.0.9/alpha/rss.xml"]},
    {"id": "beta-times", "name": "Beta Times", "country": "GB", "tags": ["daily"],
     "feeds": ["http://127.0.0.9/beta/feed.xml"]},
]  # fmt: skip
SCHEDULES = [
    {"name": "dailies", "cron": "15 5,11,17,23 * * *", "tag": "daily"},
    {"name": "alpha-hourly", "every": "1h", "sources": ["alpha-news"]},
]


@pytest.fixture
def operator_web(vnmon_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    """The app of an install with two sources and two seeded schedules."""
    sources, schedules = tmp_path / "sources.yaml", tmp_path / "schedules.yaml"
    sources.write_text(yaml.safe_dump({"sources": SOURCES}), encoding="utf-8")
    schedules.write_text(yaml.safe_dump({"schedules": SCHEDULES}), encoding="utf-8")
    monkeypatch.setenv("VNMON_SOURCES", str(sources))
    monkeypatch.setenv("VNMON_SCHEDULES", str(schedules))
    get_settings.cache_clear()
    settings = get_settings()
    yield Web(create_app(settings), UserStore.for_data_dir(settings.data_dir), settings)
    get_settings.cache_clear()


def _post(client: TestClient, path: str) -> Any:
    return client.post(path, data={"csrf_token": csrf_of(client, "/operator")}, follow_redirects=False)


def _record_run(run_id: str, started: datetime, per_source: dict[str, dict[str, Any]]) -> None:
    """A finished crawl recorded the way the crawler records it: from its summary."""
    summary = {
        "run_id": run_id,
        "trigger": "schedule:dailies",
        "spider": "news",
        "finish_reason": "finished",
        "started": started.isoformat(),
        "finished": (started + timedelta(minutes=3)).isoformat(),
        "selected": sorted(per_source),
        "sources": per_source,
    }
    runs.save_run(runs.run_from_summary(summary))


def _tally(fetched: int, articles: int, entry_status: str, **extra: Any) -> dict[str, Any]:
    entry_points = {"http://127.0.0.9/feed.xml": entry_status}
    tally = {"fetched": fetched, "articles": articles, "dropped": {}, "http_errors": {}, "errors": 0}
    return {**tally, "robots_denied": 0, "entry_points": entry_points, **extra}


def test_analysts_are_refused_operators_see_the_page(operator_web: Web) -> None:
    analyst = operator_web.logged_in(Role.ANALYST)
    assert analyst.get("/operator").status_code == 403
    assert analyst.get("/api/operator/schedules").status_code == 403
    assert 'href="/operator"' not in analyst.get("/account").text

    operator = operator_web.logged_in(Role.OPERATOR)
    page = operator.get("/operator?ui=en")
    assert page.status_code == 200
    assert '<a href="/operator" aria-current="page">Operations</a>' in page.text
    assert 'data-schedule="dailies"' in page.text and "tag daily" in page.text
    assert "vnmon scheduler" in page.text  # no scheduler runs here: the page says so
    vietnamese = operator.get("/operator?ui=vi").text
    assert "Lịch thu thập" in vietnamese and "Chạy ngay" in vietnamese
    api = operator.get("/api/operator/schedules").json()
    assert api["scheduler_running"] is False
    assert {s["name"] for s in api["schedules"]} == {"dailies", "alpha-hourly"}
    assert all(s["next_run_at"] for s in api["schedules"])


def test_reporters_may_not_pause_crawls_and_operators_do_not_search(operator_web: Web) -> None:
    reporter = operator_web.logged_in(Role.REPORTER)
    token = csrf_of(reporter, "/account")
    paused = reporter.post(
        "/operator/schedules/dailies/pause", data={"csrf_token": token}, follow_redirects=False
    )
    assert paused.status_code == 403
    assert (
        reporter.post("/api/operator/schedules/dailies/pause", headers={"X-CSRF-Token": token}).status_code
        == 403
    )
    assert not any(s["paused"] for s in control.list_schedules())

    operator = operator_web.logged_in(Role.OPERATOR)
    assert operator.get("/api/search").status_code == 403
    assert operator.get("/api/saved-searches").status_code == 403


def test_a_form_without_the_csrf_token_is_refused(operator_web: Web) -> None:
    operator = operator_web.logged_in(Role.OPERATOR)
    response = operator.post("/operator/schedules/dailies/pause", follow_redirects=False)
    assert response.status_code == 403
    assert ScheduleStore().get("dailies").paused is False


def test_pause_and_resume_change_the_stored_schedule(operator_web: Web) -> None:
    operator = operator_web.logged_in(Role.OPERATOR)
    response = _post(operator, "/operator/schedules/dailies/pause")
    assert response.status_code == 303
    assert ScheduleStore().get("dailies").paused is True
    page = operator.get(response.headers["location"] + "&ui=en").text
    assert "Schedule dailies paused." in page
    row = page[page.index('data-schedule="dailies"') :].split("</tr>")[0]
    assert "paused" in row and "/operator/schedules/dailies/resume" in row
    assert "/operator/schedules/dailies/run" not in row

    assert _post(operator, "/operator/schedules/dailies/resume").status_code == 303
    assert ScheduleStore().get("dailies").paused is False
    assert _post(operator, "/operator/schedules/nothing-such/pause").status_code == 404


def test_run_now_queues_a_run_for_the_scheduler(operator_web: Web) -> None:
    operator = operator_web.logged_in(Role.OPERATOR)
    before = datetime.now(UTC)
    response = _post(operator, "/operator/schedules/alpha-hourly/run")
    assert response.status_code == 303
    requested = ScheduleStore().get("alpha-hourly").run_requested_at
    assert requested is not None and requested >= before
    page = operator.get("/operator?ui=en").text
    row = page[page.index('data-schedule="alpha-hourly"') :].split("</tr>")[0]
    assert "run requested" in row

    # A paused schedule is skipped by the scheduler: asking it to run now is refused, not queued.
    assert _post(operator, "/operator/schedules/dailies/pause").status_code == 303
    token = csrf_of(operator, "/operator")
    refused = operator.post("/api/operator/schedules/dailies/run", headers={"X-CSRF-Token": token})
    assert refused.status_code == 409 and "paused" in refused.json()["detail"]
    assert ScheduleStore().get("dailies").run_requested_at is None


def test_recent_runs_show_a_recorded_run_with_its_numbers(operator_web: Web) -> None:
    started = datetime.now(UTC) - timedelta(hours=1)
    _record_run(
        "dailies-run-1",
        started,
        {
            "alpha-news": _tally(40, 12, "200", dropped={"no_text": 3, "not_relevant": 5},
                                 http_errors={"404": 2}, robots_denied=1),
            "beta-times": _tally(10, 4, "200", dropped={"no_text": 1}, http_errors={"503": 1}),
        },
    )  # fmt: skip
    operator = operator_web.logged_in(Role.OPERATOR)
    page = operator.get("/operator?ui=en").text
    row = page[page.index('data-run="dailies-run-1"') :].split("</tr>")[0]
    cells = [cell.split(">", 1)[1] for cell in row.split("</td>")[:-1]]
    assert cells[3:] == [
        "schedule:dailies", "finished", "alpha-news, beta-times", "50", "16",
        "not_relevant: 5, no_text: 4", "404: 2, 503: 1", "1",
    ]  # fmt: skip
    [run] = operator.get("/api/operator/runs").json()
    assert run["pages_fetched"] == 50 and run["dropped"] == {"not_relevant": 5, "no_text": 4}
    assert run["http_errors"] == {"404": 2, "503": 1}


def test_health_table_shows_state_and_reason(operator_web: Web) -> None:
    now = datetime.now(UTC)
    for hours in (3, 2, 1):
        _record_run(
            f"run-{hours}",
            now - timedelta(hours=hours),
            {"alpha-news": _tally(20, 8, "200"), "beta-times": _tally(1, 0, "404")},
        )
    operator = operator_web.logged_in(Role.OPERATOR)
    page = operator.get("/operator?ui=en").text
    beta = page[page.index('data-source="beta-times"') :].split("</tr>")[0]
    assert 'data-state="broken"' in beta and ">broken<" in beta
    assert "every entry point fails: feed http://127.0.0.9/feed.xml answered HTTP 404" in beta
    alpha = page[page.index('data-source="alpha-news"') :].split("</tr>")[0]
    assert 'data-state="healthy"' in alpha
    assert ">hỏng<" in operator.get("/operator?ui=vi").text
    states = {h["source"]: h["state"] for h in operator.get("/api/operator/health").json()}
    assert states == {"alpha-news": "healthy", "beta-times": "broken"}


def test_elasticsearch_away_leaves_the_schedules_usable(
    operator_web: Web, dead_es_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VNMON_ES_URL", dead_es_url)
    get_settings.cache_clear()
    operator = operator_web.logged_in(Role.OPERATOR)
    page = operator.get("/operator?ui=en")
    assert page.status_code == 200
    assert 'data-schedule="dailies"' in page.text
    assert page.text.count("Unavailable:") == 2  # runs and health, each with the reason
    assert operator.get("/api/operator/runs").status_code == 503



@pytest.mark.slow
def test_run_now_on_the_page_is_started_by_the_scheduler_and_shown_with_its_numbers(
    vnmon_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with NewsWorld() as world:
        sources = world.write_sources(tmp_path / "sources.yaml")
        monkeypatch.setenv("VNMON_SOURCES", str(sources))
        monkeypatch.setenv("VNMON_SCHEDULES", str(tmp_path / "no-seed.yaml"))
        get_settings.cache_clear()
        store = ScheduleStore()
        store.add(make_schedule(name="wire", every="1d", sources=["pacific-wire"]))
        web = Web(create_app(get_settings()), UserStore.for_data_dir(vnmon_env.data_dir), get_settings())
        operator = web.logged_in(Role.OPERATOR)
        assert _post(operator, "/operator/schedules/wire/run").status_code == 303

        crawl_settings = [FAST[i + 1] for i in range(0, len(FAST), 2)]  # the values of its `-s` pairs
        daemon = SchedulerDaemon(store, sources, crawl_settings=crawl_settings)
        daemon.tick()
        assert len(daemon.running) == 1, store.get("wire").last_outcome
        deadline = time.monotonic() + 240
        while daemon.running and time.monotonic() < deadline:
            time.sleep(0.5)
            daemon.tick()
        assert not daemon.running, "the crawl did not end in time"
        wanted = sum(1 for e in world.expected if e.indexed and e.source == "pacific-wire")

    [run] = operator.get("/api/operator/runs").json()
    assert run["trigger"] == "schedule:wire" and run["status"] == "finished"
    assert run["articles_indexed"] == wanted > 0
    page = operator.get("/operator?ui=en").text
    row = page[page.index(f'data-run="{run["run_id"]}"') :].split("</tr>")[0]
    assert "schedule:wire" in row and f'<td class="num">{wanted}</td>' in row
    assert f'<td class="num">{run["pages_fetched"]}</td>' in row
    health = page[page.index('data-source="pacific-wire"') :].split("</tr>")[0]
    assert 'data-state="healthy"' in health, health
