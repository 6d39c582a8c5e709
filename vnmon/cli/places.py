"""`vnmon places`: stories per province or city of Vietnam (the 34 current units) for a search."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from vnmon.cli.common import reports_errors

if TYPE_CHECKING:
    from indexer.search.provinces import ProvinceCounts

BAR_WIDTH = 40


@click.command()
@click.argument("query", default="")
@click.option("--lang", "langs", multiple=True, help="Language code (repeatable or comma-separated).")
@click.option("--source", "sources", multiple=True, help="Source id (repeatable or comma-separated).")
@click.option("--country", "countries", multiple=True, help="Outlet country, ISO alpha-2 (repeatable).")
@click.option("--topic", "topics", multiple=True, help="Topic id or label (config/topics.yaml).")
@click.option("--from", "date_from", help="Published on or after: YYYY-MM-DD.")
@click.option("--to", "date_to", help="Published on or before: YYYY-MM-DD (whole day).")
@click.option("--all-copies", is_flag=True, help="Count every syndicated copy instead of one per story.")
@click.option("--all-units", is_flag=True, help="List the units no story names too (at 0).")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@reports_errors
def places(
    query: str,
    langs: tuple[str, ...],
    sources: tuple[str, ...],
    countries: tuple[str, ...],
    topics: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    all_copies: bool,
    all_units: bool,
    output: str,
) -> None:
    """Stories matching QUERY (search syntax; empty: everything) per current province or
    centrally-run city of Vietnam, most first. A former province counts for the unit it is now
    part of (Thừa Thiên Huế for Huế), a place for the unit it lies in (Hội An for Đà Nẵng).

    \b
      vnmon places
      vnmon places "du lịch" --lang ru,uk --from 2026-01-01 --format json
    """
    from indexer.client import connect
    from indexer.search import make_params
    from indexer.search.provinces import count_by_province

    params = make_params(
        q=query,
        langs=_split(langs),
        sources=_split(sources),
        countries=_split(countries),
        topics=_split(topics),
        date_from=date_from or None,
        date_to=date_to or None,
        all_copies=all_copies,
    )
    counts = count_by_province(connect(), params)
    if output == "json":
        answer = counts.to_json()
        for unit in answer["units"]:
            unit["label"] = _label(unit["place"])
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        click.echo(province_table(counts, all_units))


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _label(place: str) -> str:
    from indexer.search.vocabulary import place_label

    return place_label(place, "vi")


def province_table(counts: ProvinceCounts, all_units: bool = False) -> str:
    """One line per unit: name, count and a bar; the totals first."""
    what = "articles" if counts.all_copies else "stories"
    lines = [f"{counts.placed} of {counts.total} {what} name a province or city"]
    shown = [u for u in counts.units if u.count or all_units]
    if not shown:
        return lines[0]
    top = max(u.count for u in shown) or 1
    names = [_label(u.place) for u in shown]
    width = max(len(name) for name in names)
    digits = len(str(top))
    lines.append("")
    for unit, name in zip(shown, names, strict=True):
        bar = "#" * round(BAR_WIDTH * unit.count / top)
        lines.append(f"{name.ljust(width)}  {str(unit.count).rjust(digits)}  {bar}".rstrip())
    return "\n".join(lines)
