"""Never fetches a blocked outlet (`vnmon outlets block DOMAIN`), whichever spider asks for it.

The outlets registry is read once, when the crawl starts; a request whose host is under a blocked
registrable domain (`www.example.com` under `example.com`) is refused before anything is fetched,
not even its robots.txt, and redirects come back through here as new requests. The crawl counts
the refusals per source as the dropped reason `blocked_outlet` (crawler/extensions/summary.py) and
logs one line of what it skipped when it ends.
"""

from __future__ import annotations

import logging
from collections import Counter

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.httpobj import urlparse_cached

from crawler.downloadermiddlewares.addresses import AddressRefused

log = logging.getLogger(__name__)

REASON = "blocked_outlet"


def blocked_from_registry() -> frozenset[str]:
    """The blocked domains of the outlets registry; none (and a warning) when it cannot be read."""
    from elasticsearch import ApiError, TransportError

    from crawler.runs import quick_client
    from indexer.outlets import blocked_domains

    try:
        return frozenset(blocked_domains(quick_client()))
    except (TransportError, ApiError) as exc:
        log.warning("outlets registry unavailable, no outlet treated as blocked in this crawl: %s", exc)
        return frozenset()


def under_blocked(host: str, blocked: frozenset[str]) -> str | None:
    """The blocked domain `host` is, or is under (`news.example.com` → `example.com`), else None."""
    host = host.lower().rstrip(".")
    while host:
        if host in blocked:
            return host
        _, _, host = host.partition(".")
    return None


class BlockedOutletMiddleware:
    """Refuses requests to the outlets blocked in the registry (read once per crawl)."""

    def __init__(self, crawler: Crawler, blocked: frozenset[str]) -> None:
        self.crawler = crawler
        self.blocked = blocked
        self.skipped: Counter[str] = Counter()
        if blocked:
            log.info(
                "outlets registry: %d blocked outlet(s) not fetched in this crawl: %s",
                len(blocked),
                ", ".join(sorted(blocked)),
            )
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BlockedOutletMiddleware:
        return cls(crawler, blocked_from_registry())

    def process_request(self, request: Request) -> None:
        if not self.blocked:
            return
        domain = under_blocked(urlparse_cached(request).hostname or "", self.blocked)
        if domain is None:
            return
        self.skipped[domain] += 1
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"vnmon/{REASON}")
        log.debug(
            "%s: %s is on the blocked outlet %s: not fetched",
            request.meta.get("source", "?"),
            request.url,
            domain,
        )
        raise AddressRefused(REASON, f"{request.url}: {domain} is a blocked outlet")

    def spider_closed(self, spider: Spider) -> None:
        if self.skipped:
            log.info(
                "blocked outlets: %d request(s) not fetched (%s)",
                sum(self.skipped.values()),
                ", ".join(f"{d} {n}" for d, n in sorted(self.skipped.items())),
            )
