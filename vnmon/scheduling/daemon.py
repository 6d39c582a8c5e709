"""`vnmon scheduler`: starts due crawls as child processes, one per source at a time, within a cap."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import IO, Any

from crawler import runs
from crawler.errors import SourcesError
from crawler.locks import busy_sources
from crawler.sources import Source, load_sources, resolve_sources_path
from vnmon.kernel.errors import VnmonError
from vnmon.kernel.settings import get_settings
from vnmon.scheduling.jobs import job_kind
from vnmon.scheduling.schedules import Schedule, ScheduleError, ScheduleStore

log = logging.getLogger(__name__)

_SYNC_EVERY = 60.0  # seconds between two passes recording crawl summaries ES missed


def pid_file() -> Path:
    return get_settings().data_dir / "scheduler.pid"


def scheduler_pid() -> int | None:
    """The pid of the scheduler daemon running on this data dir, or None."""
    path = pid_file()
    if not path.exists():
        return None
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            text = handle.read().strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


@dataclass
class Running:
    """A run the daemon started and has not reaped yet."""

    run_id: str
    schedule: str
    keys: list[str]  # what it holds: source ids for a crawl, `job:<schedule>` for another job
    started: float
    process: subprocess.Popen[bytes] | None = None
    thread: threading.Thread | None = None
    error: list[str] = field(default_factory=list)

    def exit_code(self) -> int | None:
        if self.process is not None:
            return self.process.poll()
        assert self.thread is not None
        if self.thread.is_alive():
            return None
        return 1 if self.error else 0


class SchedulerDaemon:
    """Fires schedules, launches their runs and reaps them; `run()` blocks until SIGTERM/SIGINT.

    Coalescing: a schedule keeps its next fire time in the store; when the daemon finds that time
    in the past (it was down, or busy), the schedule runs once and its next time is computed from
    now, so downtime costs one catch-up run, not one per missed fire. A schedule whose sources are
    all still being crawled skips that fire; one that waits for a free slot stays queued (once).
    """

    def __init__(
        self,
        store: ScheduleStore | None = None,
        sources_path: Path | None = None,
        max_crawls: int | None = None,
        tick_seconds: float = 1.0,
        crawl_settings: Sequence[str] = (),
        stop_grace: float = 120.0,
    ) -> None:
        settings = get_settings()
        self.store = store or ScheduleStore()
        self.sources_path = resolve_sources_path(sources_path)
        self.max_crawls = max_crawls or settings.scheduler_max_crawls
        self.tick_seconds = tick_seconds
        self.crawl_settings = list(crawl_settings)
        self.stop_grace = stop_grace
        self.logs_dir = settings.data_dir / "logs"
        self.running: dict[str, Running] = {}
        self.pending: list[str] = []
        self._stop = threading.Event()
        self._sources: list[Source] = []
        self._sources_mtime: float | None = None
        self._last_sync = 0.0
        self._pid_handle: IO[str] | None = None

    # -- life cycle -----------------------------------------------------------------------------

    def run(self) -> None:
        """Run until stopped; a SIGTERM or SIGINT stops the crawls cleanly (they stay resumable)."""
        self._claim_pid_file()
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._on_signal)
            signal.signal(signal.SIGINT, self._on_signal)
        log.info(
            "scheduler started (pid %d, at most %d crawls, sources %s)",
            os.getpid(),
            self.max_crawls,
            self.sources_path,
        )
        try:
            while not self._stop.is_set():
                self.tick()
                self._stop.wait(self.tick_seconds)
        finally:
            self.shutdown()
            self._release_pid_file()

    def stop(self) -> None:
        self._stop.set()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        log.info("received %s: stopping", signal.Signals(signum).name)
        self._stop.set()

    def _claim_pid_file(self) -> None:
        path = pid_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            other = handle.read().strip()
            handle.close()
            raise ScheduleError(
                f"another scheduler (pid {other or '?'}) already runs on {path.parent}; stop it first"
            ) from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        self._pid_handle = handle

    def _release_pid_file(self) -> None:
        if self._pid_handle is not None:
            self._pid_handle.truncate(0)
            fcntl.flock(self._pid_handle, fcntl.LOCK_UN)
            self._pid_handle.close()
            self._pid_handle = None

    def shutdown(self) -> None:
        """SIGTERM every running crawl, wait for them to save their state, record how they ended."""
        processes = [r for r in self.running.values() if r.process is not None]
        for run in processes:
            log.info("stopping crawl %s (pid %d)", run.run_id, run.process.pid)  # type: ignore[union-attr]
            _signal(run.process, signal.SIGTERM)
        deadline = time.monotonic() + self.stop_grace
        while any(r.exit_code() is None for r in self.running.values()) and time.monotonic() < deadline:
            time.sleep(0.2)
        for run in processes:
            if run.exit_code() is None:
                # A second SIGTERM makes Scrapy stop at once; its request queue on disk is kept.
                log.warning("crawl %s did not stop within %.0fs: forcing it", run.run_id, self.stop_grace)
                _signal(run.process, signal.SIGTERM)
                try:
                    run.process.wait(timeout=15)  # type: ignore[union-attr]
                except subprocess.TimeoutExpired:
                    _signal(run.process, signal.SIGKILL)
                    run.process.wait()  # type: ignore[union-attr]
        self._reap()
        log.info("scheduler stopped")

    # -- one pass -------------------------------------------------------------------------------

    def tick(self, now: datetime | None = None) -> None:
        """Reap finished runs, fire due schedules, launch what may start."""
        now = now or datetime.now(UTC)
        self._reap()
        self._reload_sources()
        try:
            self._fire_due(now)
            self._launch_pending(now)
        except ScheduleError as exc:
            log.error("%s", exc)
        if time.monotonic() - self._last_sync > _SYNC_EVERY:
            self._last_sync = time.monotonic()
            self._sync_history()

    def _fire_due(self, now: datetime) -> None:
        with self.store.edit() as schedules:
            for name in [p for p in self.pending if p not in schedules or schedules[p].paused]:
                self.pending.remove(name)  # removed or paused while it waited
            for schedule in schedules.values():
                if not schedule.paused:
                    try:
                        self._fire_if_due(schedule, now)
                    except ScheduleError as exc:  # one schedule's problem stops only that schedule
                        log.error("schedule %s: %s", schedule.name, exc)

    def _fire_if_due(self, schedule: Schedule, now: datetime) -> None:
        if schedule.run_requested_at is not None:
            schedule.run_requested_at = None
            self._queue(schedule.name, "requested")
        if schedule.next_run_at is None:
            schedule.next_run_at = schedule.next_fire_after(now)
        elif schedule.next_run_at <= now:
            late = (now - schedule.next_run_at).total_seconds()
            self._queue(schedule.name, f"due (late by {late:.0f}s)" if late > 60 else "due")
            # Every fire time missed so far collapses into this one run.
            schedule.next_run_at = schedule.next_fire_after(now)

    def _queue(self, name: str, why: str) -> None:
        if name in self.pending:
            log.info("schedule %s %s: already queued, coalesced", name, why)
            return
        log.info("schedule %s %s", name, why)
        self.pending.append(name)

    def _launch_pending(self, now: datetime) -> None:
        if not self.pending:
            return
        with self.store.edit() as schedules:
            for name in list(self.pending):
                schedule = schedules[name]
                outcome = self._try_launch(schedule)
                if outcome is None:
                    continue  # waits for a free slot
                self.pending.remove(name)
                schedule.last_outcome = outcome
                if outcome.startswith("started"):
                    schedule.last_run_at = now
                    schedule.last_run_id = outcome.split()[-1]

    def _busy(self) -> set[str]:
        return {key for run in self.running.values() for key in run.keys}

    def _try_launch(self, schedule: Schedule) -> str | None:
        """`started <run id>`, `skipped: <why>`, or None to wait for a slot."""
        if schedule.kind != "crawl":
            key = f"job:{schedule.name}"
            if key in self._busy():
                log.info("schedule %s skipped: its previous run is still going", schedule.name)
                return "skipped: previous run still going"
            return f"started {self._start_job(schedule, key)}"
        wanted = schedule.resolve_sources(self._sources)
        if not wanted:
            log.error(
                "schedule %s: no source in %s matches %s", schedule.name, self.sources_path, schedule.target
            )
            return "skipped: no matching source"
        busy = self._busy() | busy_sources(wanted)  # also crawls started by hand
        free = [s for s in wanted if s not in busy]
        if not free:
            log.info("schedule %s skipped: %s still being crawled", schedule.name, ", ".join(wanted))
            return "skipped: previous crawl still going"
        if sum(r.process is not None for r in self.running.values()) >= self.max_crawls:
            return None
        if len(free) < len(wanted):
            log.info("schedule %s: %s still being crawled, left out", schedule.name, ", ".join(sorted(busy)))
        return f"started {self._start_crawl(schedule, free)}"

    # -- launching ------------------------------------------------------------------------------

    @staticmethod
    def new_run_id(schedule: Schedule) -> str:
        return f"{schedule.name}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"

    def crawl_command(
        self, schedule: Schedule, source_ids: list[str], run_id: str, log_file: Path | None
    ) -> list[str]:
        """The child process of one scheduled crawl (a Twisted reactor runs once per process)."""
        command = [sys.executable, "-m", "vnmon.cli", "crawl", "--sources", str(self.sources_path)]
        command += ["--spider", schedule.spider]
        for source_id in source_ids:
            command += ["--source", source_id]
        run_settings = {"VNMON_RUN_ID": run_id, "VNMON_RUN_TRIGGER": f"schedule:{schedule.name}"}
        if log_file is not None:
            run_settings["VNMON_RUN_LOG"] = str(log_file)
        for name, value in run_settings.items():
            command += ["-s", f"{name}={value}"]
        for setting in self.crawl_settings:
            command += ["-s", setting]
        return command

    def _start_crawl(self, schedule: Schedule, source_ids: list[str]) -> str:
        run_id = self.new_run_id(schedule)
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        log_file = self.logs_dir / f"{run_id}.log"
        command = self.crawl_command(schedule, source_ids, run_id, log_file)
        with log_file.open("ab") as out:
            # Own session: a Ctrl-C on the daemon's terminal reaches the daemon only, which then
            # stops its crawls one by one.
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.running[run_id] = Running(run_id, schedule.name, source_ids, time.monotonic(), process=process)
        log.info(
            "started crawl %s of %s (pid %d, log %s)", run_id, ", ".join(source_ids), process.pid, log_file
        )
        trigger = f"schedule:{schedule.name}"
        _history(runs.start_run, run_id, trigger, source_ids, schedule.spider, log_file, process.pid)
        return run_id

    def _start_job(self, schedule: Schedule, key: str) -> str:
        run_id = self.new_run_id(schedule)
        function = job_kind(schedule.kind)
        running = Running(run_id, schedule.name, [key], time.monotonic())

        def work() -> None:
            try:
                function(schedule.name, dict(schedule.params))
            except Exception as exc:  # a job's failure is recorded, never fatal to the daemon
                log.exception("job %s (%s) failed", run_id, schedule.kind)
                running.error.append(f"{type(exc).__name__}: {exc}")

        running.thread = threading.Thread(target=work, name=f"job-{run_id}", daemon=True)
        self.running[run_id] = running
        running.thread.start()
        log.info("started %s job %s", schedule.kind, run_id)
        _history(runs.start_run, run_id, f"schedule:{schedule.name}", [], schedule.kind, None)
        return run_id

    # -- reaping --------------------------------------------------------------------------------

    def _reap(self) -> None:
        for run_id, run in list(self.running.items()):
            code = run.exit_code()
            if code is None:
                continue
            del self.running[run_id]
            seconds = time.monotonic() - run.started
            log.info("run %s ended with exit code %d after %.1fs", run_id, code, seconds)
            if run.process is None:
                _history(runs.finish_job, run_id, run.error)
            else:
                _history(runs.sync_summaries)
                _history(runs.close_run, run_id, code)
                self._check_health(run.keys)

    def _check_health(self, source_ids: list[str]) -> None:
        from vnmon.operations.health import check_health

        try:
            check_health(sources=self._sources)
        except Exception as exc:  # health is advisory: never stop scheduling for it
            log.warning("source health not evaluated after the run of %s: %s", ", ".join(source_ids), exc)

    def _sync_history(self) -> None:
        _history(runs.sync_summaries)

    def _reload_sources(self) -> None:
        try:
            mtime = self.sources_path.stat().st_mtime
        except OSError as exc:
            log.error("sources file %s unreadable: %s", self.sources_path, exc)
            return
        if mtime == self._sources_mtime:
            return
        try:
            self._sources = load_sources(self.sources_path)
        except SourcesError as exc:
            log.error("sources file %s is invalid, keeping the previous one: %s", self.sources_path, exc)
        self._sources_mtime = mtime


def _signal(process: subprocess.Popen[bytes] | None, signum: int) -> None:
    if process is not None and process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)


def _history(action: Callable[..., object], *args: Any) -> None:
    """Call one `crawler.runs` function; Elasticsearch being away must not stop the scheduler."""
    from elasticsearch import ApiError, TransportError

    try:
        action(*args)
    except (TransportError, ApiError, VnmonError, OSError) as exc:
        log.warning(
            "run history: %s failed (%s); recorded later from the crawl summaries", action.__name__, exc
        )
