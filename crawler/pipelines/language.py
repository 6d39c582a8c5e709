"""Tags the extracted text with its language (langdetect, seeded), the source's language as a prior."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.items import PageItem, filled
from crawler.language import detect_language
from crawler.workers import WorkerPool, pool_for


class LanguagePipeline:
    """Fills `PageItem.language`; the page's declared language is kept beside it, not trusted over it."""

    def __init__(self, crawler: Crawler, workers: WorkerPool) -> None:
        self.crawler = crawler
        self.workers = workers

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LanguagePipeline:
        return cls(crawler, pool_for(crawler))

    async def process_item(self, item: PageItem) -> PageItem:
        extracted = filled(item.extracted, "extracted")
        source = self.crawler.spider.sources_by_id[item.source]  # type: ignore[union-attr]
        item.language = await self.workers.run(
            detect_language,
            extracted.title,
            extracted.lead,
            extracted.body,
            source.language,
            extracted.declared_language,
        )
        return item
