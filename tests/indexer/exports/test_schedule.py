"""The Monday job: registered with the scheduler, in the default schedules, producing last week."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from crawler.scheduling.jobs import job_kind, job_kinds
from crawler.scheduling.schedules import load_seed_file
from indexer.exports import DEFAULT_SCHEDULE, ExportError, last_complete_week, list_exports
from indexer.settings import Settings
from tests.indexer.exports.corpus import article, index_articles
from tests.smtp_fixture import Mailbox

SEED = Path(__file__).resolve().parents[3] / "config" / "schedules.yaml"


def test_the_default_schedules_export_every_monday_at_seven() -> None:
    assert "weekly_export" in job_kinds()
    [export] = [s for s in load_seed_file(SEED) if s.kind == "weekly_export"]
    assert export.cron == DEFAULT_SCHEDULE and export.tz == "Asia/Ho_Chi_Minh"
    monday = export.next_fire_after(datetime(2026, 3, 4, tzinfo=UTC))  # a Wednesday
    assert monday == datetime(2026, 3, 9, 0, 0, tzinfo=UTC)  # Monday 07:00 in Ho Chi Minh City


def test_the_job_exports_the_last_complete_week_and_emails_it(
    vnmon_env: Settings, es_client: Elasticsearch, smtp_server: Mailbox
) -> None:
    week = last_complete_week(vnmon_env.timezone)
    index_articles(es_client, [article(1, week.start), article(2, week.end)], vnmon_env.data_dir)
    run = job_kind("weekly_export")
    run("weekly-export", {"format": "csv,pdf", "email": "desk@example.vn"})
    [published] = list_exports(vnmon_env.data_dir / "exports")
    assert published.week == week.label and published.articles == 1
    assert published.files == ["manifest.json", f"vnmon-{week.label}.csv", f"vnmon-{week.label}.pdf"]
    [message] = smtp_server.messages
    assert message["To"] == "desk@example.vn" and week.label in message["Subject"]
    manifest = json.loads((published.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["index_count"] == 1


def test_a_mistyped_job_param_is_named(vnmon_env: Settings) -> None:
    with pytest.raises(ExportError, match=r"unknown weekly_export param.*langs"):
        job_kind("weekly_export")("weekly-export", {"langs": "en"})
