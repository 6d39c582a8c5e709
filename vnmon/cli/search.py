"""`vnmon search`: search the articles from the terminal (table or JSON)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from vnmon.cli.common import reports_errors

if TYPE_CHECKING:
    from indexer.search import SearchParams


@click.command("search")
@click.argument("query", default="")
@click.option("--lang", "langs", multiple=True, help="Language code (repeatable or comma-separated).")
@click.option("--source", "sources", multiple=True, help="Source id (repeatable or comma-separated).")
@click.option("--country", "countries", multiple=True, help="Outlet country, ISO alpha-2 (repeatable).")
@click.option("--place", "places", multiple=True, help="Place id or name, any script (repeatable): hue, Huế.")
@click.option("--topic", "topics", multiple=True, help="Topic id from config/topics.yaml (repeatable).")
@click.option("--from", "date_from", help="Published on or after: YYYY-MM-DD or YYYY-MM-DDTHH:MM.")
@click.option("--to", "date_to", help="Published on or before: YYYY-MM-DD (whole day) or a datetime.")
@click.option("--min-relevance", type=float, help="Minimum Vietnam relevance score.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--size", type=int, default=20, show_default=True, help="Hits per page (at most 100).")
@click.option("--all-copies", is_flag=True, help="Every syndicated copy instead of one line per story.")
@click.option("--no-expand", is_flag=True, help="Do not expand Vietnam terms to their other spellings.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json", "csv", "xlsx", "jsonl"]),
    default="table",
    show_default=True,
    help="table/json: one page; csv/xlsx/jsonl: every matching article (the weekly export's columns).",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the csv/xlsx/jsonl export to this file (default: standard output).",
)
@click.option("--cursor", help="Continue after a previous page (its `next_cursor`).")
@reports_errors
def search(
    query: str,
    langs: tuple[str, ...],
    sources: tuple[str, ...],
    countries: tuple[str, ...],
    places: tuple[str, ...],
    topics: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    min_relevance: float | None,
    sort: str,
    size: int,
    all_copies: bool,
    no_expand: bool,
    output: str,
    out_file: str | None,
    cursor: str | None,
) -> None:
    """Search the archived articles; one line per story (syndicated copies grouped).

    \b
    QUERY syntax:
      rice exports            both words (anywhere in the article)
      "rice exports"          the exact phrase
      rice OR coffee          either word (AND binds tighter: a b OR c = (a b) OR c)
      rice -war, rice NOT war without the word
      (rice OR coffee) Hanoi  parentheses group
      export*                 words starting with "export"
      title:rice              in the title only
      source:globe lang:ru,uk country:FR   only these outlets, languages, countries
      place:Huế topic:trade   articles tagged with a place (id or name, any script) or topic

    \b
    Vietnam terms (Vietnam, Hanoi, Ho Chi Minh City, To Lam ...) also match their
    spellings in every language (Вьетнам, В'єтнаму, 越南 ...); --no-expand turns that off.
    Operators are upper case; "and", "or", "not" in lower case are searched as words.

    \b
    --format csv|xlsx|jsonl exports every matching article (every copy of a story, in
    the search's order, not one page) with the columns of `vnmon export weekly`:
      vnmon search "rice exports" --lang ru,uk --format xlsx --out rice.xlsx
    """
    from indexer.search import make_params

    params = make_params(
        q=query,
        langs=[v for value in langs for v in value.split(",")],
        sources=[v for value in sources for v in value.split(",")],
        countries=[v for value in countries for v in value.split(",")],
        places=[v for value in places for v in value.split(",")],
        topics=[v for value in topics for v in value.split(",")],
        date_from=date_from or None,
        date_to=date_to or None,
        min_relevance=min_relevance,
        sort=sort,
        size=size,
        all_copies=all_copies,
        expand=not no_expand,
        cursor=cursor,
    )
    if output in ("csv", "xlsx", "jsonl"):
        _export(params, output, out_file, cursor)
        return
    if out_file:
        raise click.UsageError("--out is for --format csv, xlsx or jsonl")
    if output == "json":
        from indexer.search.terminal import search_as_text

        click.echo(search_as_text(params, "json"))
        return
    from vnmon.cli.reading import search_output

    click.echo(search_output(params))


def _export(params: SearchParams, fmt: str, out_file: str | None, cursor: str | None) -> None:
    """Stream the export of every matching article to `out_file` or standard output."""
    import sys

    from vnmon.exports.search import export_search

    if cursor:
        raise click.UsageError("--cursor pages a table; an export always holds every matching article")
    if out_file is None and fmt == "xlsx" and sys.stdout.isatty():
        raise click.UsageError("an XLSX file is binary: give --out FILE (or redirect the output)")
    if out_file is None:
        written = export_search(params, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        with open(out_file, "wb") as out:
            written = export_search(params, fmt, out)
    click.echo(f"{written} articles exported" + (f" to {out_file}" if out_file else ""), err=True)
