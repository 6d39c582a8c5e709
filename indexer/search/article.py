"""The article view: one stored article with its metadata, full text and archive reference."""

from __future__ import annotations

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError

from indexer.article import Article
from indexer.lifecycle import articles_alias
from indexer.search.errors import ArticleNotFoundError, SearchError


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
