"""A schedule that never fires is refused; one already in the file is reported and skipped, never fatal."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from vnmon.cli import main
from vnmon.kernel.settings import Settings, get_settings
from vnmon.scheduling.control import list_schedules
from vnmon.scheduling.daemon import SchedulerDaemon
from vnmon.scheduling.schedules import ScheduleStore

NEVER = "0 0 31 2 *"  # 31 February


@pytest.fixture
def store(vnmon_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A schedules file holding one good schedule and, as older vnmon accepted it, one that never fires."""
    seed = tmp_path / "schedules.yaml"
    seed.write_text("schedules: []\n", encoding="utf-8")
    monkeypatch.setenv("VNMON_SCHEDULES", str(seed))
    get_settings.cache_clear()
    good = {"name": "wires", "every": "1h", "tag": "wire", "created_at": "2026-01-01T00:00:00Z"}
    bad = {"name": "leap-day-ish", "cron": NEVER, "tag": "wire", "created_at": "2026-01-01T00:00:00Z"}
    path = get_settings().data_dir / "schedules.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schedules": [bad, good]}), encoding="utf-8")
    return path


def test_a_cron_that_never_fires_is_refused_when_added(store: Path) -> None:
    result = CliRunner().invoke(main, ["schedule", "add", "feb31", "--cron", NEVER, "--tag", "wire"])
    assert result.exit_code != 0
    assert "never fires" in result.output
    assert "feb31" not in store.read_text(encoding="utf-8")


def test_a_bad_entry_in_the_file_is_reported_and_skipped_everywhere(store: Path) -> None:
    listed = CliRunner().invoke(main, ["schedule", "list"])
    assert listed.exit_code == 0, listed.output
    assert "wires" in listed.stdout and "every 1h" in listed.stdout
    assert "'leap-day-ish' skipped" in listed.stderr and "never fires" in listed.stderr

    assert [view["name"] for view in list_schedules()] == ["wires"]  # what the operator API serves

    daemon = SchedulerDaemon(store=ScheduleStore(), tick_seconds=0.1)
    daemon.tick(datetime.now(UTC))
    assert ScheduleStore().get("wires").next_run_at is not None  # the good one keeps its timetable
    kept = json.loads(store.read_text(encoding="utf-8"))["schedules"]
    assert {entry["name"] for entry in kept} == {"wires", "leap-day-ish"}  # left for the operator
