"""`vnmon crawl`: crawl the configured sources once and print a summary per source."""

from __future__ import annotations

import json

import click

from vnmon.cli.common import reports_errors


@click.command("crawl")
@click.option("--sources", "sources_path", type=click.Path(), help="Sources file (else VNMON_SOURCES).")
@click.option("--source", "source_ids", multiple=True, help="Source id to crawl (repeatable; default all).")
@click.option(
    "--spider",
    type=click.Choice(["news", "feeds", "sitemaps", "sections"]),
    default="news",
    show_default=True,
    help="Which entry points to walk.",
)
@click.option("-s", "--set", "overrides", multiple=True, help="Scrapy setting NAME=VALUE (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@reports_errors
def crawl(
    sources_path: str | None,
    source_ids: tuple[str, ...],
    spider: str,
    overrides: tuple[str, ...],
    as_json: bool,
) -> None:
    """Crawl the selected sources: fetch, extract, tag, archive and index their articles."""
    from crawler.crawl import format_summary, run_crawl

    settings = dict(_parse_setting(o) for o in overrides)
    summary = run_crawl(sources_path, list(source_ids), spider, settings)
    click.echo(json.dumps(summary, indent=2) if as_json else format_summary(summary))
    if summary["finish_reason"] != "finished":
        raise SystemExit(2)


def _parse_setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"{text!r}: expected NAME=VALUE", param_hint="--set")
    return name.strip(), value
