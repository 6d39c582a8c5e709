"""`vnmon discover gdelt --dry-run` prints the files and URLs it would fetch and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vnmon.cli import main
from vnmon.demo.gdelt import GdeltStandIn, newsworld_files
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import get_settings


def test_dry_run_lists_what_it_would_fetch_and_keeps_no_state(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with NewsWorld() as world, GdeltStandIn() as gdelt:
        scenario = newsworld_files(gdelt, world)
        base = gdelt.base_url
        monkeypatch.setenv("VNMON_GDELT_BASE_URL", gdelt.base_url)
        monkeypatch.setenv("VNMON_DATA_DIR", str(tmp_path / "var"))
        get_settings.cache_clear()
        try:
            result = CliRunner().invoke(main, ["discover", "gdelt", "--dry-run"])
            bad = CliRunner().invoke(main, ["discover", "gdelt", "--since", "soon"])
        finally:
            get_settings.cache_clear()
        assert world.hits == {}  # not one page of an outlet fetched
    assert result.exit_code == 0, result.output
    assert "2 new GKG file(s) to read" in result.output
    assert f"{base}{scenario.latest}.translation.gkg.csv.zip" in result.output
    shown = [line.split()[0] for line in result.output.splitlines() if line.startswith("  http://127.0.0.")]
    assert set(scenario.relevant) - set(shown) == {scenario.relevant[0]}  # the older file is not read
    assert not set(shown) & {
        u for u, why in scenario.decoys.items() if why in ("domestic", "located elsewhere")
    }
    assert "malformed 1" in result.output and "not_a_url 1" in result.output and "domestic 1" in result.output
    assert not (tmp_path / "var" / "discovery" / "gdelt-state.json").exists()
    assert not (tmp_path / "var" / "discovery" / "pending.jsonl").exists()
    assert bad.exit_code == 2 and "--since" in bad.output and "duration" in bad.output
