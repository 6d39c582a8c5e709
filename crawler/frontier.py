"""A Scrapy scheduler whose frontier lives in Redis (scrapy-redis), shared by every crawler process.

Enabled when `VNMON_REDIS_URL` is set. Processes that crawl the same spider and source set share
one request queue and one seen-URL set, so an article URL is fetched by one of them only. The
frontier belongs to a crawl: it is cleared when the last process of that crawl finishes, and kept
when they were stopped (SIGTERM, crash), so that the next processes resume it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from vnmon.kernel.settings import get_settings

log = logging.getLogger(__name__)

STALE_SECONDS = 120.0  # a worker silent for this long is taken for dead (crashed, killed)
_HEARTBEAT_SECONDS = 5.0


def frontier_key(spider: Spider) -> str:
    """`vnmon:<prefix>:<spider>:<hash of the source ids>`: one frontier per crawl of a source set."""
    selected = sorted(s.id for s in getattr(spider, "selected", []))
    digest = hashlib.sha1(",".join(selected).encode()).hexdigest()[:12]
    return f"vnmon:{get_settings().index_prefix}:{spider.name}:{digest}"


class SharedFrontier(Scheduler):
    """scrapy-redis' scheduler with per-crawl keys and a register of the live worker processes."""

    worker_id: str
    key: str

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedFrontier:
        instance: SharedFrontier = super().from_crawler(crawler)
        instance.worker_id = f"{socket.gethostname()}:{os.getpid()}:{time.time_ns()}"
        return instance

    @property
    def workers_key(self) -> str:
        return f"{self.key}:workers"

    def open(self, spider: Spider) -> Any:
        self.key = frontier_key(spider)
        self.queue_key = f"{self.key}:requests"
        self.dupefilter_key = f"{self.key}:seen"
        self.df = RFPDupeFilter(self.server, key=self.dupefilter_key)
        now = time.time()
        live = self.server.zcount(self.workers_key, now - STALE_SECONDS, "+inf")
        if not live and not self.server.exists(self.queue_key):
            # No crawl of this source set is going on, and none was left unfinished: start afresh.
            self.server.delete(self.dupefilter_key, self.workers_key)
        self.server.zadd(self.workers_key, {self.worker_id: now})
        self._last_beat = now
        log.info("shared frontier %s on %s (%d other worker(s) live)", self.key, self._where(), live)
        return super().open(spider)

    def next_request(self) -> Any:
        now = time.time()
        if now - self._last_beat > _HEARTBEAT_SECONDS:
            self.server.zadd(self.workers_key, {self.worker_id: now})
            self._last_beat = now
        return super().next_request()

    def close(self, reason: str) -> None:
        self.server.zrem(self.workers_key, self.worker_id)
        live = self.server.zcount(self.workers_key, time.time() - STALE_SECONDS, "+inf")
        if live:
            log.info("shared frontier %s: %d worker(s) still crawling", self.key, live)
        elif reason == "finished" and not len(self.queue):
            self.server.delete(self.queue_key, self.dupefilter_key, self.workers_key)
            log.info("shared frontier %s: crawl complete, frontier cleared", self.key)
        else:
            log.info("shared frontier %s kept (%s, %d requests waiting)", self.key, reason, len(self.queue))

    def _where(self) -> str:
        kwargs = self.server.connection_pool.connection_kwargs
        return f"redis {kwargs.get('host', '?')}:{kwargs.get('port', '?')}/{kwargs.get('db', 0)}"


def frontier_settings() -> dict[str, Any]:
    """The Scrapy settings that switch a crawl to the shared frontier, or {} without VNMON_REDIS_URL."""
    url = get_settings().redis_url
    if not url:
        return {}
    return {
        "SCHEDULER": "crawler.frontier.SharedFrontier",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",  # built per crawl in open()
        "REDIS_URL": url,
        "SCHEDULER_PERSIST": True,  # SharedFrontier decides when a frontier is done
    }
