"""The delivery log (`<prefix>-alert-deliveries`): which article went to which target of which search."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import BulkIndexError, bulk

from indexer.alerts.errors import AlertError
from indexer.alerts.store import deliveries_index


def delivery_id(saved_id: str, target: str, article_id: str) -> str:
    """One log document per (saved search, target, article): recording twice changes nothing."""
    return hashlib.sha256(f"{saved_id}\n{target}\n{article_id}".encode()).hexdigest()


@dataclass
class Delivered:
    """What the log says was already sent to each target, for a batch of candidate articles."""

    articles: dict[str, set[str]] = field(default_factory=dict)  # target -> article ids
    clusters: dict[str, set[str]] = field(default_factory=dict)  # target -> cluster ids

    def has(self, target: str, article_id: str, cluster_id: str | None, by_cluster: bool) -> bool:
        if article_id in self.articles.get(target, set()):
            return True
        return by_cluster and cluster_id is not None and cluster_id in self.clusters.get(target, set())


def delivered(
    client: Elasticsearch,
    saved_id: str,
    targets: Sequence[str],
    article_ids: Sequence[str],
    cluster_ids: Iterable[str] = (),
    prefix: str | None = None,
) -> Delivered:
    """Which of `article_ids` (or of their stories, `cluster_ids`) the log has for each target."""
    found = Delivered()
    clusters = sorted(set(cluster_ids))
    should: list[dict[str, Any]] = [{"terms": {"article_id": list(article_ids)}}] if article_ids else []
    if clusters:
        should.append({"terms": {"cluster_id": clusters}})
    if not targets or not should:
        return found
    query = {
        "bool": {
            "filter": [{"term": {"saved_search": saved_id}}, {"terms": {"target": list(targets)}}],
            "should": should,
            "minimum_should_match": 1,
        }
    }
    # PIT-free paging by _id order: a batch is at most a few hundred articles times the targets.
    search_after: list[Any] | None = None
    while True:
        page = client.search(
            index=deliveries_index(prefix),
            query=query,
            size=2000,
            sort=[{"delivered_at": "asc"}, {"article_id": "asc"}, {"target": "asc"}],
            source_includes=["target", "article_id", "cluster_id"],
            search_after=search_after,
        )["hits"]["hits"]
        for hit in page:
            doc = hit["_source"]
            found.articles.setdefault(doc["target"], set()).add(doc["article_id"])
            if doc.get("cluster_id"):
                found.clusters.setdefault(doc["target"], set()).add(doc["cluster_id"])
        if len(page) < 2000:
            return found
        search_after = page[-1]["sort"]


def record_deliveries(
    client: Elasticsearch,
    saved_id: str,
    target: str,
    articles: Sequence[tuple[str, str | None]],
    prefix: str | None = None,
) -> None:
    """Log `(article id, cluster id)` pairs as delivered to `target` (visible to the next check at once)."""
    now = datetime.now(UTC).isoformat()
    actions = (
        {
            "_index": deliveries_index(prefix),
            "_id": delivery_id(saved_id, target, article_id),
            "_source": {
                "saved_search": saved_id,
                "target": target,
                "article_id": article_id,
                "cluster_id": cluster_id,
                "delivered_at": now,
            },
        }
        for article_id, cluster_id in articles
    )
    try:
        bulk(client, actions, refresh=True)
    except BulkIndexError as exc:
        raise AlertError(
            f"{len(exc.errors)} deliveries to {target} could not be logged in {deliveries_index(prefix)}: "
            f"{exc.errors[0]}"
        ) from exc
