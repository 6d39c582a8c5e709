"""The local Elasticsearch node: what clients see, start/stop semantics, and the errors users get."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from elasticsearch import Elasticsearch

from tests.es_fixture import free_port
from vnmon.cli import main as vnmon
from vnmon.es_local import node as es_local
from vnmon.kernel.errors import EsLocalError


@dataclass
class OwnNode:
    """A node these tests start and stop themselves."""

    port: int
    data_dir: Path
    url: str


@pytest.fixture(scope="module")
def own_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnNode]:
    data_dir = tmp_path_factory.mktemp("own-node")
    port = free_port()
    url = es_local.start(port=port, data_dir=data_dir, heap="512m")
    yield OwnNode(port, data_dir, url)
    es_local.stop(data_dir)


@pytest.fixture
def listening_port() -> Iterator[int]:
    """A port some other program listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield int(sock.getsockname()[1])


# --- what clients see --------------------------------------------------------------------------


def test_info_reports_a_9x_elasticsearch(es_client: Elasticsearch) -> None:
    info = es_client.info()
    assert info["version"]["number"].startswith("9.")
    assert info["version"]["build_flavor"] == "default"
    assert info["tagline"] == "You Know, for Search"
    assert info["cluster_uuid"]
    assert es_client.ping()


def test_responses_carry_the_elastic_product_header(es_client: Elasticsearch) -> None:
    response = es_client.perform_request("GET", "/_cluster/health")
    assert response.meta.headers.get("X-Elastic-Product") == "Elasticsearch"


# --- lifecycle ---------------------------------------------------------------------------------


def test_start_is_idempotent(own_node: OwnNode) -> None:
    pid_before = (own_node.data_dir / es_local.PID_FILE).read_text()
    assert es_local.start(port=own_node.port, data_dir=own_node.data_dir) == own_node.url
    assert (own_node.data_dir / es_local.PID_FILE).read_text() == pid_before


def test_start_on_another_port_with_the_same_data_dir_is_refused(own_node: OwnNode) -> None:
    with pytest.raises(EsLocalError, match=str(own_node.port)):
        es_local.start(port=free_port(), data_dir=own_node.data_dir)


def test_status_reports_version_health_and_pid(own_node: OwnNode) -> None:
    state = es_local.status(data_dir=own_node.data_dir)
    assert state is not None
    assert state.url == own_node.url
    assert state.version.startswith("9.")
    assert state.cluster_status in ("green", "yellow")
    assert state.pid == int((own_node.data_dir / es_local.PID_FILE).read_text().split()[0])


def test_stop_keeps_the_data(own_node: OwnNode) -> None:
    client = Elasticsearch(own_node.url, request_timeout=60)
    client.index(index="kept", id="a", document={"title": "Hà Nội"}, refresh=True)
    assert es_local.stop(own_node.data_dir) is True
    assert es_local.status(port=own_node.port, data_dir=own_node.data_dir) is None
    assert not (own_node.data_dir / es_local.PID_FILE).exists()
    assert es_local.stop(own_node.data_dir) is False

    assert es_local.start(port=own_node.port, data_dir=own_node.data_dir) == own_node.url
    client.cluster.health(index="kept", wait_for_status="yellow", timeout="60s")
    assert client.get(index="kept", id="a")["_source"] == {"title": "Hà Nội"}


def test_port_taken_by_another_program_is_named(tmp_path: Path, listening_port: int) -> None:
    with pytest.raises(EsLocalError, match=rf"port {listening_port}\b"):
        es_local.start(port=listening_port, data_dir=tmp_path / "es")
    assert not (tmp_path / "es" / es_local.PID_FILE).exists()


