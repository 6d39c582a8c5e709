"""`vnmon langid`: the language of each line of standard input."""

from __future__ import annotations

import sys

import click

from crawler.language.lines import detect_lines


@click.command("langid")
@click.option("--hint", default=None, help="Language the texts are expected in (ISO 639-1 prior).")
def langid(hint: str | None) -> None:
    """Print `code<TAB>confidence` for each line of stdin (`und` for empty or letterless lines)."""
    for answer in detect_lines(sys.stdin, hint=hint):
        click.echo(answer)
