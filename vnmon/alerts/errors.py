"""The one error of saved searches and alerts: a user-facing problem stated in one line."""

from __future__ import annotations

from vnmon.kernel.errors import VnmonError


class AlertError(VnmonError):
    """A saved search is malformed, unknown or ambiguous, or its indices cannot be used."""
