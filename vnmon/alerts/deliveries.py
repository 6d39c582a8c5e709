"""The delivery log (`<prefix>-alert-deliveries`): which article (and story) went to which target of
which search.

Every entry has a deterministic id, so checking the log is a real-time multi-get (no refresh lag
can let a run miss what the previous one sent) and recording an entry twice changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from elasticsearch import Elasticsearch
from elasticsearch.helpers import BulkIndexError, bulk

from vnmon.alerts.errors import AlertError
from vnmon.alerts.store import deliveries_index

_MGET_BATCH = 5000


def delivery_id(saved_id: str, target: str, article_id: str) -> str:
    """The entry of one article sent to one target of one saved search."""
    return hashlib.sha256(f"{saved_id}\n{target}\n{article_id}".encode()).hexdigest()


def story_id(saved_id: str, target: str, cluster_id: str) -> str:
    """The entry of one story (syndicated copies share a cluster id) sent to one target."""
    return hashlib.sha256(f"{saved_id}\n{target}\ncluster:{cluster_id}".encode()).hexdigest()


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
    """Which of `article_ids` (and of the stories `cluster_ids`) the log has for each target."""
    wanted: dict[str, tuple[str, str, str]] = {}  # entry id -> (kind, target, article or cluster id)
    for target in targets:
        for article_id in article_ids:
            wanted[delivery_id(saved_id, target, article_id)] = ("article", target, article_id)
        for cluster_id in set(cluster_ids):
            wanted[story_id(saved_id, target, cluster_id)] = ("story", target, cluster_id)
    found = Delivered()
    ids = list(wanted)
    for start in range(0, len(ids), _MGET_BATCH):
        answer = client.mget(
            index=deliveries_index(prefix), ids=ids[start : start + _MGET_BATCH], source=False
        )
        for doc in answer["docs"]:
            if not doc.get("found"):
                continue
            kind, target, key = wanted[doc["_id"]]
            into = found.articles if kind == "article" else found.clusters
            into.setdefault(target, set()).add(key)
    return found


def record_deliveries(
    client: Elasticsearch,
    saved_id: str,
    target: str,
    articles: Sequence[tuple[str, str | None]],
    prefix: str | None = None,
) -> None:
    """Log `(article id, cluster id)` pairs as delivered to `target`: each article and its story."""
    now = datetime.now(UTC).isoformat()
    index = deliveries_index(prefix)

    def entry(doc_id: str, article_id: str, cluster_id: str | None, kind: str) -> dict[str, object]:
        source = {
            "saved_search": saved_id,
            "target": target,
            "kind": kind,
            "article_id": article_id,
            "cluster_id": cluster_id,
            "delivered_at": now,
        }
        return {"_index": index, "_id": doc_id, "_source": source}

    actions = [entry(delivery_id(saved_id, target, a), a, c, "article") for a, c in articles]
    actions += [entry(story_id(saved_id, target, c), a, c, "story") for a, c in articles if c]
    try:
        bulk(client, actions)
    except BulkIndexError as exc:
        raise AlertError(
            f"{len(exc.errors)} deliveries to {target} could not be logged in {index}: {exc.errors[0]}"
        ) from exc
