"""Fixtures shared by the test suite: an isolated vnmon environment per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from vnmon.kernel.settings import Settings, get_settings


@pytest.fixture
def vnmon_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, es_url: str) -> Iterator[Settings]:
    """Settings of a private install: its own index prefix on the shared node and its own data dir."""
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("VNMON_ES_URL", es_url)
    monkeypatch.setenv("VNMON_INDEX_PREFIX", prefix)
    monkeypatch.setenv("VNMON_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()
    _drop_indices(es_url, prefix)


def _drop_indices(es_url: str, prefix: str) -> None:
    """Delete the test's indices: the shared node holds at most 1,000 shards, and every test of
    every developer on it makes a few."""
    from elasticsearch import ApiError, Elasticsearch, TransportError

    client = Elasticsearch(es_url, request_timeout=30)
    try:
        names = list(client.indices.get(index=f"{prefix}-*", expand_wildcards="all", allow_no_indices=True))
        for start in range(0, len(names), 50):
            client.indices.delete(index=",".join(names[start : start + 50]), ignore_unavailable=True)
    except (ApiError, TransportError):
        pass  # a test that stopped the node (outage tests) leaves nothing to clean, or cannot
    finally:
        client.close()


@pytest.fixture
def dead_es_url() -> str:
    """A loopback URL where nothing listens (the port is taken and closed again)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
