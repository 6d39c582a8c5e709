"""Several Elasticsearch hosts: VNMON_ES_URL's checks, the client's failover, and the errors of
`vnmon es start --nodes` (what can be checked without forming a cluster; test_node_loss.py forms one)."""

from __future__ import annotations

import json
import re
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from indexer.client import build_client, connect, fail_fast
from tests.es_fixture import free_port
from vnmon.cli import main as vnmon
from vnmon.es_local import cluster
from vnmon.es_local import node as es_local
from vnmon.kernel.errors import EsLocalError, EsUnavailableError
from vnmon.kernel.settings import Settings

# --- VNMON_ES_URL ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("es1:9200", "VNMON_ES_URL 'es1:9200' is not an http(s) URL"),
        ("http://es1:9200,es2:9200", "entry 2 'es2:9200' is not an http(s) URL"),
        ("http://es1:9200,,http://es3:9200", "entry 2 is empty"),
        ("http://es1", "'http://es1' needs a port"),
        ("http://es1:99999", "'http://es1:99999' is not a URL"),
        ("ftp://es1:21", "'ftp://es1:21' is not an http(s) URL"),
        (" , ", "VNMON_ES_URL is empty"),
    ],
)
def test_a_bad_es_url_is_named(monkeypatch: pytest.MonkeyPatch, value: str, message: str) -> None:
    monkeypatch.setenv("VNMON_ES_URL", value)
    with pytest.raises(ValidationError, match=re.escape(message)):
        Settings()


def test_a_bad_es_url_never_shows_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VNMON_ES_URL", "http://127.0.0.1:9200,http://elastic:s3cret@es2")
    with pytest.raises(ValidationError) as err:
        Settings()
    assert "'http://es2' needs a port" in str(err.value)
    assert "s3cret" not in str(err.value)


def test_several_hosts_are_kept_in_order_without_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VNMON_ES_URL", " http://es1:9200 ,https://es2:9243/es ")
    assert Settings().es_url == "http://es1:9200,https://es2:9243/es"


# --- failing over ------------------------------------------------------------------------------


def test_a_dead_first_host_is_skipped(es_url: str, dead_es_url: str) -> None:
    settings = Settings(es_url=f"{dead_es_url},{es_url}")
    client = connect(settings)
    assert client.info()["version"]["number"].startswith("9.")
    assert client.cluster.health()["status"] in ("green", "yellow")
    # Quick requests too try each host once: none is lost to the dead one.
    quick = fail_fast(build_client(settings))
    assert all(quick.ping() for _ in range(4))


def test_no_host_answering_names_every_url(dead_es_url: str) -> None:
    other = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(EsUnavailableError) as err:
        connect(Settings(es_url=f"{dead_es_url},http://elastic:pw@{other.removeprefix('http://')}"))
    assert f"{dead_es_url},{other} does not answer" in str(err.value)
    assert "pw@" not in str(err.value)


# --- `vnmon es start --nodes` without forming a cluster ----------------------------------------


@pytest.fixture
def listening_port() -> Iterator[int]:
    """A port some other program listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((es_local.HOST, 0))
        sock.listen(1)
        yield int(sock.getsockname()[1])


def _recorded(root: Path, http_ports: list[int]) -> cluster.Layout:
    """A cluster layout recorded in `root`, as a first `start` leaves it."""
    layout = cluster.plan(root, http_ports, [p + cluster.TRANSPORT_OFFSET for p in http_ports])
    members = [{**m.__dict__, "data_dir": str(m.data_dir)} for m in layout.members]
    (root / cluster.CLUSTER_FILE).write_text(json.dumps({"name": layout.name, "members": members}))
    return layout


def test_a_taken_port_names_the_member(tmp_path: Path, listening_port: int) -> None:
    ports = [free_port(), listening_port, free_port()]
    taken = f"port {listening_port} on 127.0.0.1 (node-2) is already in use"
    with pytest.raises(EsLocalError, match=re.escape(taken)):
        cluster.start(tmp_path, ports, [free_port() for _ in ports])
    assert cluster.member_pid(cluster.Member("node-1", ports[0], 0, tmp_path / "node-1")) is None


def test_another_layout_in_the_same_directory_is_refused(tmp_path: Path) -> None:
    _recorded(tmp_path, [19601, 19602, 19603])
    result = CliRunner().invoke(
        vnmon, ["es", "start", "--nodes", "2", "--port", "19700", "--data", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "already holds a 3-node cluster (node-1 on 19601/19701" in result.output


def test_a_single_node_is_not_started_over_a_cluster(tmp_path: Path) -> None:
    _recorded(tmp_path, [19601, 19602, 19603])
    result = CliRunner().invoke(vnmon, ["es", "start", "--nodes", "1", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "holds a local cluster" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--nodes", "10"], "10 is not in the range 1<=x<=9"),
        (["--nodes", "3", "--port", "65534"], "ports 65534 to 65536 do not all exist"),
        (["--nodes", "2", "--port", "9200", "--transport-port", "9201"], "port 9201 is given twice"),
        (["--nodes", "3", "--heap", "lots"], "heap 'lots' is not a JVM size"),
    ],
)
def test_bad_cluster_options_are_named(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(vnmon, ["es", "start", *args, "--data", str(tmp_path)])
    assert result.exit_code != 0
    assert message in result.output


def test_status_and_stop_of_a_cluster_that_is_down(tmp_path: Path) -> None:
    layout = _recorded(tmp_path, [free_port(), free_port(), free_port()])
    runner = CliRunner()
    status = runner.invoke(vnmon, ["es", "status", "--data", str(tmp_path)])
    assert status.exit_code == 1
    assert "not running: no member of the local cluster answers" in status.output
    for member in layout.members:
        assert f"{member.name}  {member.url}  transport {member.transport_port}  down" in status.output
    assert f"VNMON_ES_URL={layout.urls}" in status.output
    assert runner.invoke(vnmon, ["es", "stop", "--data", str(tmp_path)]).output == "not running\n"


def test_launcher_wants_a_transport_port_with_seed_hosts(tmp_path: Path) -> None:
    java = es_local.find_java()
    done = subprocess.run(
        [str(java), "-cp", f"{es_local.ensure_built()}/*", es_local.MAIN_CLASS,
         "--port", str(free_port()), "--data", str(tmp_path), "--seed-hosts", "127.0.0.1:19300"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--seed-hosts needs --transport-port" in done.stderr
