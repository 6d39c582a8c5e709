"""The Monday job: registered with the scheduler, in the default schedules, producing last week."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from tests.smtp_fixture import Mailbox
from tests.vnmon.exports.corpus import article, index_articles
from vnmon.exports import DEFAULT_SCHEDULE, ExportError, last_complete_week, list_exports
from vnmon.kernel.settings import Settings
from vnmon.scheduling.jobs import job_kind, job_kinds
from vnmon.scheduling.schedules import load_seed_file

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


def test_weeks_missed_while_the_scheduler_was_down_are_exported_and_emailed(
    vnmon_env: Settings, es_client: Elasticsearch, smtp_server: Mailbox
) -> None:
    last = last_complete_week(vnmon_env.timezone)
    weeks = [last.shifted(-n) for n in (3, 2, 1, 0)]
    index_articles(es_client, [article(n, w.start) for n, w in enumerate(weeks, 1)], vnmon_env.data_dir)
    run = job_kind("weekly_export")
    # The last Monday the job ran, three weeks ago; then the scheduler was down.
    run("weekly-export", {"week": weeks[0].label, "format": "csv", "email": "none"})

    run("weekly-export", {"format": "csv", "email": "desk@example.vn"})
    published = list_exports(vnmon_env.data_dir / "exports")
    assert [p.week for p in published] == [w.label for w in reversed(weeks)]
    assert all(p.articles == 1 for p in published)
    # One report per week owed, oldest first; the week already published is not sent again.
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert len(subjects) == 3
    assert all(w.label in subject for w, subject in zip(weeks[1:], subjects, strict=True)), subjects

    # Up to date: the next run re-exports only the last complete week.
    run("weekly-export", {"format": "csv", "email": "none"})
    assert len(list_exports(vnmon_env.data_dir / "exports")) == 4


def test_catch_up_is_capped_and_ignores_folders_that_are_not_weeks(tmp_path: Path) -> None:
    from vnmon.exports.job import MAX_CATCH_UP_WEEKS, weeks_due

    now = datetime(2026, 11, 27, 12, tzinfo=UTC)  # a Friday of 2026-W48
    assert [w.label for w in weeks_due(tmp_path, "Asia/Ho_Chi_Minh", now)] == ["2026-W47"]
    (tmp_path / "2025-W30").mkdir()  # published long ago
    (tmp_path / "2026-W60").mkdir()  # not a week
    due = weeks_due(tmp_path, "Asia/Ho_Chi_Minh", now)
    assert len(due) == MAX_CATCH_UP_WEEKS and due[-1].label == "2026-W47" and due[0].label == "2026-W40"
