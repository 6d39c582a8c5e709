"""Writes every fetched article response, raw, to the WARC archive before anything else runs."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.archive import WarcArchive
from crawler.items import PageItem
from crawler.pipelines import Dropped
from vnmon.kernel.settings import get_settings

log = logging.getLogger(__name__)


class ArchivePipeline:
    """First stage: the archive is the re-parse path, so it holds pages we later drop as well;
    each response gets a metadata record with the outcome (the article, or the drop reason)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.directory = get_settings().data_dir / "warc"
        self.gzip_level = crawler.settings.getint("VNMON_WARC_GZIP_LEVEL", 6)
        self.archive: WarcArchive | None = None
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.archive = WarcArchive(self.directory, gzip_level=self.gzip_level)

    def close_spider(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def process_item(self, item: PageItem) -> PageItem:
        assert self.archive is not None
        record = self.archive.write_exchange(
            url=item.url,
            status=item.status,
            reason=item.reason,
            headers=item.headers,
            body=item.body,
            fetched_at=item.fetched_at,
            request_headers=item.request_headers or None,
        )
        item.warc, item.warc_record_id = record.ref, record.record_id
        return item

    def _metadata(self, item: PageItem, outcome: dict[str, Any]) -> None:
        if self.archive is None or item.warc_record_id is None:
            return
        payload = {"source": item.source, "via": item.via, **outcome}
        if item.feed_date is not None:
            payload["feed_date"] = item.feed_date.isoformat()
        self.archive.write_metadata(item.url, item.warc_record_id, payload)

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, PageItem) and item.article is not None:
            self._metadata(item, {"article": item.article.model_dump(mode="json")})

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        if isinstance(item, PageItem):
            reason = exception.reason if isinstance(exception, Dropped) else "error"
            self._metadata(item, {"dropped": reason, "detail": str(exception)})
