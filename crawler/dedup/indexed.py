"""Finds the syndication cluster of a new article among already indexed ones, by simhash bands."""

from __future__ import annotations

from elasticsearch import Elasticsearch, NotFoundError


def find_cluster(
    client: Elasticsearch,
    index: str,
    doc_id: str,
    simhash: int,
    bands: list[str],
    max_distance: int,
) -> str | None:
    """The `cluster_id` of the closest indexed near-duplicate of this article, if any.

    Candidates share at least one simhash band (an exact keyword match the cluster can serve
    without scripts); the Hamming distance is checked here.
    """
    if not bands:
        return None
    try:
        response = client.search(
            index=index,
            size=20,
            query={
                "bool": {
                    "filter": [{"terms": {"simhash_bands": bands}}],
                    "must_not": [{"ids": {"values": [doc_id]}}],
                }
            },
            source_includes=["simhash", "cluster_id"],
            sort=[{"fetched_at": "asc"}],
        )
    except NotFoundError:
        return None
    best: tuple[int, str] | None = None
    for hit in response["hits"]["hits"]:
        other = hit["_source"].get("simhash")
        if not other:
            continue
        distance = (int(other, 16) ^ simhash).bit_count()
        cluster = hit["_source"].get("cluster_id") or hit["_id"]
        if distance <= max_distance and (best is None or distance < best[0]):
            best = (distance, cluster)
    return best[1] if best else None
