"""Decodes the page and extracts title, body, dates, authors and canonical URL."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.items import PageItem
from crawler.pipelines import Dropped
from crawler.workers import WorkerPool, extract_page, pool_for

# Fewer characters than this is a teaser, a gallery or an index page, not an article.
MIN_BODY_CHARS = 200


class ExtractionPipeline:
    """Drops pages that failed (HTTP errors) or hold no article text, with the reason."""

    def __init__(self, crawler: Crawler, workers: WorkerPool) -> None:
        self.crawler = crawler
        self.workers = workers

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPipeline:
        return cls(crawler, pool_for(crawler))

    async def process_item(self, item: PageItem) -> PageItem:
        if item.status >= 400:
            raise Dropped(f"http_{item.status}", item.url)
        item.extracted = await self.workers.run(
            extract_page, item.body, item.header("Content-Type"), item.url, item.feed_date
        )
        if item.extracted.page_type == "listing":
            raise Dropped("not_article", f"{item.url} is a listing page")
        if len(item.extracted.body) < MIN_BODY_CHARS:
            raise Dropped("no_text", f"{len(item.extracted.body)} characters at {item.url}")
        return item
