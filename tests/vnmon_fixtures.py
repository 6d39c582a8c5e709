"""Fixtures shared by the test suite: an isolated vnmon environment per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.settings import Settings, get_settings


@pytest.fixture
def vnmon_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, es_url: str) -> Iterator[Settings]:
    """Settings of a private install: its own index prefix on the shared node and its own data dir."""
    monkeypatch.setenv("VNMON_ES_URL", es_url)
    monkeypatch.setenv("VNMON_INDEX_PREFIX", f"test-{uuid.uuid4().hex[:10]}")
    monkeypatch.setenv("VNMON_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def dead_es_url() -> str:
    """A loopback URL where nothing listens (the port is taken and closed again)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
