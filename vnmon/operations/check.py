"""`vnmon sources check`: fetch each entry point of a source once and report what is there."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import IO, Any
from urllib.parse import urlsplit

from crawler.downloadermiddlewares.addresses import OPT_IN, address_problem
from crawler.navigation import Link, is_feed, parse_feed, parse_section, parse_sitemap
from crawler.sources import Source

_MAX_BYTES = 10 * 1024 * 1024
_CHILD_SITEMAPS = 3


@dataclass
class EntryCheck:
    """One entry point: its HTTP status, how many items it lists, the newest item's date, or why not."""

    source: str
    kind: str  # feed, sitemap, section
    url: str
    status: int | None = None
    items: int = 0
    newest: str | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.items > 0


def _user_agent() -> str:
    from crawler import settings

    return str(settings.USER_AGENT)


class _Robots:
    """robots.txt of each host, fetched once with the same timeout; unreachable means allowed."""

    def __init__(self, timeout: float, allow_private: bool = False) -> None:
        self.timeout = timeout
        self.allow_private = allow_private
        self.parsers: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self.parsers:
            self.parsers[root] = self._fetch(root + "/robots.txt")
        parser = self.parsers[root]
        return parser is None or parser.can_fetch(_user_agent(), url)

    def _fetch(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        try:
            status, body = _get(url, self.timeout, allow_private=self.allow_private)
        except (OSError, ValueError):
            return None
        parser = urllib.robotparser.RobotFileParser(url)
        if status in (401, 403):
            parser.parse(["User-agent: *", "Disallow: /"])  # the stdlib reading of 401/403
        elif status < 400:
            parser.parse(body.decode("utf-8", "replace").splitlines())
        else:
            return None  # no robots.txt: everything allowed
        return parser


class AddressRefusedError(urllib.error.URLError):
    """An entry point, robots.txt or redirect the address rules refuse (raised by the guarded
    opener below, reported as the entry point's error by `check_entry`)."""


def _checked_connection_factory(allow_private: bool) -> Any:
    """`socket.create_connection` that connects only to an address it has checked: a name that
    resolves to loopback, private or link-local is refused unless `allow_private`."""

    def create(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        host, port = address
        if allow_private:
            return socket.create_connection(address, *args, **kwargs)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        for *_, sockaddr in infos:
            problem = address_problem(str(sockaddr[0]))
            if problem is not None:
                raise AddressRefusedError(f"{host} resolves to {problem}; not fetched ({OPT_IN} allows it)")
        return socket.create_connection((str(infos[0][4][0]), port), *args, **kwargs)

    return create


def _opener(source: Source | None, allow_private: bool) -> urllib.request.OpenerDirector:
    """An opener that connects to checked addresses only and follows redirects only to the
    source's hosts (the rules of the crawl, see crawler.downloadermiddlewares.addresses)."""
    create = _checked_connection_factory(allow_private)

    class CheckedHTTPConnection(http.client.HTTPConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = create

    class CheckedHTTPSConnection(http.client.HTTPSConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = create

    class CheckedHTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(CheckedHTTPConnection, req)

    class CheckedHTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(CheckedHTTPSConnection, req)

    class SourceRedirectHandler(urllib.request.HTTPRedirectHandler):
        def redirect_request(
            self,
            req: urllib.request.Request,
            fp: IO[bytes],
            code: int,
            msg: str,
            headers: http.client.HTTPMessage,
            newurl: str,
        ) -> urllib.request.Request | None:
            _check_host(source, newurl, "redirect to ")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(CheckedHTTPHandler, CheckedHTTPSHandler, SourceRedirectHandler)


def _check_host(source: Source | None, url: str, what: str = "") -> None:
    host = urlsplit(url).hostname or ""
    if source is not None and not source.allows_host(host):
        raise AddressRefusedError(
            f"{what}{url}: {host} is not a host of source {source.id!r} (add it to its allow_hosts)"
        )


def _get(
    url: str, timeout: float, source: Source | None = None, allow_private: bool = False
) -> tuple[int, bytes]:
    _check_host(source, url)
    request = urllib.request.Request(url, headers={"User-Agent": _user_agent(), "Accept-Encoding": "gzip"})
    try:
        with _opener(source, allow_private).open(request, timeout=timeout) as response:
            body = response.read(_MAX_BYTES)
            if response.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            return int(response.status), body
    except urllib.error.HTTPError as exc:
        return int(exc.code), b""


def check_entry(source: Source, kind: str, url: str, robots: _Robots, timeout: float) -> EntryCheck:
    result = EntryCheck(source.id, kind, url)
    if not robots.allowed(url):
        result.error = "disallowed by robots.txt"
        return result
    try:
        result.status, body = _get(url, timeout, source, robots.allow_private)
    except (OSError, ValueError) as exc:
        result.error = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
        return result
    if result.status >= 400:
        result.error = f"HTTP {result.status}"
        return result
    dates: list[datetime] = []
    if kind == "feed":
        if not is_feed(body):
            result.error = "not an RSS/Atom feed"
            return result
        links = parse_feed(body, url)
        result.items, dates = len(links), [lk.date for lk in links if lk.date]
    elif kind == "sitemap":
        if body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        sitemap_kind, links = parse_sitemap(body)
        if sitemap_kind == "index":
            result.notes.append(f"sitemap index of {len(links)} sitemaps")
            links = _child_sitemap_links(source, links, robots, timeout, result)
        result.items, dates = len(links), [lk.date for lk in links if lk.date]
    else:
        urls, next_url = parse_section(body.decode("utf-8", "replace"), url)
        result.items = len(urls)
        if next_url:
            result.notes.append(f"next page {next_url}")
    if dates:
        result.newest = max(dates).astimezone(UTC).strftime("%Y-%m-%d %H:%MZ")
    if result.items == 0:
        result.error = "no items found"
    return result


def _child_sitemap_links(
    source: Source, children: list[Link], robots: _Robots, timeout: float, result: EntryCheck
) -> list[Link]:
    """The pages listed by the newest child sitemaps of an index (a few: this is a check, not a crawl)."""
    newest_first = sorted(children, key=lambda lk: lk.date or datetime.min.replace(tzinfo=UTC), reverse=True)
    links: list[Link] = []
    for child in newest_first[:_CHILD_SITEMAPS]:
        if not source.allows_host(urlsplit(child.url).hostname or ""):
            result.notes.append(f"{child.url} is not on a host of the source: not fetched")
            continue
        if not robots.allowed(child.url):
            result.notes.append(f"{child.url} disallowed by robots.txt")
            continue
        try:
            status, body = _get(child.url, timeout, source, robots.allow_private)
        except (OSError, ValueError) as exc:
            result.notes.append(f"{child.url} failed: {exc}")
            continue
        if status >= 400:
            result.notes.append(f"{child.url} answered HTTP {status}")
            continue
        if body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        links.extend(parse_sitemap(body)[1])
    return links


def check_sources(
    sources: Sequence[Source], timeout: float = 15.0, allow_private: bool | None = None
) -> list[EntryCheck]:
    """Every entry point of `sources`, fetched once each (robots.txt respected), under the crawl's
    address rules (`allow_private` defaults to VNMON_ALLOW_PRIVATE_ADDRESSES)."""
    if allow_private is None:
        from vnmon.kernel.settings import get_settings

        allow_private = get_settings().allow_private_addresses
    robots = _Robots(timeout, allow_private)
    results = []
    for source in sources:
        for kind in source.entry_kinds:
            for url in getattr(source, kind):
                results.append(check_entry(source, kind.rstrip("s"), url, robots, timeout))
    return results


def render_checks(results: Sequence[EntryCheck], fmt: str = "table") -> str:
    if fmt == "json":
        return json.dumps([{**asdict(r), "ok": r.ok} for r in results], indent=2, ensure_ascii=False)
    lines = []
    for r in results:
        verdict = "OK  " if r.ok else "FAIL"
        found = f"{r.items} items" + (f", newest {r.newest}" if r.newest else "")
        detail = r.error or found
        notes = f" ({'; '.join(r.notes)})" if r.notes else ""
        lines.append(f"{verdict} {r.source:<20} {r.kind:<8} {r.url}  {detail}{notes}")
    failed = sum(not r.ok for r in results)
    lines.append(f"{len(results)} entry points checked, {failed} failing")
    return "\n".join(lines)
