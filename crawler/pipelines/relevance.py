"""Keeps foreign, recent articles about Vietnam; drops the rest with the reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scrapy.crawler import Crawler

from crawler.items import PageItem, filled
from crawler.pipelines import Dropped
from crawler.relevance import load_lexicon
from crawler.workers import WorkerPool, pool_for, relevance_of
from vnmon.kernel.settings import get_settings


class RelevancePipeline:
    """Domestic sources are excluded whatever their content; old articles beyond the source's
    `max_age_days` are dropped; the rest are scored against the multilingual lexicon."""

    def __init__(
        self,
        crawler: Crawler,
        workers: WorkerPool,
        lexicon_path: str | None,
        threshold: float,
        max_age_days: int,
    ) -> None:
        self.crawler = crawler
        self.workers = workers
        self.lexicon_path = lexicon_path
        self.threshold = threshold
        self.max_age_days = max_age_days

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePipeline:
        settings = get_settings()
        # Read here too, so a broken lexicon file stops the crawl at its start, with its error.
        load_lexicon(settings.lexicon)
        return cls(
            crawler,
            pool_for(crawler),
            str(settings.lexicon) if settings.lexicon else None,
            settings.relevance_threshold,
            crawler.settings.getint("VNMON_ARTICLE_MAX_AGE_DAYS", 30),
        )

    async def process_item(self, item: PageItem) -> PageItem:
        source = self.crawler.spider.sources_by_id[item.source]  # type: ignore[union-attr]
        if source.domestic:
            raise Dropped("domestic", f"{source.id} is a Vietnamese outlet")
        ex = filled(item.extracted, "extracted")
        published = ex.published or item.feed_date
        max_age = source.max_age_days or self.max_age_days
        if published is not None and published < datetime.now(UTC) - timedelta(days=max_age):
            raise Dropped("too_old", f"published {published:%Y-%m-%d}, max age {max_age} days")
        relevance = await self.workers.run(
            relevance_of, ex.title, ex.lead, ex.read_text, self.lexicon_path, self.threshold
        )
        item.relevance = relevance
        if not relevance.relevant:
            raise Dropped("irrelevant", f"{relevance.reason} ({item.url})")
        return item
