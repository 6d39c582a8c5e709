"""Schedules and the scheduler daemon, end to end: real child crawls of the news world, real node."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner, Result
from elasticsearch import ApiError, Elasticsearch

from crawler.locks import source_locks
from crawler.runs import list_runs, runs_index
from indexer.lifecycle import articles_alias
from tests.crawler.crawling import FAST, HELD, REPO, article_pages, indexed, run_vnmon, start_vnmon
from vnmon.cli import main
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings, get_settings
from vnmon.scheduling.daemon import SchedulerDaemon, scheduler_pid
from vnmon.scheduling.jobs import register_job_kind
from vnmon.scheduling.schedules import ScheduleError, ScheduleStore, make_schedule

T = TypeVar("T")


@pytest.fixture
def world() -> Iterator[NewsWorld]:
    with NewsWorld(slow_seconds=0.5) as running:
        yield running


@pytest.fixture
def no_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty seed file: the test's schedules are only those it adds."""
    seed = tmp_path / "schedules.yaml"
    seed.write_text("schedules: []\n", encoding="utf-8")
    monkeypatch.setenv("VNMON_SCHEDULES", str(seed))
    get_settings.cache_clear()
    return seed


def _wait(check: Callable[[], T], timeout: float, what: str) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def _runs(schedule: str) -> list[dict[str, Any]]:
    try:
        runs = list_runs(100)
    except ApiError as exc:
        # The runs index is created by the crawl process; on a loaded machine its shard may still
        # be starting when this poll arrives (503). Poll again rather than fail.
        if exc.meta.status != 503:
            raise
        return []
    return [r for r in runs if r.get("trigger") == f"schedule:{schedule}"]


def _stop(daemon: subprocess.Popen[bytes], log: Path) -> int:
    daemon.send_signal(signal.SIGTERM)
    try:
        return daemon.wait(timeout=90)
    except subprocess.TimeoutExpired:
        daemon.kill()
        raise AssertionError("the scheduler did not stop on SIGTERM:\n" + log.read_text()[-3000:]) from None


def _start_scheduler(settings: Settings, log: Path, *args: str) -> subprocess.Popen[bytes]:
    daemon = start_vnmon(settings, "scheduler", "--tick", "0.2", *args, log=log)
    _wait(lambda: scheduler_pid() == daemon.pid, 30, "the scheduler to start")
    return daemon


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


def _stored(settings: Settings) -> dict[str, dict[str, Any]]:
    data = json.loads((settings.data_dir / "schedules.json").read_text(encoding="utf-8"))
    return {s["name"]: s for s in data["schedules"]}


# -- timing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cron", "tz", "after", "expected"),
    [
        # cron's weekday numbers (1 = Monday, 0 and 7 = Sunday), at 07:00 in the schedule's zone
        ("0 7 * * 1", "Asia/Ho_Chi_Minh", datetime(2026, 3, 4, tzinfo=UTC), datetime(2026, 3, 9, 0, 0)),
        ("0 7 * * 0", "Asia/Ho_Chi_Minh", datetime(2026, 3, 4, tzinfo=UTC), datetime(2026, 3, 8, 0, 0)),
        ("0 7 * * 7", "UTC", datetime(2026, 3, 4, tzinfo=UTC), datetime(2026, 3, 8, 7, 0)),
        ("30 6 * * 1-5", "Europe/Paris", datetime(2026, 3, 6, 6, tzinfo=UTC), datetime(2026, 3, 9, 5, 30)),
        (
            "15 */6 * * *",
            "Asia/Ho_Chi_Minh",
            datetime(2026, 3, 4, 0, 16, tzinfo=UTC),
            datetime(2026, 3, 4, 5, 15),
        ),
    ],
)
def test_cron_fire_times_follow_cron_in_the_schedule_time_zone(
    cron: str, tz: str, after: datetime, expected: datetime
) -> None:
    schedule = make_schedule(name="t", cron=cron, tz=tz, sources=["x"])
    assert schedule.next_fire_after(after) == expected.replace(tzinfo=UTC)


def test_intervals_count_from_the_schedule_creation() -> None:
    created = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
    schedule = make_schedule(name="t", every="1h30m", tag="wire", created_at=created)
    assert schedule.next_fire_after(created) == created + timedelta(minutes=90)
    assert schedule.next_fire_after(created + timedelta(hours=5)) == created + timedelta(hours=6)


