"""`vnmon trends`: what is new — the words of the last days that stand out against the weeks before."""

from __future__ import annotations

import json

import click

from vnmon.cli.common import reports_errors


@click.command("trends")
@click.option("--days", type=int, default=7, show_default=True, help="The period: the last DAYS days.")
@click.option("--weeks", type=int, default=8, show_default=True, help="Compared with the WEEKS weeks before.")
@click.option(
    "--lang", "language", help="Only this language (ISO 639-1); default: the period's top languages."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def trends(days: int, weeks: int, language: str | None, fmt: str) -> None:
    """What is new: per language, the words of articles published in the last DAYS days that
    stand out against the WEEKS weeks before, each with example articles."""
    from indexer.client import connect
    from indexer.lifecycle import articles_alias
    from indexer.search.trends import render_text
    from indexer.search.trends import trends as find_trends

    found = find_trends(connect(), articles_alias(), days=days, weeks=weeks, language=language)
    click.echo(
        json.dumps(found.to_json(), ensure_ascii=False, indent=2) if fmt == "json" else render_text(found)
    )
