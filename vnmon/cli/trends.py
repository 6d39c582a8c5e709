"""`vnmon trends`: what is new — the words and phrases of the last days that stand out."""

from __future__ import annotations

import json

import click

from vnmon.cli.common import reports_errors


def _split(values: tuple[str, ...]) -> list[str]:
    return [v for value in values for v in value.split(",")]


@click.command("trends")
@click.option("--days", type=int, default=7, show_default=True, help="The period: the last DAYS days.")
@click.option("--weeks", type=int, default=8, show_default=True, help="Compared with the WEEKS weeks before.")
@click.option("-q", "--query", default="", help="Only articles matching this query (search syntax).")
@click.option(
    "--lang",
    "langs",
    multiple=True,
    help="Only these languages (ISO 639-1, repeatable or comma-separated); default: the period's top ones.",
)
@click.option("--source", "sources", multiple=True, help="Source id (repeatable or comma-separated).")
@click.option("--country", "countries", multiple=True, help="Outlet country, ISO alpha-2 (repeatable).")
@click.option("--place", "places", multiple=True, help="Place id or name, e.g. hue or Huế (repeatable).")
@click.option("--topic", "topics", multiple=True, help="Topic id, e.g. disasters (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def trends(days: int, weeks: int, query: str, fmt: str, **chosen: tuple[str, ...]) -> None:
    """What is new: per language, the words and 2-3 word phrases of articles published in the
    last DAYS days that stand out against the WEEKS weeks before, each with example articles.
    The query and filters narrow both periods (what is new about Huế, in disaster coverage…).

    \b
      vnmon trends --topic disasters --country US
      vnmon trends -q "East Sea" --lang en --days 14
    """
    from indexer.client import connect
    from indexer.lifecycle import articles_alias
    from indexer.search import make_params
    from indexer.search.trends import render_text
    from indexer.search.trends import trends as find_trends

    # langs, sources, countries, places, topics: each repeatable or comma-separated.
    filters = make_params(q=query, **{name: _split(values) for name, values in chosen.items()})
    found = find_trends(connect(), articles_alias(), days=days, weeks=weeks, filters=filters)
    click.echo(
        json.dumps(found.to_json(), ensure_ascii=False, indent=2) if fmt == "json" else render_text(found)
    )
