"""`vnmon archive`: work with the WARC archive of raw pages."""

from __future__ import annotations

import click

from vnmon.cli.common import reports_errors


@click.group("archive")
def archive() -> None:
    """The WARC archive of every fetched article page."""


@archive.command("reindex")
@reports_errors
def reindex_cmd() -> None:
    """Rebuild the articles index from the archive alone (new index, alias flipped at the end)."""
    from crawler.reindex import reindex_from_archive
    from indexer.client import connect
    from vnmon.kernel.settings import get_settings

    settings = get_settings()
    client = connect()

    def progress(pages: int, articles: int) -> None:
        click.echo(f"  {pages} pages read, {articles} articles so far", err=True)

    result = reindex_from_archive(client, settings.data_dir / "warc", settings.data_dir / "spool", progress)
    click.echo(
        f"rebuilt {result.index} from {result.pages} archived pages: {result.articles} articles "
        f"({result.skipped} pages were not articles about Vietnam or were older copies)"
        + (f"; replaced {result.replaced}" if result.replaced else "")
    )
