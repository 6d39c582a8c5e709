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

from crawler.downloadermiddlewares.blocked import REASON as BLOCKED
from crawler.pipelines import Dropped
from vnmon.kernel.settings import get_settings

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
        "entry_points": {},  # URL -> last HTTP status or error kind (source health reads it)
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
        if request.meta.get("entry_point"):
            tally["entry_points"][request.url] = str(response.status)
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
        """Called by the spider's errback: timeouts, DNS, refused connections, robots denials,
        blocked outlets (a dropped reason)."""
        tally = self.per_source[self._source(request)]
        if kind == BLOCKED:  # the operator's choice, not a failure of the source
            tally["dropped"][kind] += 1
            return
        if request.meta.get("entry_point"):
            tally["entry_points"][request.url] = kind
        if kind == "robots":
            tally["robots_denied"] += 1
        else:
            tally["errors"] += 1
            tally["http_errors"][kind] += 1

    def summary(self, reason: str) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        return {
            **self._run_identity(),
            "started": self.started.isoformat(),
            "finished": datetime.now(UTC).isoformat(),
            "finish_reason": reason,
            "sources": json.loads(json.dumps(self.per_source)),
            "indexed": stats.get("vnmon/indexed", 0),
            "spooled": stats.get("vnmon/spooled", 0),
            "spool_waiting": stats.get("vnmon/spool_waiting", 0),
            "quarantined": stats.get("vnmon/quarantined", 0),
            "pages_per_second": _rate(stats.get("response_received_count", 0), self.started),
            "workers": stats.get("vnmon/workers", 0),
            "worker_restarts": stats.get("vnmon/worker_restarts", 0),
            "workers_given_up": stats.get("vnmon/workers_given_up", False),
        }

    def _run_identity(self) -> dict[str, Any]:
        """Which run this is: the scheduler passes VNMON_RUN_* settings; Scrapyd passes `_job`."""
        settings, spider = self.crawler.settings, self.crawler.spider
        stamp = self.started.strftime("%Y%m%dT%H%M%S%fZ")
        name = spider.name if spider is not None else "crawl"
        job = getattr(spider, "_job", None)
        return {
            "run_id": settings.get("VNMON_RUN_ID") or f"crawl-{stamp}-{name}",
            "trigger": settings.get("VNMON_RUN_TRIGGER") or (f"scrapyd:{job}" if job else "manual"),
            "spider": name,
            "selected": [s.id for s in getattr(spider, "selected", [])],
            "log_file": settings.get("VNMON_RUN_LOG") or settings.get("LOG_FILE"),
        }

    def spider_closed(self, spider: Spider, reason: str) -> None:
        from crawler.runs import record_summary

        self.runs_dir.mkdir(parents=True, exist_ok=True)
        stamp = self.started.strftime("%Y%m%dT%H%M%S%fZ")
        self.summary_path = self.runs_dir / f"crawl-{stamp}-{spider.name}.json"
        summary = self.summary(reason)
        self.summary_path.write_text(json.dumps(summary, indent=2), encoding="utf-8")
        log.info("crawl summary written to %s", self.summary_path)
        record_summary(summary, self.summary_path)  # the run history (`vnmon runs`)


def _rate(count: int, started: datetime) -> float:
    seconds = (datetime.now(UTC) - started).total_seconds()
    return round(count / seconds, 2) if seconds > 0 else 0.0
