"""Builds the `Article` and bulk-indexes it; spools to disk when Elasticsearch is away."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from elasticsearch import ApiError, TransportError
from scrapy.crawler import Crawler

from crawler.dedup.urls import registered_domain
from crawler.items import PageItem, filled
from indexer.client import build_client
from indexer.lifecycle import articles_alias, setup
from indexer.outlets import OutletTally, record_tallies
from indexer.store import ArticleStore, BulkOutcome
from vnmon.kernel.article import Article
from vnmon.kernel.settings import get_settings

log = logging.getLogger(__name__)


def build_article(item: PageItem, source: Any) -> Article:
    """The indexed document from a page that passed every stage."""
    ex = filled(item.extracted, "extracted")
    language = filled(item.language, "language")
    relevance = filled(item.relevance, "relevance")
    tags = filled(item.tags, "tags")
    assert item.doc_id and item.canonical_url
    return Article(
        id=item.doc_id,
        url=item.url,
        canonical_url=item.canonical_url,
        source=source.id,
        source_name=source.name,
        country=source.country,
        title=ex.title or "",
        body=ex.body,
        lead=ex.lead or "",
        authors=ex.authors,
        language=language.code,
        language_confidence=language.confidence,
        declared_language=ex.declared_language,
        published_at=ex.published or item.feed_date,
        modified_at=ex.modified,
        date_source=ex.date_source if ex.published else ("feed" if item.feed_date else None),
        fetched_at=item.fetched_at,
        section=ex.section,
        tags=ex.tags,
        relevance=relevance.score,
        matched_terms=relevance.matched_terms,
        cluster_id=item.cluster_id,
        simhash=f"{item.simhash:016x}" if item.simhash is not None else None,
        simhash_bands=item.simhash_bands,
        extraction_method=ex.method,
        warc=item.warc,
        found_via=[item.via],
        gdelt_tone=(item.discovery or {}).get("tone"),
        gdelt_locations=(item.discovery or {}).get("locations") or [],
        **tags.fields(),
    )


class IndexPipeline:
    """Last stage. On open it replays the spool left by an earlier crawl; on close it flushes.
    Counts go to the stats as vnmon/indexed, vnmon/spooled and vnmon/quarantined."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = get_settings()
        self.store = ArticleStore(
            build_client(),
            articles_alias(),
            settings.data_dir / "spool",
            batch_size=settings.bulk_size,
        )
        self.outlets: dict[str, OutletTally] = {}  # registrable domain -> this crawl's articles

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IndexPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        try:
            setup(self.store.client)
        except TransportError as exc:
            log.warning("Elasticsearch unavailable at start (%s): articles will be spooled", exc)
            return
        self._count(self.store.replay())

    def process_item(self, item: PageItem) -> PageItem:
        source = self.crawler.spider.sources_by_id[item.source]  # type: ignore[union-attr]
        item.article = build_article(item, source)
        outcome = self.store.add(item.article)
        if outcome is not None:
            self._count(outcome)
        self._tally(item.article, source)
        return item

    def _tally(self, article: Article, source: Any) -> None:
        domain = registered_domain(article.url)
        tally = self.outlets.get(domain)
        if tally is None:
            promoted = "discovered" not in source.tags
            parts = urlsplit(article.url)
            homepage = f"{parts.scheme}://{parts.netloc}/"
            tally = self.outlets[domain] = OutletTally(source.name, source.country, promoted, homepage)
        tally.articles += 1
        tally.languages.add(article.language)
        tally.found_via.update(article.found_via)
        tally.sources.add(source.id)
        tally.last_seen = article.fetched_at

    def close_spider(self) -> None:
        self._count(self.store.flush())
        try:
            record_tallies(self.store.client, self.outlets)
        except (TransportError, ApiError) as exc:
            log.warning("outlets registry not updated (%d outlets): %s", len(self.outlets), exc)
        if self.store.spool.files():
            self._count(self.store.replay())
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("vnmon/spool_waiting", self.store.spool.size())

    def _count(self, outcome: BulkOutcome) -> None:
        stats = self.crawler.stats
        if stats is None:
            return
        stats.inc_value("vnmon/indexed", outcome.indexed)
        stats.inc_value("vnmon/spooled", outcome.spooled)
        stats.inc_value("vnmon/quarantined", outcome.quarantined)
        for error in outcome.errors:
            log.warning("index: %s", error)
