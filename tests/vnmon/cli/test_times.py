"""Every time the CLI prints carries its zone: the display zone (VNMON_TIMEZONE) shared with the web."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from crawler import runs
from vnmon.cli import main
from vnmon.cli.display import shown_time
from vnmon.kernel.settings import Settings, get_settings


def test_runs_list_and_show_label_their_times(vnmon_env: Settings) -> None:
    runs.save_run(
        {"run_id": "crawl-1", "trigger": "manual", "status": "finished", "sources": ["pacific-wire"],
         "started_at": "2026-03-04T02:00:00+00:00", "ended_at": "2026-03-04T02:05:30+00:00"}
    )  # fmt: skip

    listed = CliRunner().invoke(main, ["runs", "list"])
    shown = CliRunner().invoke(main, ["runs", "show", "crawl-1"])

    assert listed.exit_code == 0 and shown.exit_code == 0, listed.output + shown.output
    assert "2026-03-04 09:00 +07" in listed.output
    assert "started_at: 2026-03-04 09:00:00 +07" in shown.output
    assert "ended_at: 2026-03-04 09:05:30 +07" in shown.output


def test_the_display_zone_is_the_configured_one(vnmon_env: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    moment = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert shown_time(moment) == "2026-07-01 19:00 +07"
    monkeypatch.setenv("VNMON_TIMEZONE", "Europe/Paris")
    get_settings.cache_clear()
    assert shown_time(moment) == "2026-07-01 14:00 CEST"
    assert shown_time("2026-07-01T12:00:00Z") == "2026-07-01 14:00 CEST" and shown_time(None) == "-"
