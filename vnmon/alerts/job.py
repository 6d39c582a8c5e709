"""The `alerts` job kind of the scheduler: `vnmon alerts run` every few minutes."""

from __future__ import annotations

from collections.abc import Mapping

from vnmon.alerts.errors import AlertError
from vnmon.alerts.runner import run_alerts

JOB_KIND = "alerts"
# Saved searches carry their own frequency (hourly, daily...): the job only has to tick often.
DEFAULT_SCHEDULE = "15m"
JOB_PARAMS = ("name", "owner")


def run_alerts_job(schedule_name: str, params: Mapping[str, str]) -> None:
    """Run the due saved searches (or `params["name"]`, of `params["owner"]`); raise AlertError
    naming each failed delivery, after every search was handled (failures are retried next run)."""
    unknown = sorted(set(params) - set(JOB_PARAMS))
    if unknown:
        raise AlertError(
            f"schedule {schedule_name!r}: unknown alerts param(s) {', '.join(unknown)}; "
            f"known: {', '.join(JOB_PARAMS)}"
        )
    result = run_alerts(name=params.get("name") or None, owner=params.get("owner") or None)
    if not result.ok:
        raise AlertError(
            f"alerts: {result.delivered} delivered, {result.failed} failed: " + "; ".join(result.errors())
        )
