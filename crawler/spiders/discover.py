"""The `discover` spider: crawls the article URLs discovery found (GDELT, news searches) like any
source's articles.

Each URL is fetched under the source whose hosts it is on when the sources file lists one, else
under a discovered outlet made from its registrable domain; either way robots.txt, politeness,
the per-source page cap, the address rules, the WARC archive and the whole pipeline apply, and
the item carries how it was found (`found_via`) with GDELT's tone and Vietnamese locations. URLs
on domestic sources are never requested, those on blocked outlets (`vnmon outlets block`) never
fetched (crawler/downloadermiddlewares/blocked.py, for every spider); URLs
already indexed are not fetched again, their documents only gain the new `found_via`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.dedup import normalize_url
from crawler.dedup.urls import registered_domain
from crawler.discovery.fips import country_of_host
from crawler.discovery.gdelt import PendingUrls
from crawler.discovery.gkg import Discovered
from crawler.items import PageItem
from crawler.navigation import Link
from crawler.sources import Source
from crawler.spiders.base import SourceSpider
from vnmon.kernel.domestic import is_domestic_outlet

log = logging.getLogger(__name__)

_SLUG = re.compile(r"[^a-z0-9]+")


def outlet_id(domain: str) -> str:
    """The source id of a discovered outlet: its registrable domain as a slug (`bbc-co-uk`)."""
    return _SLUG.sub("-", domain.lower()).strip("-") or "unknown"


def discovered_source(url: str, found: Discovered, known: dict[str, Source]) -> Source:
    """The source of an outlet that is in no sources file: the one made for its domain earlier in
    this crawl, else a new one built from GDELT's data (not validated: GDELT is not a config file)."""
    parts = urlsplit(url)
    domain = registered_domain(url)
    source_id = outlet_id(domain)
    if source_id in known and "discovered" not in known[source_id].tags:
        source_id = f"web-{source_id}"  # never mistaken for a configured source
    if source_id in known:
        return known[source_id]
    return Source.model_construct(
        id=source_id,
        name=found.source_name or domain,
        country=found.source_country or country_of_host(parts.hostname or "") or "unknown",
        language=found.language,
        sections=[f"{parts.scheme}://{parts.netloc}/"],
        tags=["discovered"],
    )


def discovery_meta(found: Discovered) -> dict[str, Any]:
    """What an article request carries from discovery to the indexed document."""
    return {
        "via": found.via,
        "tone": found.tone,
        "locations": found.locations,
        "translated": found.translated,
    }


class DiscoverSpider(SourceSpider):
    """Article URLs from the pending file of a discovery run (`-a discovered=PATH`)."""

    name = "discover"

    def __init__(self, discovered: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.selected = []  # no entry points to walk: the URLs come from the pending file
        self.discovered_path = Path(discovered) if discovered else None
        self.max_urls = 5000
        self._found: dict[str, Discovered] = {}  # normalised URL -> what discovery said of it
        self._source_of_host: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DiscoverSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, DiscoverSpider)
        spider.max_urls = crawler.settings.getint("VNMON_GDELT_MAX_URLS", 5000)
        if spider.discovered_path is None and crawler.settings.get("VNMON_DISCOVERED"):
            spider.discovered_path = Path(crawler.settings.get("VNMON_DISCOVERED"))
        return spider

    async def start(self) -> AsyncIterator[Any]:
        found = PendingUrls(self.discovered_path).read() if self.discovered_path else []
        by_source: dict[tuple[str, str], list[Link]] = {}
        for item in found:
            try:
                url = normalize_url(item.url)
            except ValueError:
                self._count("discovery", "skipped_bad_url")
                continue
            source = self.source_for(url, item)
            if source.domestic or is_domestic_outlet(
                urlsplit(url).hostname or "", item.source_name, item.source_country
            ):
                self._count(source.id, "skipped_domestic")
                continue
            if len(self._found) >= self.max_urls:
                self._count("discovery", "skipped_max_urls")
                continue
            self._found.setdefault(url, item)
            batch = datetime.fromisoformat(item.batch) if item.batch else None
            by_source.setdefault((source.id, item.via), []).append(Link(url, batch))
        for (source_id, via), links in by_source.items():
            for request in self.article_requests_for(source_id, via, links):
                known = self._found.get(request.url)
                if known is not None:
                    request.meta["discovery"] = discovery_meta(known)
                yield request

    def source_for(self, url: str, found: Discovered) -> Source:
        host = urlsplit(url).hostname or ""
        if host in self._source_of_host:  # thousands of URLs, a few hundred hosts
            return self.sources_by_id[self._source_of_host[host]]
        listed = [
            s for s in self.sources_by_id.values() if "discovered" not in s.tags and s.allows_host(host)
        ]
        source = listed[0] if listed else discovered_source(url, found, self.sources_by_id)
        self.sources_by_id.setdefault(source.id, source)
        self._source_of_host[host] = source.id
        return source

    def parse_article(self, response: Response) -> Iterable[PageItem]:
        for item in super().parse_article(response):
            item.discovery = response.meta.get("discovery")
            yield item

    def known_urls(self, urls: list[str]) -> set[str]:
        known = super().known_urls(urls)
        if known:
            self.note_found_again(known)
        return known

    def note_found_again(self, urls: set[str]) -> None:
        """Articles already indexed (found by a feed, say) gain this discovery's `found_via`."""
        from indexer.found import add_discovery

        again = {url: discovery_meta(self._found[url]) for url in urls if url in self._found}
        try:
            add_discovery(self._client(), again)
        except Exception as exc:
            log.warning("could not add found_via to %d indexed article(s): %s", len(again), exc)

    def _client(self) -> Any:
        from indexer.client import build_client

        self._es = getattr(self, "_es", None) or build_client()
        return self._es
