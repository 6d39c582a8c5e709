"""The spider every vnmon spider is: it reads the configured sources and walks their entry points.

Spiders only navigate; everything about the article itself happens in the item pipelines.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from crawler.dedup import normalize_url
from crawler.downloadermiddlewares.addresses import AddressRefused
from crawler.items import PageItem
from crawler.navigation import Link, is_feed, parse_feed, parse_section, parse_sitemap
from crawler.sources import Source, load_sources, resolve_sources_path, select_sources

log = logging.getLogger(__name__)

_HTML_TYPES = (b"text/html", b"application/xhtml", b"text/plain")


def _truthy(value: Any) -> bool:
    return str(value).lower() in ("1", "true", "yes", "on")


class SourceSpider(Spider):
    """Crawl the entry points of `kinds` for the selected sources.

    Arguments (`-a name=value`): `source` — comma-separated source ids, or `all` (default);
    `sources` — path of the sources file (else VNMON_SOURCES, else config/sources.yaml);
    `refetch` — fetch articles that are already indexed (default no).
    """

    # No `name`: Scrapy lists only the named subclasses (crawler/spiders/news.py).
    kinds: ClassVar[tuple[str, ...]] = ("feeds", "sitemaps", "sections")

    def __init__(
        self,
        source: str = "all",
        sources: str | None = None,
        refetch: str | bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sources_path = resolve_sources_path(sources)
        configured = load_sources(self.sources_path)
        ids = [] if source in ("", "all") else [s.strip() for s in source.split(",") if s.strip()]
        self.selected: list[Source] = select_sources(configured, ids) if ids else configured
        # Pipelines look up every configured source: pages keep the id they were found under.
        self.sources_by_id: dict[str, Source] = {s.id: s for s in configured}
        self.refetch = _truthy(refetch)
        # Crawl-wide defaults for sources without their own limits (from settings in from_crawler).
        self.max_pages_default = 2000
        self.max_age_default = 30
        self.shared_frontier = False  # the Redis frontier (set in from_crawler)
        self.article_requests: Counter[str] = Counter()
        # Article URLs already requested in this crawl: a page listed by the feed, a sitemap
        # and a section is one page, and counts once against the source's max_pages.
        self._requested: set[str] = set()
        self._allow = {s.id: [re.compile(p) for p in s.allow] for s in self.selected}
        self._deny = {s.id: [re.compile(p) for p in s.deny] for s in self.selected}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_pages_default = crawler.settings.getint("VNMON_MAX_PAGES", 2000)
        spider.max_age_default = crawler.settings.getint("VNMON_ARTICLE_MAX_AGE_DAYS", 30)
        spider.refetch = spider.refetch or crawler.settings.getbool("VNMON_REFETCH")
        spider.shared_frontier = bool(crawler.settings.get("REDIS_URL"))
        return spider

    # -- entry points -------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for source in self.selected:
            for request in self.entry_requests(source):
                yield request

    def entry_requests(self, source: Source) -> Iterable[Request]:
        callbacks = {"feeds": self.parse_feed, "sitemaps": self.parse_sitemap, "sections": self.parse_section}
        for kind in self.kinds:
            for url in getattr(source, kind):
                yield Request(
                    str(url),
                    callback=callbacks[kind],
                    errback=self.on_error,
                    dont_filter=True,  # entry points are read again on every run, even a resumed one
                    priority=10,
                    meta={"source": source.id, "via": kind.rstrip("s"), "depth_page": 1, "entry_point": True},
                )

    def parse_feed(self, response: Response) -> Iterable[Request]:
        if not self._ok(response, "feed"):
            return
        if not is_feed(response.body):
            log.warning("%s: %s is not an RSS/Atom feed", response.meta["source"], response.url)
            self._stat(response, "not_a_feed")
            return
        links = parse_feed(response.body, response.url)
        yield from self.article_requests_for(response.meta["source"], "feed", links)

    def parse_sitemap(self, response: Response) -> Iterable[Request]:
        if not self._ok(response, "sitemap"):
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
        kind, links = parse_sitemap(body)
        source = self.sources_by_id[response.meta["source"]]
        if kind == "index":
            cutoff = self._cutoff(source)
            for link in links:
                if link.date is not None and link.date < cutoff:
                    continue  # a child sitemap last changed before our date limit
                yield response.follow(
                    link.url,
                    callback=self.parse_sitemap,
                    errback=self.on_error,
                    priority=10,
                    meta={"source": source.id, "via": "sitemap"},
                )
            return
        yield from self.article_requests_for(source.id, "sitemap", links)

    def parse_section(self, response: Response) -> Iterable[Request]:
        if not self._ok(response, "section"):
            return
        source = self.sources_by_id[response.meta["source"]]
        urls, next_url = parse_section(response.text, response.url)
        yield from self.article_requests_for(source.id, "section", [Link(u) for u in urls])
        page = response.meta.get("depth_page", 1)
        if next_url and page < source.section_depth:
            yield response.follow(
                next_url,
                callback=self.parse_section,
                errback=self.on_error,
                priority=10,
                meta={"source": source.id, "via": "section", "depth_page": page + 1},
            )

    # -- articles -----------------------------------------------------------------------------

    def article_requests_for(self, source_id: str, via: str, links: list[Link]) -> Iterable[Request]:
        source = self.sources_by_id[source_id]
        cutoff = self._cutoff(source)
        wanted: dict[str, Link] = {}
        for link in links:
            try:
                url = normalize_url(link.url)
            except ValueError:
                self._count(source_id, "skipped_bad_url")
                continue
            if link.date is not None and link.date < cutoff:
                self._count(source_id, "skipped_too_old")
            elif not self._allowed(source_id, url):
                self._count(source_id, "skipped_pattern")
            else:
                wanted.setdefault(url, link)
        known = set() if self.refetch else self.known_urls(list(wanted))
        limit = source.max_pages or self.max_pages_default
        for url, link in wanted.items():
            if url in self._requested:
                continue
            if url in known:
                self._count(source_id, "skipped_known")
                continue
            if self.article_requests[source_id] >= limit:
                self._count(source_id, "skipped_max_pages")
                continue
            self.article_requests[source_id] += 1
            self._requested.add(url)
            yield Request(
                url,
                callback=self.parse_article,
                errback=self.on_error,
                # A crawl killed outright (SIGKILL, out of memory) leaves its in-flight article
                # requests in the local frontier's seen-set but not in its queue: the resumed
                # crawl would never fetch them. This spider dedups articles itself (`_requested`
                # in a run, the index across runs), so only the shared frontier, which splits
                # articles among processes, still filters them.
                dont_filter=not self.shared_frontier,
                meta={"source": source_id, "via": via, "feed_date": link.date},
            )

    def parse_article(self, response: Response) -> Iterable[PageItem]:
        content_type = (response.headers.get(b"Content-Type") or b"text/html").lower()
        if response.status < 400 and not any(t in content_type for t in _HTML_TYPES):
            self._count(response.meta["source"], "skipped_not_html")
            return
        yield PageItem(
            source=response.meta["source"],
            url=normalize_url(response.url),
            status=response.status,
            reason=_reason_phrase(response.status),
            headers=[
                (k.decode("latin-1"), v.decode("latin-1"))
                for k, values in response.headers.items()
                for v in values
            ],
            body=response.body,
            fetched_at=datetime.now(UTC),
            via=response.meta.get("via", "?"),
            feed_date=response.meta.get("feed_date"),
            request_headers=[
                (k.decode("latin-1"), v.decode("latin-1"))
                for k, values in response.request.headers.items()
                for v in values
            ]
            if response.request is not None
            else [],
        )

    def known_urls(self, urls: list[str]) -> set[str]:
        """URLs already in the index (one query per entry point); empty when the index is away."""
        if not urls:
            return set()
        from elasticsearch import TransportError

        from indexer.client import build_client, fail_fast
        from indexer.lifecycle import articles_alias

        client = getattr(self, "_es", None) or build_client()
        self._es = client
        try:
            found = fail_fast(client, timeout=10).options(ignore_status=404).search(
                index=articles_alias(),
                size=len(urls) * 2,
                query={"bool": {"should": [{"terms": {"url": urls}}, {"terms": {"canonical_url": urls}}]}},
                source_includes=["url", "canonical_url"],
            )
        except TransportError:
            return set()
        hits = found.body.get("hits", {}).get("hits", []) if found.meta.status == 200 else []
        return {u for h in hits for u in (h["_source"].get("url"), h["_source"].get("canonical_url"))}

    # -- bookkeeping --------------------------------------------------------------------------

    def _cutoff(self, source: Source) -> datetime:
        return datetime.now(UTC) - timedelta(days=source.max_age_days or self.max_age_default)

    def _allowed(self, source_id: str, url: str) -> bool:
        allow, deny = self._allow.get(source_id, []), self._deny.get(source_id, [])
        if allow and not any(p.search(url) for p in allow):
            return False
        return not any(p.search(url) for p in deny)

    def _ok(self, response: Response, kind: str) -> bool:
        if response.status >= 400:
            log.error(
                "%s: %s %s answered HTTP %d", response.meta["source"], kind, response.url, response.status
            )
            self._stat(response, f"{kind}_http_{response.status}")
            return False
        return True

    def _stat(self, response: Response, key: str) -> None:
        self._count(response.meta["source"], key)

    def _count(self, source_id: str, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"vnmon/source/{source_id}/{key}")

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        source = request.meta.get("source", "?")
        summary = self._summary()
        if isinstance(failure.value, AddressRefused):
            kind = failure.value.reason  # logged by the middleware already
        elif failure.check(IgnoreRequest) and "robots.txt" in str(failure.value):
            kind = "robots"
        else:
            kind = type(failure.value).__name__
            log.warning("%s: %s failed: %s", source, request.url, failure.getErrorMessage())
        self._count(source, f"error_{kind}")
        if summary is not None:
            summary.record_download_error(request, kind)

    def _summary(self) -> Any:
        from crawler.extensions.summary import CrawlSummary

        ext = self.crawler.extensions.middlewares if self.crawler.extensions else ()
        return next((e for e in ext if isinstance(e, CrawlSummary)), None)


def _reason_phrase(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
