"""The job kinds the scheduler can run besides crawls (alert digests, weekly exports...)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from vnmon.alerts import job as alerts_job
from vnmon.exports import job as export_job
from vnmon.scheduling import discovery_job
from vnmon.scheduling.errors import ScheduleError

# A job kind: called with the schedule's name and its `params`, in a worker thread of the daemon.
# It must return when done, raise a VnmonError with a clear message on failure, and be safe to run
# again after a crash (the scheduler runs it again at the next fire time, never twice at once).
JobFunction = Callable[[str, Mapping[str, str]], None]

_KINDS: dict[str, JobFunction] = {
    export_job.JOB_KIND: export_job.run_export_job,
    alerts_job.JOB_KIND: alerts_job.run_alerts_job,
    discovery_job.JOB_KIND: discovery_job.run_discover_job,
    discovery_job.NEWS_JOB_KIND: discovery_job.run_news_job,
}


def register_job_kind(name: str, run: JobFunction) -> None:
    """Make `vnmon schedule add NAME --job <name>` possible: `run(schedule_name, params)`."""
    if name == "crawl":
        raise ValueError("'crawl' is the built-in job kind")
    _KINDS[name] = run


def job_kind(name: str) -> JobFunction:
    """The function of a registered job kind; ScheduleError lists the known kinds otherwise."""
    if name not in _KINDS:
        known = ", ".join(["crawl", *sorted(_KINDS)])
        raise ScheduleError(f"unknown job kind {name!r}; known kinds: {known}")
    return _KINDS[name]


def job_kinds() -> list[str]:
    return ["crawl", *sorted(_KINDS)]
