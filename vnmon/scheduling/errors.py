"""Errors of the scheduling daemon and its schedules (raised here, one line for the CLI and web app)."""

from __future__ import annotations

from vnmon.kernel.errors import VnmonError


class ScheduleError(VnmonError):
    """A schedule is malformed, unknown or refers to sources that do not exist."""
