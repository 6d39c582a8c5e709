"""Pytest plugin giving tests a real Elasticsearch: `VNMON_ES_URL`, else our local node on a free port."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch

from vnmon.es_local import node as es_local


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((es_local.HOST, 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def es_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a running Elasticsearch for the whole session (never skipped)."""
    given = os.environ.get("VNMON_ES_URL")
    if given:
        yield given
        return
    data_dir = tmp_path_factory.mktemp("es-node")
    url = es_local.start(port=free_port(), data_dir=data_dir, heap="512m")
    try:
        yield url
    finally:
        es_local.stop(data_dir)


@pytest.fixture(scope="session")
def es_client(es_url: str) -> Iterator[Elasticsearch]:
    """An `Elasticsearch` client bound to `es_url`."""
    client = Elasticsearch(es_url, request_timeout=60)
    try:
        yield client
    finally:
        client.close()
