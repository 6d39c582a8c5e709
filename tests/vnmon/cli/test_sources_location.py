"""`vnmon sources list` (and every command reading the sources file) works outside the repository:
a user or system file if there is one, else the default that ships inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[3]
ONE_SOURCE = {"sources": [{"id": "my-outlet", "name": "My Outlet", "country": "FR",
                           "feeds": ["https://my-outlet.example/rss.xml"]}]}  # fmt: skip


def vnmon(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`vnmon ARGS` run from `cwd`, as an installed command would be (no VNMON_SOURCES)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VNMON_")}
    clean.update(PYTHONPATH=str(REPO), HOME=str(cwd), **env)
    return subprocess.run(
        [sys.executable, "-m", "vnmon.cli", *args],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_outside_the_repository_the_packaged_sources_are_used(tmp_path: Path) -> None:
    listed = vnmon(tmp_path, "sources", "list", "--format", "json")

    assert listed.returncode == 0, listed.stderr
    shipped = yaml.safe_load((REPO / "config" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    assert [s["id"] for s in yaml.safe_load(listed.stdout)] == [s["id"] for s in shipped]
    validated = vnmon(tmp_path, "sources", "validate")
    assert validated.returncode == 0, validated.stderr
    assert "crawler/defaults/sources.yaml" in validated.stdout


def test_a_user_file_comes_before_the_packaged_one_and_vnmon_sources_before_both(tmp_path: Path) -> None:
    user = tmp_path / "xdg" / "vnmon" / "sources.yaml"
    user.parent.mkdir(parents=True)
    user.write_text(yaml.safe_dump(ONE_SOURCE), encoding="utf-8")

    listed = vnmon(tmp_path, "sources", "list", XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    assert listed.returncode == 0, listed.stderr
    assert "my-outlet" in listed.stdout and "reuters" not in listed.stdout.lower()

    missing = vnmon(tmp_path, "sources", "list", VNMON_SOURCES=str(tmp_path / "nope.yaml"))
    assert missing.returncode == 1 and "nope.yaml" in missing.stderr  # an explicit file is never replaced
