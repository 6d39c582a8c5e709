"""The `discover-gdelt` job kind runs `vnmon discover gdelt` and fails with its one-line error."""

from __future__ import annotations

import socket

import pytest

from vnmon.kernel.settings import Settings
from vnmon.scheduling.discovery_job import JOB_KIND, DiscoveryJobError, discover_command, run_discover_job
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
