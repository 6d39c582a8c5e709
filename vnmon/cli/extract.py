"""`vnmon extract`: print the article fields extracted from saved HTML files as JSON lines."""

from __future__ import annotations

import json
import sys

import click

from crawler.extraction.files import extract_files


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--url", default=None, help="Address the page was fetched from (resolves links).")
def extract(paths: tuple[str, ...], url: str | None) -> None:
    """Extract title, body, date, authors, canonical URL and language from HTML files.

    PATHS may be .html or .html.gz. One JSON object per file is printed; a file that
    cannot be read is reported on stderr and the exit status is 1 after the others.
    """
    failed = 0
    for result in extract_files(paths, url=url):
        if result.error:
            failed += 1
            click.echo(f"vnmon extract: {result.error}", err=True)
            continue
        sys.stdout.write(json.dumps(result.record, ensure_ascii=False) + "\n")
    if failed:
        raise SystemExit(1)
