"""`vnmon sources`: list and validate the sources file, check entry points, show source health."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.errors import SourcesError
from crawler.sources import load_sources, render_sources, resolve_sources_path, validate_sources_file
from vnmon.cli.common import reports_errors


@click.group("sources")
def sources() -> None:
    """Inspect the outlets vnmon crawls (config/sources.yaml)."""


@sources.command("list")
@click.option(
    "--sources",
    "sources_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Sources file (default: $VNMON_SOURCES, else config/sources.yaml).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
def list_sources(sources_path: Path | None, fmt: str) -> None:
    """List every source: id, name, country, language, entry points, verified."""
    try:
        click.echo(render_sources(load_sources(resolve_sources_path(sources_path)), fmt))
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from None


@sources.command("validate")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def validate(path: Path | None) -> None:
    """Check a sources file (default: $VNMON_SOURCES, else config/sources.yaml)."""
    try:
        click.echo(validate_sources_file(resolve_sources_path(path)))
    except SourcesError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise SystemExit(1) from None


@sources.command("health")
@click.option(
    "--sources",
    "sources_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Sources file (default: $VNMON_SOURCES, else config/sources.yaml).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--record",
    is_flag=True,
    help="Also record each state and alert (VNMON_ALERT_EMAILS / VNMON_ALERT_WEBHOOK) on every source "
    "that has just turned broken, as the scheduler does after its crawls.",
)
@click.option("--no-alert", is_flag=True, hidden=True, help="Kept for old scripts: now the default.")
@reports_errors
def health(sources_path: Path | None, fmt: str, record: bool, no_alert: bool) -> None:
    """Each source's health over its recent runs: healthy, degraded or broken, and why.

    Read-only: it shows, and changes nothing. `--record` records the states and alerts once on
    each source that has just turned broken (the scheduler daemon does this after every crawl).
    Staleness counts from the newest article's publication date.
    """
    from elasticsearch import ApiError, TransportError

    from crawler.runs import describe_unavailable
    from vnmon.operations.health import check_health, render_health, source_health
    from vnmon.scheduling.control import configured_sources

    configured = configured_sources(sources_path)
    try:
        results = check_health(configured) if record and not no_alert else source_health(configured)
    except (TransportError, ApiError) as exc:
        raise describe_unavailable(exc) from None
    click.echo(render_health(results, fmt))


@sources.command("check")
@click.argument("source_ids", nargs=-1)
@click.option(
    "--sources",
    "sources_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Sources file (default: $VNMON_SOURCES, else config/sources.yaml).",
)
@click.option("--timeout", type=float, default=15.0, show_default=True, help="Seconds per request.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def check(source_ids: tuple[str, ...], sources_path: Path | None, timeout: float, fmt: str) -> None:
    """Fetch the feeds, sitemaps and sections of SOURCE_IDS (default all) once; report what is there.

    Exits 1 when an entry point fails (HTTP error, nothing listed, robots.txt forbids it).
    """
    from crawler.sources import select_sources
    from vnmon.operations.check import check_sources, render_checks

    try:
        selected = select_sources(load_sources(resolve_sources_path(sources_path)), source_ids)
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from None
    results = check_sources(selected, timeout)
    click.echo(render_checks(results, fmt))
    if not all(r.ok for r in results):
        raise SystemExit(1)