def test_launcher_itself_names_a_taken_port(tmp_path: Path, listening_port: int) -> None:
    java = es_local.find_java()
    cmd = [str(java), "-cp", f"{es_local.ensure_built()}/*", es_local.MAIN_CLASS]
    done = subprocess.run(
        [*cmd, "--port", str(listening_port), "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 3
    assert f"port {listening_port}" in done.stderr


# --- finding Java and building -----------------------------------------------------------------


def _fake_jdk(root: Path, version: str) -> Path:
    """A directory shaped like a JDK whose `release` file claims `version`."""
    (root / "bin").mkdir(parents=True)
    java = root / "bin" / "java"
    java.write_text("#!/bin/sh\nexit 0\n")
    java.chmod(0o755)
    (root / "release").write_text(f'JAVA_VERSION="{version}"\n')
    return root


def test_missing_java_names_the_jdk_needed(tmp_path: Path) -> None:
    with pytest.raises(EsLocalError, match=r"Java 21\+ \(e\.g\. Temurin 25\) not found") as err:
        es_local.find_java(java_home=str(tmp_path / "no-jdk-here"), search_globs=[])
    assert "JAVA_HOME" in str(err.value)


def test_java_older_than_21_is_rejected(tmp_path: Path) -> None:
    old = _fake_jdk(tmp_path / "jdk-17", "17.0.12")
    with pytest.raises(EsLocalError, match="Java 17"):
        es_local.find_java(java_home=str(old), search_globs=[])


def test_java_is_found_through_the_search_globs(tmp_path: Path) -> None:
    _fake_jdk(tmp_path / "jdk-17", "17.0.12")
    new = _fake_jdk(tmp_path / "temurin-25-jdk", "25.0.3")
    found = es_local.find_java(java_home="", search_globs=[str(tmp_path / "*")])
    assert found == new / "bin" / "java"


def test_build_is_cached_and_redone_when_sources_change(tmp_path: Path) -> None:
    module = tmp_path / "es-local"
    shutil.copytree(es_local.es_local_dir() / "src", module / "src")
    shutil.copy2(es_local.es_local_dir() / "pom.xml", module / "pom.xml")

    first = es_local.ensure_built(module)
    stamp = (first / ".complete").stat().st_mtime_ns
    assert (first / "es-local.jar").is_file()
    assert any(first.glob("elasticsearch-9.*.jar"))
    assert es_local.ensure_built(module) == first
    assert (first / ".complete").stat().st_mtime_ns == stamp

    main_java = module / "src/main/java/vnmon/eslocal/Main.java"
    main_java.write_text(main_java.read_text() + "\n// touched by a test\n")
    second = es_local.ensure_built(module)
    assert second != first
    assert (second / "es-local.jar").is_file()


def test_build_failure_names_the_module(tmp_path: Path) -> None:
    module = tmp_path / "broken"
    (module / "src/main/java").mkdir(parents=True)
    (module / "src/main/java/Broken.java").write_text("class Broken { nope }\n")
    shutil.copy2(es_local.es_local_dir() / "pom.xml", module / "pom.xml")
    with pytest.raises(EsLocalError, match=r"mvn package. failed in .*broken"):
        es_local.ensure_built(module)


# --- the `vnmon es` commands -------------------------------------------------------------------


def test_cli_status_exits_1_when_nothing_runs(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        vnmon, ["es", "status", "--port", str(free_port()), "--data", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "not running" in result.output


def test_cli_status_shows_a_running_node(own_node: OwnNode) -> None:
    result = CliRunner().invoke(vnmon, ["es", "status", "--data", str(own_node.data_dir)])
    assert result.exit_code == 0, result.output
    assert own_node.url in result.output
    assert "Elasticsearch 9." in result.output


def test_cli_start_reports_a_taken_port_in_one_line(tmp_path: Path, listening_port: int) -> None:
    result = CliRunner().invoke(
        vnmon, ["es", "start", "--port", str(listening_port), "--data", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: port {listening_port} on 127.0.0.1 is already in use by another process; "
        "choose another --port"
    ]


def test_best_compression_codec_works(es_client: Elasticsearch) -> None:
    """ES's zstd codec needs native zstd, which the launcher links from the system."""
    name = "test-codec-best-compression"
    es_client.options(ignore_status=404).indices.delete(index=name)
    es_client.indices.create(
        index=name, settings={"index.codec": "best_compression", "number_of_replicas": 0}
    )
    try:
        es_client.index(index=name, id="1", document={"title": "Đà Nẵng"}, refresh=True)
        es_client.indices.flush(index=name)
        assert es_client.get(index=name, id="1")["_source"] == {"title": "Đà Nẵng"}
    finally:
        es_client.indices.delete(index=name)
