"""`vnmon compare`: up to five queries side by side (volume over time and by country or language)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from vnmon.cli.common import reports_errors

if TYPE_CHECKING:
    from indexer.search.compare import Comparison


@click.command()
@click.argument("queries", nargs=-1, required=True)
@click.option("--by", type=click.Choice(["country", "language"]), default="country", show_default=True)
@click.option("--interval", type=click.Choice(["day", "week", "month"]), default="month", show_default=True)
@click.option("--lang", "langs", multiple=True, help="Language code (repeatable or comma-separated).")
@click.option("--source", "sources", multiple=True, help="Source id (repeatable or comma-separated).")
@click.option("--country", "countries", multiple=True, help="Outlet country, ISO alpha-2 (repeatable).")
@click.option("--from", "date_from", help="Published on or after: YYYY-MM-DD.")
@click.option("--to", "date_to", help="Published on or before: YYYY-MM-DD (whole day).")
@click.option(
    "--all-copies",
    is_flag=True,
    help="Count every syndicated copy (default: one per story, as the search page does).",
)
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@reports_errors
def compare(
    queries: tuple[str, ...],
    by: str,
    interval: str,
    langs: tuple[str, ...],
    sources: tuple[str, ...],
    countries: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    all_copies: bool,
    output: str,
) -> None:
    """Compare 1 to 5 QUERIES: articles per period (and their share of all coverage), and per
    country or language (--by), under the same filters. The copies of a syndicated story count
    once unless --all-copies; GDELT's mean tone is shown where GDELT scored the articles.

    \b
      vnmon compare "rice" "coffee" "pepper" --by language --interval week --from 2026-01-01
    """
    from indexer.client import connect
    from indexer.search import make_params
    from indexer.search.compare import compare as run_compare

    filters = make_params(
        langs=[v for value in langs for v in value.split(",")],
        sources=[v for value in sources for v in value.split(",")],
        countries=[v for value in countries for v in value.split(",")],
        date_from=date_from or None,
        date_to=date_to or None,
        all_copies=all_copies,
    )
    result = run_compare(connect(), queries, by=by, interval=interval, filters=filters)  # type: ignore[arg-type]
    if output == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(comparison_table(result))


COUNTING = {
    "stories": "Counting stories: the copies of a syndicated story count once (--all-copies counts each).",
    "articles": "Counting articles: every syndicated copy counts.",
}


def comparison_table(result: Comparison) -> str:
    """Periods then countries/languages as rows, one `count (share%)` column per query, all coverage
    last; then GDELT's tone per period where any query has some."""
    names = [f"Q{i}" for i in range(1, len(result.series) + 1)]
    unit = result.counting
    lines = [COUNTING[unit]]
    for name, s in zip(names, result.series, strict=True):
        tone = f"; GDELT tone {s.tone.describe()}" if s.tone else ""
        lines.append(f"{name}: {s.query}  ({s.total} {unit}, {s.share:.1%} of {result.coverage.total}{tone})")
    header = [result.interval, *names, "all"]
    rows = [[p.key for p in result.coverage.over_time]]
    rows += [[f"{p.count} ({p.share:.1%})" for p in s.over_time] for s in result.series]
    rows.append([str(p.count) for p in result.coverage.over_time])
    lines += ["", *_table(header, rows)]
    keys = sorted({p.key for s in result.series for p in s.breakdown})
    found = [{p.key: p for p in s.breakdown} for s in result.series]
    everything = {p.key: p.count for p in result.coverage.breakdown}
    columns = [keys]
    columns += [
        [f"{mine[k].count} ({mine[k].share:.1%})" if k in mine else "0" for k in keys] for mine in found
    ]
    columns.append([str(everything.get(k, "?")) for k in keys])
    lines += ["", *_table([result.by, *names, "all"], columns)]
    if any(p.tone for s in result.series for p in s.over_time):
        tones = [[p.key for p in result.coverage.over_time]]
        tones += [[p.tone.describe() if p.tone else "" for p in s.over_time] for s in result.series]
        lines += ["", "GDELT tone (mean, -100 to +100) where GDELT scored articles:"]
        lines += _table([result.interval, *names], tones)
    return "\n".join(lines)


def _table(header: list[str], columns: list[list[str]]) -> list[str]:
    """Left-aligned first column, right-aligned others, given column by column."""
    widths = [max([len(h), *(len(c) for c in column)]) for h, column in zip(header, columns, strict=True)]
    rows = [header, *[list(row) for row in zip(*columns, strict=True)]]
    return [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