# -- the schedule command --------------------------------------------------------------------------


def test_schedule_commands_refuse_bad_input_with_the_reason(
    vnmon_env: Settings, world: NewsWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = str(world.write_sources(tmp_path / "sources.yaml"))
    seed = tmp_path / "seed.yaml"
    seed.write_text("schedules:\n  - name: seeded\n    cron: '0 6 * * *'\n    tag: wire\n", encoding="utf-8")
    monkeypatch.setenv("VNMON_SCHEDULES", str(seed))
    get_settings.cache_clear()

    def vnmon(*args: str) -> Result:
        return CliRunner().invoke(main, ["schedule", *args])

    refused = {
        ("--cron", "61 * * * *", "--source", "pacific-wire"): "cron expression '61 * * * *' is invalid",
        ("--cron", "* * *", "--source", "pacific-wire"): "cron expression '* * *' is invalid",
        ("--every", "10 minutes", "--source", "pacific-wire"): "interval '10 minutes' is not a duration",
        ("--every", "5m", "--source", "no-such-outlet"): "unknown source 'no-such-outlet'",
        ("--every", "5m", "--tag", "no-such-tag"): "no source is tagged 'no-such-tag'",
        (
            "--every",
            "5m",
            "--source",
            "pacific-wire",
            "--tz",
            "Mars/Olympus",
        ): "'Mars/Olympus' is not an IANA",
        ("--every", "5m"): "names sources or one tag",
        ("--every", "5m", "--cron", "0 * * * *", "--tag", "wire"): "exactly one of a cron expression",
    }
    for args, reason in refused.items():
        result = vnmon("add", "bad", *args, "--sources", sources)
        assert result.exit_code == 1, (args, result.output)
        assert reason in result.stderr, (args, result.output)

    added = vnmon("add", "hourly", "--cron", "5 * * * *", "--source", "pacific-wire", "--sources", sources)
    assert added.exit_code == 0, added.output
    assert vnmon("add", "hourly", "--every", "1h", "--tag", "wire", "--sources", sources).exit_code == 1
    listed = json.loads(vnmon("list", "--format", "json").stdout)
    by_name = {s["name"]: s for s in listed}
    assert set(by_name) == {"seeded", "hourly"}  # the seed file, then the addition
    assert by_name["hourly"]["tz"] == "Asia/Ho_Chi_Minh" and by_name["hourly"]["sources"] == ["pacific-wire"]

    assert vnmon("pause", "hourly").exit_code == 0
    assert "paused" in vnmon("list").stdout.split("hourly", 1)[1].splitlines()[0]
    assert vnmon("resume", "hourly").exit_code == 0
    assert vnmon("remove", "seeded").exit_code == 0
    gone = vnmon("remove", "seeded")
    assert gone.exit_code == 1 and "no schedule named 'seeded'" in gone.stderr
    # The seed is read once: a removed seeded schedule does not come back.
    assert [s["name"] for s in json.loads(vnmon("list", "--format", "json").stdout)] == ["hourly"]


# -- the daemon ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_schedules_survive_restarts_coalesce_and_stop_cleanly(
    vnmon_env: Settings, world: NewsWorld, es_client: Elasticsearch, tmp_path: Path, no_seed: Path
) -> None:
    sources = str(world.write_sources(tmp_path / "sources.yaml"))
    for name, target in (("wire", ("--source", "pacific-wire")), ("wires-by-tag", ("--tag", "wire"))):
        added = run_vnmon(vnmon_env, "schedule", "add", name, "--every", "10m", *target, "--sources", sources)
        assert added.returncode == 0, added.stderr

    # 1. Both schedules cover pacific-wire: asked to run together, they start exactly one crawl.
    #    (Its article pages are held until the second ask has been turned down: the first crawl
    #    is still running then, however fast the machine.)
    log = tmp_path / "scheduler-1.log"
    gate = world.hold(article_pages(world, "pacific-wire"))
    daemon = _start_scheduler(vnmon_env, log, "--sources", sources, *HELD)
    try:
        for name in ("wire", "wires-by-tag"):
            asked = run_vnmon(vnmon_env, "schedule", "run", name)
            assert "asked the scheduler" in asked.stdout, asked.stdout + asked.stderr
        _wait(lambda: "still being crawled" in log.read_text(), 120, "the second ask to be turned down")
    finally:
        gate.release()
    first = _wait(lambda: [r for r in list_runs(10) if r.get("exit_code") is not None], 120, "a crawl to end")
    assert len(first) == 1 and first[0]["status"] == "finished", log.read_text()[-3000:]
    assert first[0]["trigger"] in ("schedule:wire", "schedule:wires-by-tag")
    assert Path(first[0]["log_file"]).is_file()
    assert "still being crawled" in log.read_text()
    assert _stop(daemon, log) == 0

    # 2. Down for an hour (six missed fires): the schedules are still there, and on restart the
    #    schedule runs once to catch up, not six times.
    assert run_vnmon(vnmon_env, "schedule", "pause", "wires-by-tag").returncode == 0
    stored = _stored(vnmon_env)
    assert set(stored) == {"wire", "wires-by-tag"} and stored["wire"]["next_run_at"]
    stored["wire"]["next_run_at"] = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    (vnmon_env.data_dir / "schedules.json").write_text(json.dumps({"schedules": list(stored.values())}))

    log = tmp_path / "scheduler-2.log"
    # Fetching again what is indexed, with the article pages held: the catch-up crawl is still
    # going when the scheduler is stopped.
    gate = world.hold(article_pages(world, "pacific-wire"))
    daemon = _start_scheduler(vnmon_env, log, "--sources", sources, *HELD, "-s", "VNMON_REFETCH=true")
    catch_up = _wait(lambda: [r for r in _runs("wire") if r["status"] == "running"], 120, "the catch-up run")
    _wait(gate.reached.is_set, 120, "the catch-up crawl to reach the held pages")
    time.sleep(4)  # time for wrong extra catch-up runs to start
    assert len(_runs("wire")) == (2 if first[0]["trigger"] == "schedule:wire" else 1)
    assert "late by 3" in log.read_text()
    next_run = datetime.fromisoformat(_stored(vnmon_env)["wire"]["next_run_at"])
    assert timedelta(minutes=9) < next_run - datetime.now(UTC) <= timedelta(minutes=10)

    # 3. SIGTERM: the crawl is stopped with it, cleanly, and keeps its state to resume from.
    crawl_pid = catch_up[0]["pid"]
    assert _alive(crawl_pid)
    daemon.send_signal(signal.SIGTERM)
    crawl_log = Path(catch_up[0]["log_file"])
    try:
        # A graceful stop waits for the pages in flight: answer them once the crawl is stopping.
        _wait(lambda: "shutting down gracefully" in crawl_log.read_text(), 90, "the crawl to get SIGTERM")
    finally:
        gate.release()
    assert _stop(daemon, log) == 0
    assert not _alive(crawl_pid)
    stopped = next(r for r in _runs("wire") if r["run_id"] == catch_up[0]["run_id"])
    assert stopped["status"] == "interrupted" and stopped["exit_code"] == 2, stopped
    assert any((vnmon_env.data_dir / "jobs").iterdir()), "the stopped crawl keeps its resume state"
    assert "scheduler stopped" in log.read_text()

    # 4. Run again: it resumes, and every article of the source is indexed once.
    finished_before = len([r for r in _runs("wire") if r["status"] == "finished"])
    log = tmp_path / "scheduler-3.log"
    daemon = _start_scheduler(vnmon_env, log, "--sources", sources, *FAST)
    assert "asked the scheduler" in run_vnmon(vnmon_env, "schedule", "run", "wire").stdout
    _wait(
        lambda: len([r for r in _runs("wire") if r["status"] == "finished"]) > finished_before,
        120,
        "the resumed crawl",
    )
    time.sleep(1)
    assert len(_runs("wire")) == finished_before + 2  # the interrupted run and the resumed one
    assert _stop(daemon, log) == 0
    wanted = {e.url for e in world.expected if e.indexed and e.source == "pacific-wire"}
    docs = indexed(es_client, articles_alias())
    assert sorted(d["canonical_url"] for d in docs) == sorted(wanted)


