"""`vnmon es`: start, check and stop the local single-node Elasticsearch."""

from __future__ import annotations

import time
from pathlib import Path

import click

from vnmon.cli.common import reports_errors

_DATA_HELP = "Data directory of the node (default: $VNMON_DATA_DIR/es)."


@click.group("es")
def es() -> None:
    """Run a real local Elasticsearch node (Java 21+, built from Maven Central with Maven)."""


@es.command("start")
@click.option("--port", default=9200, show_default=True, type=click.IntRange(1, 65535))
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), help=_DATA_HELP)
@click.option("--heap", default="1g", show_default=True, help="JVM heap, e.g. 512m or 2g.")
@click.option("--timeout", default=120.0, show_default=True, help="Seconds to wait for health.")
@reports_errors
def start_cmd(port: int, data_dir: Path | None, heap: str, timeout: float) -> None:
    """Start the node in the background (harmless when it already runs)."""
    from vnmon.es_local import node as es_local

    began = time.monotonic()
    url = es_local.start(port=port, data_dir=data_dir, heap=heap, timeout=timeout)
    elapsed = time.monotonic() - began
    state = es_local.status(port=port, data_dir=data_dir)
    version = state.version if state else "unknown"
    click.echo(f"{url}  Elasticsearch {version}  up in {elapsed:.1f} s")


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
    """Print the node's URL, version and health; exit 1 when it is not up."""
    from vnmon.es_local import node as es_local

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
    """Stop the node (its indices stay in the data directory)."""
    from vnmon.es_local import node as es_local

    if es_local.stop(data_dir=data_dir):
        click.echo("stopped")
    else:
        click.echo("not running")
