"""The web app's one door to the read side (`indexer.search`): search, article, a story's copies."""

from __future__ import annotations

from dataclasses import dataclass

from elasticsearch import Elasticsearch

from indexer.search import ArticleNotFoundError, SearchParams, SearchResult, get_article, search
from vnmon.kernel.article import Article


@dataclass(frozen=True)
class Copy:
    """One outlet's copy of a syndicated story."""

    id: str
    source: str
    source_name: str
    url: str


def run_search(client: Elasticsearch, alias: str, params: SearchParams) -> SearchResult:
    """One page of results with facets (raises `SearchQueryError` / `SearchError`)."""
    return search(client, params, alias=alias)


def fetch_article(client: Elasticsearch, alias: str, article_id: str) -> Article | None:
    """The article with id `article_id`, or None when there is none (`SearchError` if ES fails)."""
    try:
        return get_article(client, article_id, alias=alias)
    except ArticleNotFoundError:
        return None


def cluster_copies(client: Elasticsearch, alias: str, cluster_id: str, limit: int = 50) -> list[Copy]:
    """Every outlet's copy of the story `cluster_id`, earliest first."""
    response = client.search(
        index=alias,
        query={"term": {"cluster_id": cluster_id}},
        size=limit,
        source_includes=["source", "source_name", "url"],
        sort=[{"published_at": {"order": "asc", "missing": "_last"}}],
    ).body
    return [
        Copy(
            hit["_id"],
            hit["_source"].get("source", ""),
            hit["_source"].get("source_name", ""),
            hit["_source"].get("url", ""),
        )
        for hit in response["hits"]["hits"]
    ]
