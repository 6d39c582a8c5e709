"""Keeps each site's delay at or above its robots.txt Crawl-delay, its source's own delay, and a
back-off after 429/503 answers — AutoThrottle may tune the delay, never below these floors."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from protego import Protego
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

log = logging.getLogger(__name__)


def _retry_after(response: Response, default: float) -> float:
    value = response.headers.get(b"Retry-After")
    if value:
        try:
            return min(max(float(value.decode()), 0.0), 600.0)
        except ValueError:
            pass
    return default


class PolitenessMiddleware:
    """Per-site delay floors from the sources file, robots.txt Crawl-delay and 429/503 back-off."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.user_agent = crawler.settings.get("USER_AGENT", "")
        self.backoff = crawler.settings.getfloat("VNMON_BACKOFF_SECONDS", 30.0)
        self.floors: dict[str, float] = {}
        self.backoff_until: dict[str, float] = {}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PolitenessMiddleware:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        """Sources may ask for their own delay (`crawl_delay` in the sources file)."""
        for source in getattr(spider, "selected", []):
            if source.crawl_delay:
                for url in [*source.feeds, *source.sitemaps, *source.sections]:
                    host = urlsplit(str(url)).hostname
                    if host:
                        self.set_floor(host, source.crawl_delay)

    def set_floor(self, host: str, delay: float) -> None:
        """Raise the minimum delay between requests to `host` (never lowers it)."""
        self.floors[host] = max(self.floors.get(host, 0.0), delay)

    def _slot_key(self, request: Request) -> str:
        return str(request.meta.get("download_slot") or urlparse_cached(request).hostname or "")

    def process_request(self, request: Request) -> None:
        key = self._slot_key(request)
        floor = self.floors.get(key, 0.0)
        if time.monotonic() < self.backoff_until.get(key, 0.0):
            floor = max(floor, self.backoff)
        if floor > 0:
            # AutoThrottle would otherwise lower the delay again after each quick response.
            request.meta["autothrottle_dont_adjust_delay"] = True
        engine = self.crawler.engine
        slot = engine.downloader.slots.get(key) if engine else None
        if slot is not None and floor > 0:
            # A floor is a minimum gap: no random jitter below it.
            slot.delay = max(slot.delay, floor)
            slot.jitter = 0.0

    def process_response(self, request: Request, response: Response) -> Response:
        key = self._slot_key(request)
        if urlparse_cached(request).path == "/robots.txt" and response.status == 200:
            delay = Protego.parse(response.body.decode("utf-8", "ignore")).crawl_delay(self.user_agent)
            if delay:
                log.info("robots.txt of %s asks for Crawl-delay %s s", key, delay)
                self.set_floor(key, float(delay))
        elif response.status in (429, 503):
            pause = _retry_after(response, self.backoff)
            log.warning("%s answered %d: backing off %.0f s", key, response.status, pause)
            self.backoff_until[key] = time.monotonic() + pause
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value(f"vnmon/backoff/{response.status}")
        return response
