"""Rebuilds the articles index from the WARC archive alone, then flips the alias to it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from elasticsearch import Elasticsearch

from indexer.lifecycle import create_index, flip_alias
from indexer.store import ArticleStore
from vnmon.kernel.article import Article
from vnmon.kernel.warc import iter_archive

log = logging.getLogger(__name__)


@dataclass
class ReindexResult:
    """What a rebuild did: the new index, the one it replaced, and the counts."""

    index: str
    replaced: str | None
    pages: int
    articles: int
    skipped: int


def reindex_from_archive(
    client: Elasticsearch,
    warc_dir: Path,
    spool_dir: Path,
    progress: Callable[[int, int], None] | None = None,
) -> ReindexResult:
    """Bulk-load every archived article (the metadata record written at crawl time) into a new
    versioned index; the alias moves only once all of them are in, so searches never see a
    half-built index. Pages that were dropped at crawl time stay out."""
    index = create_index(client)
    store = ArticleStore(
        client, index, spool_dir / "reindex", quarantine_file=spool_dir.parent / "quarantine.jsonl"
    )
    pages = articles = 0
    latest: dict[str, Article] = {}
    for page in iter_archive(warc_dir):
        pages += 1
        article = (page.metadata or {}).get("article")
        if article:
            parsed = Article.model_validate(article)
            latest[parsed.id] = parsed  # a later fetch of the same article wins
        if progress and pages % 500 == 0:
            progress(pages, len(latest))
    for article in latest.values():
        store.add(article)
        articles += 1
    store.flush()
    if store.totals.spooled:
        raise RuntimeError(
            f"{store.totals.spooled} documents could not be written to {index}; alias not moved"
        )
    client.indices.refresh(index=index)
    replaced = flip_alias(client, index)
    if replaced is not None:
        client.indices.delete(index=replaced)
    return ReindexResult(index, replaced, pages, articles, pages - articles)
