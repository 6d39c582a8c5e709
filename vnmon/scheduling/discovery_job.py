"""The scheduler's `discover-gdelt` job kind: one `vnmon discover gdelt` run in its own process.

A crawl needs a process of its own (Scrapy's reactor starts once per process), so the job runs
the command as the scheduler runs crawls, and fails with its one-line error. Registered in
`vnmon/scheduling/jobs.py`: `vnmon schedule add gdelt --every 15m --job discover-gdelt`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping

from vnmon.kernel.errors import VnmonError

JOB_KIND = "discover-gdelt"
JOB_PARAMS = ("since", "sources")


class DiscoveryJobError(VnmonError):
    """A scheduled discovery failed; the message is the command's own error line."""


def discover_command(params: Mapping[str, str]) -> list[str]:
    """The `vnmon discover gdelt` command line of a schedule's `params` (`since`, `sources`)."""
    unknown = sorted(set(params) - set(JOB_PARAMS))
    if unknown:
        raise DiscoveryJobError(
            f"unknown {JOB_KIND} param(s) {', '.join(unknown)}; known: {', '.join(JOB_PARAMS)}"
        )
    command = [sys.executable, "-m", "vnmon.cli", "discover", "gdelt"]
    if params.get("since"):
        command += ["--since", params["since"]]
    if params.get("sources"):
        command += ["--sources", params["sources"]]
    return command


def run_discover_job(schedule_name: str, params: Mapping[str, str]) -> None:
    """Run one discovery for the schedule `schedule_name`; DiscoveryJobError when it fails."""
    env = dict(os.environ, VNMON_RUN_TRIGGER=f"schedule:{schedule_name}")
    result = subprocess.run(discover_command(params), env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [
            line for line in result.stderr.splitlines() if line.startswith("error:")
        ] or result.stderr.splitlines()
        raise DiscoveryJobError(
            f"schedule {schedule_name!r}: vnmon discover gdelt exited {result.returncode}: "
            + (lines[-1] if lines else "no error output")
        )
