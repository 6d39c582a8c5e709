"""Counts, per source, what a crawl fetched, indexed, dropped (by reason) and failed on, and writes
the summary to `VNMON_DATA_DIR/runs/` when the crawl ends."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.pipelines import Dropped
from indexer.settings import get_settings

log = logging.getLogger(__name__)


def _empty() -> dict[str, Any]:
    return {
        "fetched": 0,
        "articles": 0,
        "dropped": defaultdict(int),
        "http_errors": defaultdict(int),
        "errors": 0,
        "robots_denied": 0,
        "seen_urls": 0,
    }


class CrawlSummary:
    """A per-source tally kept from Scrapy signals; `summary_path` names the JSON written at the end."""

    def __init__(self, crawler: Crawler, runs_dir: Path) -> None:
        self.crawler = crawler
        self.runs_dir = runs_dir
        self.started = datetime.now(UTC)
        self.per_source: dict[str, dict[str, Any]] = defaultdict(_empty)
        self.summary_path: Path | None = None
        connect = crawler.signals.connect
        connect(self.response_received, signal=signals.response_received)
        connect(self.item_scraped, signal=signals.item_scraped)
        connect(self.item_dropped, signal=signals.item_dropped)
        connect(self.item_error, signal=signals.item_error)
        connect(self.spider_error, signal=signals.spider_error)
        connect(self.request_dropped, signal=signals.request_dropped)
        connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        return cls(crawler, get_settings().data_dir / "runs")

    @staticmethod
    def _source(request: Request | None) -> str:
        return str(request.meta.get("source", "?")) if request is not None else "?"

    def response_received(self, response: Response, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt"):
            return  # robots.txt itself
        tally = self.per_source[self._source(request)]
        tally["fetched"] += 1
        if response.status >= 400:
            tally["http_errors"][str(response.status)] += 1

    def item_scraped(self, item: Any) -> None:
        self.per_source[getattr(item, "source", "?")]["articles"] += 1

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        reason = exception.reason if isinstance(exception, Dropped) else "other"
        self.per_source[getattr(item, "source", "?")]["dropped"][reason] += 1

    def item_error(self, item: Any, failure: Failure) -> None:
        log.error("pipeline error on %s: %s", getattr(item, "url", item), failure.getErrorMessage())
        self.per_source[getattr(item, "source", "?")]["errors"] += 1

    def spider_error(self, failure: Failure, response: Response) -> None:
        self.per_source[self._source(response.request)]["errors"] += 1

    def request_dropped(self, request: Request) -> None:
        # The scheduler refused a URL already requested in this crawl (feed + sitemap, say).
        self.per_source[self._source(request)]["seen_urls"] += 1

    def record_download_error(self, request: Request, kind: str) -> None:
        """Called by the spider's errback: timeouts, DNS, refused connections, robots denials."""
        tally = self.per_source[self._source(request)]
        if kind == "robots":
            tally["robots_denied"] += 1
        else:
            tally["errors"] += 1
            tally["http_errors"][kind] += 1

    def summary(self, reason: str) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        return {
            "started": self.started.isoformat(),
            "finished": datetime.now(UTC).isoformat(),
            "finish_reason": reason,
            "sources": json.loads(json.dumps(self.per_source)),
            "indexed": stats.get("vnmon/indexed", 0),
            "spooled": stats.get("vnmon/spooled", 0),
            "spool_waiting": stats.get("vnmon/spool_waiting", 0),
            "quarantined": stats.get("vnmon/quarantined", 0),
            "pages_per_second": _rate(stats.get("response_received_count", 0), self.started),
        }

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        stamp = self.started.strftime("%Y%m%dT%H%M%S%fZ")
        self.summary_path = self.runs_dir / f"crawl-{stamp}-{spider.name}.json"
        self.summary_path.write_text(json.dumps(self.summary(reason), indent=2), encoding="utf-8")
        log.info("crawl summary written to %s", self.summary_path)


def _rate(count: int, started: datetime) -> float:
    seconds = (datetime.now(UTC) - started).total_seconds()
    return round(count / seconds, 2) if seconds > 0 else 0.0
