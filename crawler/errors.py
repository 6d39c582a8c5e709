"""The crawler's exception hierarchy: every error a user can act on derives from CrawlerError."""

from __future__ import annotations


class CrawlerError(Exception):
    """Base of the crawler's user-facing errors (the CLI prints them without a traceback)."""


class SourcesError(CrawlerError):
    """A sources file is missing or invalid, or a requested source id is unknown.

    `problems` holds one line per problem, each naming the file, the source and the field.
    """

    def __init__(self, problems: str | list[str]) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))
