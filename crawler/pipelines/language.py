"""Tags the extracted text with its language (langdetect, seeded), the source's language as a prior."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.items import Page
from crawler.language import detect_language


class LanguagePipeline:
    """Fills `Page.language`; the page's declared language is kept beside it, not trusted over it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LanguagePipeline:
        return cls(crawler)

    def process_item(self, item: Page) -> Page:
        extracted = item.extracted
        source = self.crawler.spider.sources_by_id[item.source]  # type: ignore[union-attr]
        item.language = detect_language(
            extracted.title,
            extracted.lead,
            extracted.body,
            hint=source.language,
            declared=extracted.declared_language,
        )
        return item
