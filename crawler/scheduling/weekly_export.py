"""Registers the `weekly_export` job kind: the scheduler runs `indexer.exports` every Monday."""

from __future__ import annotations

from crawler.scheduling.jobs import register_job_kind
from indexer.exports.job import JOB_KIND, run_export_job

register_job_kind(JOB_KIND, run_export_job)
