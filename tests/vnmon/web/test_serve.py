"""`vnmon serve` refuses to expose an install without users beyond this machine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vnmon.auth.roles import Role
from vnmon.auth.store import UserStore
from vnmon.web.server import UnsafeBindError, check_bind

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10"])
def test_no_users_and_a_public_address_is_refused(tmp_path: Path, host: str) -> None:
    with pytest.raises(UnsafeBindError, match=f"refusing to serve on {host}: no users exist"):
        check_bind(host, UserStore.for_data_dir(tmp_path))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.5"])
def test_no_users_on_loopback_is_local_mode(tmp_path: Path, host: str) -> None:
    assert check_bind(host, UserStore.for_data_dir(tmp_path)) is True


def test_with_users_any_address_is_allowed_and_local_mode_is_off(tmp_path: Path) -> None:
    users = UserStore.for_data_dir(tmp_path)
    users.add("alice", "correct horse battery staple", Role.ADMIN)
    assert check_bind("0.0.0.0", users) is False
    assert check_bind("127.0.0.1", users) is False


def test_the_command_says_why_and_exits_1(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "VNMON_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "vnmon.cli", "serve", "--host", "0.0.0.0", "--port", "8999"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "refusing to serve on 0.0.0.0" in result.stderr and "vnmon users add" in result.stderr
