"""`vnmon sources`: list and validate the sources file."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.errors import SourcesError
from crawler.sources import load_sources, render_sources, resolve_sources_path, validate_sources_file


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
