"""The registry of job kinds the scheduler can run besides crawls (alert digests, weekly exports...)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

from crawler.scheduling.schedules import ScheduleError

# A job kind: called with the schedule's name and its `params`, in a worker thread of the daemon.
# It must return when done, raise a VnmonError with a clear message on failure, and be safe to run
# again after a crash (the scheduler runs it again at the next fire time, never twice at once).
JobFunction = Callable[[str, Mapping[str, str]], None]

_KINDS: dict[str, JobFunction] = {}

# Modules that register job kinds when imported; a module that is not there yet is skipped.
JOB_MODULES: list[str] = [
    "crawler.scheduling.weekly_export",
    "crawler.scheduling.alert_digests",
]


def register_job_kind(name: str, run: JobFunction) -> None:
    """Make `vnmon schedule add NAME --job <name>` possible: `run(schedule_name, params)`."""
    if name == "crawl":
        raise ValueError("'crawl' is the built-in job kind")
    _KINDS[name] = run


def _load_modules() -> None:
    for module_name in JOB_MODULES:
        try:
            importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise


def job_kind(name: str) -> JobFunction:
    """The function of a registered job kind; ScheduleError lists the known kinds otherwise."""
    _load_modules()
    if name not in _KINDS:
        known = ", ".join(["crawl", *sorted(_KINDS)])
        raise ScheduleError(f"unknown job kind {name!r}; known kinds: {known}")
    return _KINDS[name]


def job_kinds() -> list[str]:
    _load_modules()
    return ["crawl", *sorted(_KINDS)]
