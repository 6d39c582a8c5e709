"""The article view: one stored article (metadata, full text, archive reference) and its story's copies."""

from __future__ import annotations

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError

from indexer.lifecycle import articles_alias
from indexer.search.errors import ArticleNotFoundError, SearchError
from indexer.search.results import Outlet
from vnmon.kernel.article import Article


def get_article(client: Elasticsearch, article_id: str, *, alias: str | None = None) -> Article:
    """The article `article_id` (metadata, full text, `warc` reference to its raw page).

    Raises `ArticleNotFoundError` when there is none, `SearchError` when the cluster fails.
    """
    alias = alias or articles_alias()
    try:
        found = client.get(index=alias, id=article_id)
    except NotFoundError as exc:
        raise ArticleNotFoundError(f"no article with id {article_id!r} in {alias}") from exc
    except (ApiError, TransportError) as exc:
        raise SearchError(f"cannot read article {article_id!r} from {alias}: {exc}") from exc
    return Article.from_document(found["_id"], found["_source"])


def story_copies(
    client: Elasticsearch, cluster_id: str, *, alias: str | None = None, limit: int = 50
) -> list[Outlet]:
    """Every outlet's copy of the story `cluster_id`, earliest first (at most `limit`)."""
    alias = alias or articles_alias()
    try:
        answer = client.search(
            index=alias,
            query={"term": {"cluster_id": cluster_id}},
            size=limit,
            source_includes=["source", "source_name", "url", "published_at"],
            sort=[{"published_at": {"order": "asc", "missing": "_last"}}, {"canonical_url": "asc"}],
        )
    except (ApiError, TransportError) as exc:
        raise SearchError(f"cannot list the copies of story {cluster_id!r} in {alias}: {exc}") from exc
    return [
        Outlet(
            id=hit["_id"],
            source=hit["_source"].get("source", ""),
            source_name=hit["_source"].get("source_name", ""),
            url=hit["_source"].get("url", ""),
            published_at=hit["_source"].get("published_at"),
        )
        for hit in answer["hits"]["hits"]
    ]
