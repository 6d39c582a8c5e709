"""Saved searches and alerts: analysts' named queries, delivered as digests of new matches."""

from __future__ import annotations

from vnmon.alerts.errors import AlertError
from vnmon.alerts.job import DEFAULT_SCHEDULE, JOB_KIND, run_alerts_job
from vnmon.alerts.models import FREQUENCIES, SavedQuery, SavedSearch, frequency_period, saved_search_id
from vnmon.alerts.runner import AlertsRunResult, SearchOutcome, TargetOutcome, run_alerts
from vnmon.alerts.store import (
    delete_saved,
    deliveries_index,
    ensure_alert_indices,
    find_saved,
    get_saved,
    list_saved,
    save_search,
    saved_index,
    set_paused,
)
from vnmon.alerts.terminal import render_run, render_saved

__all__ = [
    "DEFAULT_SCHEDULE",
    "FREQUENCIES",
    "JOB_KIND",
    "AlertError",
    "AlertsRunResult",
    "SavedQuery",
    "SavedSearch",
    "SearchOutcome",
    "TargetOutcome",
    "delete_saved",
    "deliveries_index",
    "ensure_alert_indices",
    "find_saved",
    "frequency_period",
    "get_saved",
    "list_saved",
    "render_run",
    "render_saved",
    "run_alerts",
    "run_alerts_job",
    "save_search",
    "saved_index",
    "saved_search_id",
    "set_paused",
]
