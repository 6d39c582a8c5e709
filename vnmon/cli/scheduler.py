"""`vnmon scheduler`: the daemon that starts scheduled crawls and jobs until SIGTERM."""

from __future__ import annotations

import logging

import click

from vnmon.cli.common import reports_errors


@click.command("scheduler")
@click.option(
    "--sources", "sources_path", type=click.Path(dir_okay=False), help="Sources file (else VNMON_SOURCES)."
)
@click.option("--max-crawls", type=int, help="Crawls at the same time (else VNMON_SCHEDULER_MAX_CRAWLS).")
@click.option("--tick", type=float, default=1.0, show_default=True, help="Seconds between two checks.")
@click.option(
    "--stop-grace", type=float, default=120.0, show_default=True, help="Seconds crawls get to stop."
)
@click.option(
    "-s", "--set", "crawl_settings", multiple=True, help="Scrapy setting NAME=VALUE for every crawl."
)
@reports_errors
def scheduler(
    sources_path: str | None,
    max_crawls: int | None,
    tick: float,
    stop_grace: float,
    crawl_settings: tuple[str, ...],
) -> None:
    """Run the schedules: each due crawl in its own process, one crawl per source at a time.

    Stops on SIGTERM or Ctrl-C: running crawls get SIGTERM, save their state and resume next time.
    """
    from pathlib import Path

    from vnmon.scheduling.daemon import SchedulerDaemon

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("elastic_transport").setLevel(logging.WARNING)
    daemon = SchedulerDaemon(
        sources_path=Path(sources_path) if sources_path else None,
        max_crawls=max_crawls,
        tick_seconds=tick,
        crawl_settings=crawl_settings,
        stop_grace=stop_grace,
    )
    daemon.run()
