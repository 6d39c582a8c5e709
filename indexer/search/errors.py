"""Errors of the read side: a query that cannot be run, an article that is not there."""

from __future__ import annotations

from vnmon.kernel.errors import VnmonError


class SearchError(VnmonError):
    """A search cannot be run (the message says why and what to change)."""


class SearchQueryError(SearchError, ValueError):
    """The query text, a filter or a cursor is malformed or too large (the message names the
    problem and, for query text, its position counting from 1)."""


class ArticleNotFoundError(SearchError):
    """No article with the requested id under the articles alias."""
