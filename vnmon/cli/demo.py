"""`vnmon demo`: the offline main job, end to end, on this machine."""

from __future__ import annotations

import click

from vnmon.cli.common import reports_errors


@click.command("demo")
@reports_errors
def demo() -> None:
    """Start the local node, serve the local news world, crawl it, and show what was collected."""
    from vnmon.demo.run import run_demo

    run_demo(say=click.echo)
