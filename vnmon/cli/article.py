"""`vnmon article ID`: one article in the terminal (metadata, matched terms, prominence, text)."""

from __future__ import annotations

import click

from vnmon.cli.common import reports_errors


@click.command("article")
@click.argument("article_id")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def article(article_id: str, output: str) -> None:
    """Show the article ARTICLE_ID (the id `vnmon search` prints under each result): its outlet,
    dates, relevance, matched terms, whether Vietnam is in its headline, lead or only in
    passing, the passage naming Vietnam, and its text."""
    from vnmon.cli.reading import article_output

    click.echo(article_output(article_id, as_json=output == "json"))
