"""`vnmon es`: start, check and stop the local Elasticsearch: one node, or a cluster on loopback."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vnmon.cli.common import reports_errors

if TYPE_CHECKING:
    from vnmon.es_local.cluster import ClusterStatus

_DATA_HELP = "Data directory of the node (default: $VNMON_DATA_DIR/es)."


@click.group("es")
def es() -> None:
    """Run a real local Elasticsearch node or cluster (Java 21+, built from Maven Central with Maven)."""


@es.command("start")
@click.option("--port", default=9200, show_default=True, type=click.IntRange(1, 65535))
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), help=_DATA_HELP)
@click.option(
    "--nodes",
    type=click.IntRange(1, 9),
    help="Run a cluster of N nodes on loopback, HTTP on --port, --port+1, … "
    "(default: the cluster recorded in --data, else one node).",
)
@click.option(
    "--transport-port",
    type=click.IntRange(1, 65535),
    help="First transport port of a cluster's nodes (default: --port + 100).",
)
@click.option("--heap", help="JVM heap of each node, e.g. 512m or 2g (default: 1g, 512m in a cluster).")
@click.option("--timeout", default=120.0, show_default=True, help="Seconds to wait for health.")
@reports_errors
def start_cmd(
    port: int,
    data_dir: Path | None,
    nodes: int | None,
    transport_port: int | None,
    heap: str | None,
    timeout: float,
) -> None:
    """Start the node (or cluster) in the background (harmless when it already runs)."""
    from vnmon.es_local import cluster
    from vnmon.es_local import node as es_local

    began = time.monotonic()
    if nodes is None and cluster.is_cluster(data_dir):
        cluster.start(data_dir, heap=heap or "512m", timeout=timeout)
    elif nodes is not None and nodes > 1:
        ports = cluster.contiguous(port, nodes)
        transports = cluster.contiguous(transport_port or port + cluster.TRANSPORT_OFFSET, nodes)
        cluster.start(data_dir, ports, transports, heap=heap or "512m", timeout=timeout)
    else:
        url = es_local.start(port=port, data_dir=data_dir, heap=heap or "1g", timeout=timeout)
        state = es_local.status(port=port, data_dir=data_dir)
        version = state.version if state else "unknown"
        click.echo(f"{url}  Elasticsearch {version}  up in {time.monotonic() - began:.1f} s")
        return
    elapsed = time.monotonic() - began
    _echo_cluster(cluster.status(data_dir))
    click.echo(f"up in {elapsed:.1f} s")


def _echo_cluster(state: ClusterStatus | None) -> bool:
    """Print the cluster's health and members; False when no member answers."""
    if state is None:
        return False
    size = len(state.members)
    health = f"{state.health}, {state.nodes}/{size} nodes" if state.health else "not answering"
    click.echo(f"cluster {state.layout.name}  Elasticsearch {state.version}  {health}")
    for member_state in state.members:
        member = member_state.member
        running = f"pid {member_state.pid}" if member_state.pid else "down"
        click.echo(
            f"  {member.name}  {member.url}  transport {member.transport_port}  "
            f"{running}  data {member.data_dir}"
        )
    click.echo(f"VNMON_ES_URL={state.layout.urls}")
    return state.health is not None


@es.command("build")
@reports_errors
def build_cmd() -> None:
    """Build the launcher and fetch the Elasticsearch jars now (start does it on first use)."""
    from vnmon.es_local import node as es_local

    began = time.monotonic()
    jars = es_local.ensure_built()
    click.echo(f"built {jars} in {time.monotonic() - began:.1f} s")


@es.command("status")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default: the recorded one, else 9200).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), help=_DATA_HELP)
@reports_errors
def status_cmd(port: int | None, data_dir: Path | None) -> None:
    """Print the node's (or each cluster member's) URL, version and health; exit 1 when it is not up."""
    from vnmon.es_local import cluster
    from vnmon.es_local import node as es_local

    if cluster.is_cluster(data_dir):
        if not _echo_cluster(cluster.status(data_dir)):
            click.echo("not running: no member of the local cluster answers", err=True)
            raise SystemExit(1)
        return
    state = es_local.status(port=port, data_dir=data_dir)
    if state is None:
        where = f"port {port}" if port else "the recorded port or 9200"
        click.echo(f"not running: no Elasticsearch answers on {where}", err=True)
        raise SystemExit(1)
    owner = f"pid {state.pid}, data {state.data_dir}" if state.pid else "not started by vnmon"
    click.echo(f"{state.url}  Elasticsearch {state.version}  {state.cluster_status}  ({owner})")


@es.command("stop")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), help=_DATA_HELP)
@reports_errors
def stop_cmd(data_dir: Path | None) -> None:
    """Stop the node or every member of the cluster (indices stay in the data directory)."""
    from vnmon.es_local import cluster
    from vnmon.es_local import node as es_local

    stopped = cluster.stop(data_dir) if cluster.is_cluster(data_dir) else es_local.stop(data_dir=data_dir)
    click.echo("stopped" if stopped else "not running")
