"""The scheduler's discovery job kinds: `discover-gdelt` and `discover-news`, each one
`vnmon discover gdelt|news` run in its own process.

A crawl needs a process of its own (Scrapy's reactor starts once per process), so the job runs
the command as the scheduler runs crawls, and fails with its one-line error. Registered in
`vnmon/scheduling/jobs.py`: `vnmon schedule add gdelt --every 15m --job discover-gdelt`,
`vnmon schedule add news --every 1h --job discover-news`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping

from vnmon.kernel.errors import VnmonError

JOB_KIND = "discover-gdelt"
NEWS_JOB_KIND = "discover-news"
# Each kind's sub-command and the params it takes (each passed on as `--param value`).
_COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    JOB_KIND: ("gdelt", ("since", "sources")),
    NEWS_JOB_KIND: ("news", ("lang", "config", "sources")),
}


class DiscoveryJobError(VnmonError):
    """A scheduled discovery failed; the message is the command's own error line."""


def discover_command(params: Mapping[str, str], kind: str = JOB_KIND) -> list[str]:
    """The `vnmon discover gdelt|news` command line of a schedule's `params`; `lang` may name
    several languages, separated by commas."""
    subcommand, known = _COMMANDS[kind]
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise DiscoveryJobError(f"unknown {kind} param(s) {', '.join(unknown)}; known: {', '.join(known)}")
    command = [sys.executable, "-m", "vnmon.cli", "discover", subcommand]
    for name in known:
        values = params.get(name, "").split(",") if name == "lang" else [params.get(name, "")]
        command += [arg for value in values if value.strip() for arg in (f"--{name}", value.strip())]
    return command


def run_discover_job(schedule_name: str, params: Mapping[str, str]) -> None:
    """Run one GDELT discovery for the schedule `schedule_name`; DiscoveryJobError when it fails."""
    _run(schedule_name, params, JOB_KIND)


def run_news_job(schedule_name: str, params: Mapping[str, str]) -> None:
    """Run one news-search discovery for the schedule `schedule_name`; DiscoveryJobError when it fails."""
    _run(schedule_name, params, NEWS_JOB_KIND)


def _run(schedule_name: str, params: Mapping[str, str], kind: str) -> None:
    command = discover_command(params, kind)
    env = dict(os.environ, VNMON_RUN_TRIGGER=f"schedule:{schedule_name}")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [
            line for line in result.stderr.splitlines() if line.startswith("error:")
        ] or result.stderr.splitlines()
        raise DiscoveryJobError(
            f"schedule {schedule_name!r}: vnmon discover {_COMMANDS[kind][0]} exited {result.returncode}: "
            + (lines[-1] if lines else "no error output")
        )
