"""Registers the `alerts` job kind: the scheduler delivers saved searches' new matches (`indexer.alerts`)."""

from __future__ import annotations

from crawler.scheduling.jobs import register_job_kind
from indexer.alerts.job import JOB_KIND, run_alerts_job

register_job_kind(JOB_KIND, run_alerts_job)
