"""Gives each article its id (SHA-256 of the canonical URL) and its syndication cluster."""

from __future__ import annotations

import logging

from elasticsearch import Elasticsearch, TransportError
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from crawler.dedup import (
    SIMHASH_MAX_DISTANCE,
    ClusterIndex,
    canonical_for,
    document_id,
    simhash,
    simhash_band_probes,
    simhash_bands,
)
from crawler.dedup.indexed import find_cluster
from crawler.items import PageItem, filled
from crawler.pipelines import Dropped
from crawler.workers import WorkerPool, pool_for
from indexer.client import build_client
from indexer.lifecycle import articles_alias

log = logging.getLogger(__name__)


class DedupPipeline:
    """The same article reached twice in a crawl is dropped as `duplicate` (the index holds it
    once either way); wire copies on other outlets keep their own document and share a
    `cluster_id` with the first copy seen — here in this crawl, or earlier in the index."""

    def __init__(self, crawler: Crawler, client: Elasticsearch, index: str, workers: WorkerPool) -> None:
        self.crawler = crawler
        self.client = client
        self.index = index
        self.workers = workers
        self.seen: set[str] = set()
        self.clusters = ClusterIndex()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler, build_client(), articles_alias(), pool_for(crawler))

    async def process_item(self, item: PageItem) -> PageItem:
        extracted = filled(item.extracted, "extracted")
        item.canonical_url = canonical_for(item.url, extracted.canonical_url)
        item.doc_id = document_id(item.canonical_url)
        if item.doc_id in self.seen:
            raise Dropped("duplicate", f"{item.url} is {item.canonical_url}")
        self.seen.add(item.doc_id)
        signature = await self.workers.run(simhash, extracted.body)
        item.simhash = signature
        item.simhash_bands = simhash_bands(signature)
        item.cluster_id = await self._cluster(item.doc_id, signature)
        return item

    async def _cluster(self, doc_id: str, signature: int) -> str:
        nearest = self.clusters.nearest(signature)
        if nearest is not None:
            return self.clusters.add(doc_id, signature, nearest.cluster_id)
        # The index look-up is a network round trip: a thread waits for it, not the reactor.
        known = await maybe_deferred_to_future(deferToThread(self._indexed_cluster, doc_id, signature))
        # Another copy of the same story may have joined this crawl's clusters meanwhile.
        nearest = self.clusters.nearest(signature)
        if nearest is not None:
            return self.clusters.add(doc_id, signature, nearest.cluster_id)
        return self.clusters.add(doc_id, signature, known or doc_id)

    def _indexed_cluster(self, doc_id: str, signature: int) -> str | None:
        probes = simhash_band_probes(signature)
        try:
            return find_cluster(self.client, self.index, doc_id, signature, probes, SIMHASH_MAX_DISTANCE)
        except TransportError as exc:
            log.debug("cluster lookup skipped, Elasticsearch unavailable: %s", exc)
            return None
