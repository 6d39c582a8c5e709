"""The `discover-gdelt` and `discover-news` job kinds run `vnmon discover gdelt|news` and fail with
their one-line error."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from vnmon.kernel.settings import Settings
from vnmon.scheduling.discovery_job import (
    JOB_KIND,
    NEWS_JOB_KIND,
    DiscoveryJobError,
    discover_command,
    run_discover_job,
    run_news_job,
)
from vnmon.scheduling.jobs import job_kind, job_kinds


def test_the_job_runs_the_command_and_reports_its_error(
    vnmon_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert JOB_KIND == "discover-gdelt" and JOB_KIND in job_kinds()  # `vnmon schedule add --job` takes it
    assert job_kind(JOB_KIND) is run_discover_job
    assert discover_command({"since": "6h"})[-4:] == ["discover", "gdelt", "--since", "6h"]
    with pytest.raises(DiscoveryJobError, match="unknown discover-gdelt param"):
        discover_command({"every": "15m"})
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("VNMON_GDELT_BASE_URL", f"http://127.0.0.1:{port}/gdeltv2/")
    with pytest.raises(
        DiscoveryJobError, match=rf"exited 1: error: GDELT at http://127.0.0.1:{port}/gdeltv2/"
    ):
        run_discover_job("gdelt", {})


def test_the_news_job_runs_discover_news_and_reports_its_error(vnmon_env: Settings, tmp_path: Path) -> None:
    assert NEWS_JOB_KIND == "discover-news" and NEWS_JOB_KIND in job_kinds()
    assert job_kind(NEWS_JOB_KIND) is run_news_job
    command = discover_command({"lang": "fr, de", "config": "d.yaml"}, NEWS_JOB_KIND)
    assert command[-8:] == ["discover", "news", "--lang", "fr", "--lang", "de", "--config", "d.yaml"]
    with pytest.raises(DiscoveryJobError, match=r"unknown discover-news param.*known: lang, config, sources"):
        discover_command({"since": "6h"}, NEWS_JOB_KIND)
    config = tmp_path / "discovery.yaml"
    config.write_text("news:\n  feeds: []\n", encoding="utf-8")
    with pytest.raises(
        DiscoveryJobError, match=r"vnmon discover news exited 1: error: .*news.feeds: must not be empty"
    ):
        run_news_job("news", {"config": str(config)})
