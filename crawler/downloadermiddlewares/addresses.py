"""Keeps the crawl on its sources' hosts and off loopback, private and link-local addresses.

A feed or a redirect can name any URL: without these rules one hostile or broken outlet makes the
crawler fetch (and index under its name) pages of the machine it runs on or of its network.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.base import ReactorBase
from twisted.internet.error import DNSLookupError

log = logging.getLogger(__name__)

OPT_IN = "VNMON_ALLOW_PRIVATE_ADDRESSES=1"


def address_problem(address: str) -> str | None:
    """Why vnmon must not connect to the IP `address` (None when it is a public address)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    if ip.is_global and not ip.is_multicast:
        return None
    kind = (
        "loopback"
        if ip.is_loopback
        else "link-local"
        if ip.is_link_local
        else "private"
        if ip.is_private
        else "reserved"
    )
    return f"{ip} is a {kind} address"


def ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


class AddressRefused(IgnoreRequest):
    """A request the address rules refuse (raised by AddressPolicyMiddleware, caught by the
    spider's errback, which counts `reason` for the request's source)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class PrivateAddressError(DNSLookupError):
    """A host name that resolved to a non-public address (raised by PublicAddressResolver at
    connection time; the download fails as a DNS failure would)."""


class PublicAddressResolver(CachingThreadedResolver):
    """Scrapy's caching resolver that refuses non-public answers, so that what is connected to is
    what was checked: a name that resolves elsewhere on a second look (DNS rebinding) is caught."""

    allow_private = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> PublicAddressResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_private = crawler.settings.getbool("VNMON_ALLOW_PRIVATE_ADDRESSES")
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Any:
        found = super().getHostByName(name, timeout)
        if not self.allow_private:
            found.addCallback(self._public, name)
        return found

    @staticmethod
    def _public(address: str, name: str) -> str:
        problem = address_problem(address)
        if problem is not None:
            raise PrivateAddressError(f"{name} resolves to {problem}; not fetched ({OPT_IN} allows it)")
        return address


class AddressPolicyMiddleware:
    """Refuses, before anything is fetched or a robots.txt asked for: a URL of a source that is
    not on the source's hosts (see `Source.allows_host`), and, unless VNMON_ALLOW_PRIVATE_ADDRESSES,
    a host whose address is loopback, private, link-local or reserved. Redirects and meta refreshes
    come back through here as new requests, so every hop is checked."""

    def __init__(self, crawler: Crawler, allow_private: bool) -> None:
        self.crawler = crawler
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressPolicyMiddleware:
        return cls(crawler, crawler.settings.getbool("VNMON_ALLOW_PRIVATE_ADDRESSES"))

    async def process_request(self, request: Request) -> None:
        host = (urlparse_cached(request).hostname or "").lower()
        source = self._source(request)
        if source is not None and not source.allows_host(host):
            self._refuse(
                request,
                "refused_offsite",
                f"{request.url}: {host} is not a host of source {source.id!r} (add it to its allow_hosts)",
            )
        if self.allow_private or urlparse_cached(request).scheme not in ("http", "https"):
            return
        problem = await self._address_problem(host)
        if problem is not None:
            self._refuse(request, "refused_private_address", f"{request.url}: {problem} ({OPT_IN} allows it)")

    def _source(self, request: Request) -> Any:
        sources = getattr(self.crawler.spider, "sources_by_id", None) or {}
        return sources.get(request.meta.get("source"))

    async def _address_problem(self, host: str) -> str | None:
        if ip_literal(host):
            return address_problem(host.strip("[]"))
        from twisted.internet import reactor

        try:
            # The installed resolver (PublicAddressResolver): the answer is cached, and it is
            # the address the download then connects to.
            address = await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[arg-type]
        except PrivateAddressError as exc:
            return str(exc)
        except DNSLookupError:
            return None  # the download reports the failed look-up itself
        return address_problem(str(address))

    def _refuse(self, request: Request, reason: str, message: str) -> None:
        log.warning("%s: %s", request.meta.get("source", "?"), message)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"vnmon/{reason}")
        raise AddressRefused(reason, message)
