"""The `vnmon` command: one entry point for operators, analysts and reporters.

Each sub-command lives in its own module and only parses options, then calls one
library function. Heavy imports (scrapy, twisted) happen inside the commands that need them.
"""

from __future__ import annotations

from typing import Any

import click

from vnmon.cli.alerts import alerts
from vnmon.cli.archive import archive
from vnmon.cli.article import article
from vnmon.cli.compare import compare
from vnmon.cli.crawl import crawl
from vnmon.cli.demo import demo
from vnmon.cli.discover import discover
from vnmon.cli.es import es
from vnmon.cli.export import export
from vnmon.cli.extract import extract
from vnmon.cli.index import index
from vnmon.cli.langid import langid
from vnmon.cli.outlets import outlets
from vnmon.cli.places import places
from vnmon.cli.runs import runs
from vnmon.cli.schedule import schedule
from vnmon.cli.scheduler import scheduler
from vnmon.cli.search import search
from vnmon.cli.serve import serve
from vnmon.cli.sources import sources
from vnmon.cli.trends import trends
from vnmon.cli.users import users
from vnmon.kernel.errors import VnmonError


class _Vnmon(click.Group):
    """The `vnmon` group: any VnmonError a command lets through (a bad VNMON_* setting read
    deep inside, say) is one `error:` line and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VnmonError as exc:
            click.echo(f"error: {exc}", err=True)
            raise SystemExit(1) from exc


@click.group(cls=_Vnmon, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vnmon")
def main() -> None:
    """vnmon: crawl, archive and search foreign press coverage of Vietnam."""


for _command in (alerts, archive, article, compare, crawl, demo, discover, es, export, extract, index, langid,
                 outlets, places, runs, schedule, scheduler, search, serve, sources, trends, users):
    main.add_command(_command)
