"""The `vnmon` command: one entry point for operators, analysts and reporters.

Each sub-command lives in its own module and only parses options, then calls one
library function. Heavy imports (scrapy, twisted) happen inside the commands that need them.
"""

from __future__ import annotations

import importlib

import click

# (module, attribute) of every sub-command; a module that is not there yet is skipped.
_COMMANDS: list[tuple[str, str]] = [
    ("indexer.cli.es", "es"),
    ("indexer.cli.index", "index"),
    ("indexer.cli.export", "export"),
    ("indexer.cli.users", "users"),
    ("indexer.cli.serve", "serve"),
    ("indexer.cli.search", "search"),
    ("indexer.cli.alerts", "alerts"),
    ("crawler.cli.sources", "sources"),
    ("crawler.cli.crawl", "crawl"),
    ("crawler.cli.extract", "extract"),
    ("crawler.cli.langid", "langid"),
    ("crawler.cli.archive", "archive"),
    ("crawler.cli.demo", "demo"),
    ("crawler.cli.schedule", "schedule"),
    ("crawler.cli.scheduler", "scheduler"),
    ("crawler.cli.runs", "runs"),
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vnmon")
def main() -> None:
    """vnmon: crawl, archive and search foreign press coverage of Vietnam."""


def _register() -> None:
    for module_name, attr in _COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        main.add_command(getattr(module, attr))


_register()
