"""The read side: the analysts' query language, search with story grouping and facets, the article view.

The CLI (`vnmon search`), the JSON API and the web UI all call `search()` and `get_article()`.
"""

from __future__ import annotations

from indexer.search.article import get_article, story_copies
from indexer.search.compiler import to_es_query
from indexer.search.engine import search
from indexer.search.errors import ArticleNotFoundError, SearchError, SearchQueryError
from indexer.search.params import SearchParams, filter_clauses, make_params
from indexer.search.results import Bucket, Facets, Outlet, SearchHit, SearchResult
from indexer.search.syntax import parse

__all__ = [
    "ArticleNotFoundError",
    "Bucket",
    "Facets",
    "Outlet",
    "SearchError",
    "SearchHit",
    "SearchParams",
    "SearchQueryError",
    "SearchResult",
    "filter_clauses",
    "get_article",
    "make_params",
    "parse",
    "search",
    "story_copies",
    "to_es_query",
]
