"""`vnmon serve`: the search web UI and JSON API."""

from __future__ import annotations

import click

from vnmon.cli.common import reports_errors


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@reports_errors
def serve(host: str, port: int) -> None:
    """Serve the web UI and API. Refuses a non-loopback HOST until a user exists (`vnmon users add`);
    on loopback with no users, this machine's browser acts as admin (local mode)."""
    from vnmon.web.server import serve as run

    run(host=host, port=port, say=click.echo)