@pytest.mark.slow
def test_a_due_schedule_never_overlaps_its_previous_crawl(
    vnmon_env: Settings, world: NewsWorld, tmp_path: Path, no_seed: Path
) -> None:
    sources = str(world.write_sources(tmp_path / "sources.yaml"))
    args = ["--every", "2s", "--source", "pacific-wire", "--sources", sources]
    assert run_vnmon(vnmon_env, "schedule", "add", "often", *args).returncode == 0
    log = tmp_path / "scheduler.log"
    # The first crawl's article pages are held until a fire has come while it runs.
    gate = world.hold(article_pages(world, "pacific-wire"))
    daemon = _start_scheduler(vnmon_env, log, "--sources", sources, *HELD)
    try:
        _wait(lambda: "still being crawled" in log.read_text(), 120, "a fire during the first crawl")
    finally:
        gate.release()
    _wait(lambda: len([r for r in _runs("often") if r.get("exit_code") is not None]) >= 2, 180, "two runs")
    assert _stop(daemon, log) == 0

    runs = sorted(_runs("often"), key=lambda r: r["started_at"])
    spans = [(r["run_id"], r["status"], r["started_at"], r.get("ended_at")) for r in runs]
    for earlier, later in itertools.pairwise(runs):
        ended, started = earlier.get("ended_at"), later["started_at"]
        assert ended and datetime.fromisoformat(ended) <= datetime.fromisoformat(started), spans
    assert "skipped: pacific-wire still being crawled" in log.read_text(), (spans, log.read_text()[-3000:])


