"""Adds a discovery's `found_via`, tone and locations to articles that are already indexed.

An article found by a feed and then by GDELT stays one document: the crawler does not fetch it
again, the document gains `gdelt-gkg` in `found_via` and GDELT's tone and locations. The
document is rewritten whole from its stored source (a scripted partial update would drop the
per-language copies, which `_source` does not keep).
"""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias
from indexer.mapping import article_document
from vnmon.kernel.article import Article


def add_discovery(client: Elasticsearch, found: dict[str, dict[str, Any]]) -> int:
    """`found` maps article URLs (or canonical URLs) to `{"via", "tone", "locations"}`; returns how
    many documents changed."""
    if not found:
        return 0
    alias = articles_alias()
    urls = list(found)
    response = client.search(
        index=alias,
        size=len(urls) * 2,
        query={"bool": {"should": [{"terms": {"url": urls}}, {"terms": {"canonical_url": urls}}]}},
    )
    operations: list[dict[str, Any]] = []
    for hit in response["hits"]["hits"]:
        article = Article.from_document(hit["_id"], hit["_source"])
        meta = found.get(article.url) or found.get(article.canonical_url) or {}
        via = str(meta.get("via") or "")
        changed = False
        if via and via not in article.found_via:
            article.found_via = [*article.found_via, via]
            changed = True
        if meta.get("tone") is not None and article.gdelt_tone is None:
            article.gdelt_tone = float(meta["tone"])
            changed = True
        if meta.get("locations") and not article.gdelt_locations:
            article.gdelt_locations = [str(x) for x in meta["locations"]]
            changed = True
        if changed:
            operations += [{"index": {"_index": alias, "_id": article.id}}, article_document(article)]
    if operations:
        client.bulk(operations=operations, refresh=False)
    return len(operations) // 2
