"""Operator functions shared by the CLI and the web app: schedules, run history, source health.

Every function returns plain JSON-ready data (dicts and lists) and raises a `VnmonError` with a
one-line message on failure.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.errors import SourcesError
from crawler.sources import Source, load_sources, resolve_sources_path
from vnmon.scheduling.schedules import Schedule, ScheduleError, ScheduleStore, check_targets, make_schedule


def configured_sources(sources_path: str | Path | None = None) -> list[Source]:
    """The sources file's sources; a bad file is a ScheduleError naming it."""
    try:
        return load_sources(resolve_sources_path(sources_path))
    except SourcesError as exc:
        raise ScheduleError(str(exc)) from None


# -- schedules ----------------------------------------------------------------------------------


def list_schedules() -> list[dict[str, Any]]:
    """Every schedule with its timing, target, state, next and last run (times in UTC ISO)."""
    return [_schedule_view(s) for s in ScheduleStore().load()]


def _schedule_view(schedule: Schedule) -> dict[str, Any]:
    return {**schedule.model_dump(mode="json"), "timing": schedule.timing, "target": schedule.target}


def add_schedule(
    name: str,
    cron: str | None = None,
    every: str | None = None,
    sources: Sequence[str] = (),
    tag: str | None = None,
    tz: str | None = None,
    spider: str = "news",
    kind: str = "crawl",
    params: dict[str, str] | None = None,
    sources_path: str | Path | None = None,
    replace: bool = False,
) -> dict[str, Any]:
    """Add a schedule; refused (ScheduleError with the reason) when the timing, time zone, sources
    or tag are wrong. Sources are checked against the sources file (`sources_path`/VNMON_SOURCES)."""
    fields: dict[str, Any] = {"name": name, "cron": cron, "every": every, "sources": list(sources)}
    fields.update(tag=tag, spider=spider, kind=kind, params=params or {})
    if tz:
        fields["tz"] = tz
    schedule = make_schedule(**fields)
    check_targets(schedule, configured_sources(sources_path) if kind == "crawl" else [])
    ScheduleStore().add(schedule, replace=replace)
    return _schedule_view(schedule)


def pause_schedule(name: str) -> dict[str, Any]:
    return _schedule_view(ScheduleStore().update(name, paused=True, next_run_at=None))


def resume_schedule(name: str) -> dict[str, Any]:
    """Resume; the next run is the schedule's next fire time from now (no catch-up for the pause)."""
    return _schedule_view(ScheduleStore().update(name, paused=False, next_run_at=None))


def remove_schedule(name: str) -> None:
    ScheduleStore().remove(name)


def request_run(name: str) -> dict[str, Any]:
    """Ask the running scheduler to start this schedule now (within a second or so)."""
    return _schedule_view(ScheduleStore().update(name, run_requested_at=datetime.now(UTC)))


def scheduler_running() -> bool:
    from vnmon.scheduling.daemon import scheduler_pid

    return scheduler_pid() is not None


def run_schedule_now(
    name: str, sources_path: str | Path | None = None, crawl_settings: Sequence[str] = ()
) -> int:
    """Run a schedule once in the foreground (when no scheduler runs); returns the exit code."""
    from vnmon.scheduling.daemon import SchedulerDaemon
    from vnmon.scheduling.jobs import job_kind

    store = ScheduleStore()
    schedule = store.get(name)
    if schedule.kind != "crawl":
        job_kind(schedule.kind)(schedule.name, dict(schedule.params))
        return 0
    sources = configured_sources(sources_path)
    ids = schedule.resolve_sources(sources)
    if not ids:
        raise ScheduleError(f"schedule {name!r}: no source matches {schedule.target}")
    daemon = SchedulerDaemon(store, Path(resolve_sources_path(sources_path)), crawl_settings=crawl_settings)
    command = daemon.crawl_command(schedule, ids, daemon.new_run_id(schedule), log_file=None)
    return subprocess.call(command)


# -- run history ---------------------------------------------------------------------------------


def recent_runs(
    limit: int = 20, source: str | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    """The latest runs first (scheduled and manual), each with its per-source numbers."""
    from crawler import runs

    return runs.list_runs(limit, source=source, status=status)


def get_run(run_id: str) -> dict[str, Any]:
    from crawler import runs

    found = runs.get_run(run_id)
    if found is None:
        raise runs.RunsError(f"no run {run_id!r} in {runs.runs_index()}; see `vnmon runs list`")
    return found


# -- source health -------------------------------------------------------------------------------


def source_health(sources_path: str | Path | None = None) -> list[dict[str, Any]]:
    """Every configured source's health: state (healthy/degraded/broken/unknown), reasons, numbers."""
    from vnmon.operations.health import source_health as assess_all

    return [h.to_dict() for h in assess_all(configured_sources(sources_path))]
