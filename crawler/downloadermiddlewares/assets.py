"""Refuses to download images, stylesheets, scripts, media and archives: a news monitor needs HTML."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.httpobj import urlparse_cached

# Feeds and sitemaps have extensions Scrapy's link-extractor list ignores (.rss, .xml.gz): keep them.
_FEED_LIKE = {".rss", ".xml", ".atom", ".rdf", ".gz"}
_SKIPPED = (
    frozenset(f".{ext}" for ext in IGNORED_EXTENSIONS) | {".js", ".css", ".svg", ".woff", ".woff2"}
) - _FEED_LIKE


class SkipAssetsMiddleware:
    """Drops requests whose path ends with a static-asset extension (counted in the stats)."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipAssetsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.meta.get("entry_point"):
            return  # a configured feed, sitemap or section URL is fetched whatever its name
        path = urlparse_cached(request).path.lower()
        dot = path.rfind(".")
        if dot > path.rfind("/") and path[dot:] in _SKIPPED:
            if self.stats is not None:
                self.stats.inc_value("vnmon/skipped/asset")
            raise IgnoreRequest(f"static asset not fetched: {request.url}")