# -- other job kinds -------------------------------------------------------------------------------


def test_registered_job_kinds_run_on_schedule_and_are_recorded(
    vnmon_env: Settings, es_client: Elasticsearch, no_seed: Path
) -> None:
    calls: list[tuple[str, dict[str, str]]] = []

    def digest(name: str, params: Mapping[str, str]) -> None:
        calls.append((name, dict(params)))

    def broken(name: str, params: Mapping[str, str]) -> None:
        raise ScheduleError(f"{name}: the export folder is not writable")

    register_job_kind("test_digest", digest)
    register_job_kind("test_broken", broken)
    store = ScheduleStore()
    created = datetime.now(UTC) - timedelta(seconds=0.5)
    for name, kind in (("digest", "test_digest"), ("export", "test_broken")):
        store.add(make_schedule(name=name, kind=kind, every="1s", params={"to": "desk"}, created_at=created))
    daemon = SchedulerDaemon(store, REPO / "config" / "sources.yaml")
    deadline = time.monotonic() + 20
    while len(calls) < 2 and time.monotonic() < deadline:
        daemon.tick()
        time.sleep(0.2)
    for name in ("digest", "export"):
        store.update(name, paused=True)
    while daemon.running and time.monotonic() < deadline:
        daemon.tick()
        time.sleep(0.05)
    assert calls[:2] == [("digest", {"to": "desk"})] * 2

    assert not daemon.running
    es_client.indices.refresh(index=runs_index())
    by_schedule = {r["schedule"]: r for r in list_runs(20)}
    assert by_schedule["digest"]["status"] == "finished"
    assert by_schedule["export"]["status"] == "failed"
    assert "the export folder is not writable" in by_schedule["export"]["finish_reason"]
    unknown = CliRunner().invoke(main, ["schedule", "add", "x", "--every", "1h", "--job", "nope"])
    assert unknown.exit_code == 1 and "unknown job kind 'nope'" in unknown.output


def test_a_source_being_crawled_by_hand_is_not_crawled_again(
    vnmon_env: Settings, world: NewsWorld, tmp_path: Path, no_seed: Path
) -> None:
    sources = world.write_sources(tmp_path / "sources.yaml")
    with source_locks(["pacific-wire"]):  # as a `vnmon crawl --source pacific-wire` holds it
        refused = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), "--source", "pacific-wire")
        assert refused.returncode == 1
        assert f"already being crawled on this host: pacific-wire (pid {os.getpid()})" in refused.stderr

        store = ScheduleStore()
        store.add(make_schedule(name="wire", every="1h", sources=["pacific-wire"]))
        store.update("wire", run_requested_at=datetime.now(UTC))
        daemon = SchedulerDaemon(store, sources)
        daemon.tick()
        assert not daemon.running
        assert store.get("wire").last_outcome == "skipped: previous crawl still going"
    assert world.hits == {}, "nothing was fetched"
