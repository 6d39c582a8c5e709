"""Serves the recall world's cases as outlets on loopback: robots.txt, sitemap, RSS feed, articles.

The HTTP side is the bench world's own asyncio protocol (`bench.server`), run in a thread of
the calling process: the crawl runs in a child process, and the world is small.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.sax.saxutils import escape

import yaml

from bench.recall.cases import Case
from bench.server import _HttpProtocol, free_port
from bench.site import HTML, NOT_FOUND, RSS, TEXT, XML, Reply

FIRST_HOST = 60  # outlets on 127.0.0.60, .61, ... (the bench and news worlds use .2 to .26)
OUTLETS = 6


@dataclass
class Outlet:
    """One served outlet: its host and the cases it publishes, by path."""

    index: int
    host: str
    articles: dict[str, Case] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"recall-{self.index + 1:02d}"


class RecallSite:
    """Answers `(host, target)` for every outlet, as `bench.server` asks."""

    def __init__(self, cases: list[Case], outlets: int = OUTLETS) -> None:
        self.port = 0
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.outlets = [Outlet(i, f"127.0.0.{FIRST_HOST + i}") for i in range(min(outlets, len(cases)))]
        for number, case in enumerate(cases):
            outlet = self.outlets[number % len(self.outlets)]
            outlet.articles[f"/news/{case.slug}.html"] = case
        self.by_host = {o.host: o for o in self.outlets}
        self._bodies: dict[tuple[str, str], bytes] = {}

    def base_url(self, outlet: Outlet) -> str:
        return f"http://{outlet.host}:{self.port}"

    def urls(self) -> dict[str, Case]:
        """Every article URL and its case."""
        return {self.base_url(o) + path: case for o in self.outlets for path, case in o.articles.items()}

    def respond(self, host: str, target: str) -> Reply:
        outlet = self.by_host.get(host)
        path = target.split("?", 1)[0]
        if outlet is None:
            return NOT_FOUND
        case = outlet.articles.get(path)
        if case is not None:
            return Reply(200, HTML, case.html.encode("utf-8"))
        if path == "/robots.txt":
            return Reply(
                200,
                TEXT,
                f"User-agent: *\nAllow: /\n\nSitemap: {self.base_url(outlet)}/sitemap.xml\n".encode(),
            )
        if path == "/sitemap.xml":
            return Reply(200, XML, self._sitemap(outlet))
        if path == "/feed.xml":
            return Reply(200, RSS, self._feed(outlet))
        return NOT_FOUND

    def _sitemap(self, outlet: Outlet) -> bytes:
        base, day = self.base_url(outlet), self.now.isoformat()
        rows = "".join(
            f"<url><loc>{base}{path}</loc><lastmod>{day}</lastmod></url>\n" for path in outlet.articles
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n'
        ).encode()

    def _feed(self, outlet: Outlet) -> bytes:
        base, day = self.base_url(outlet), format_datetime(self.now)
        items = "".join(
            f"<item><title>{escape(case.slug)}</title><link>{base}{path}</link><pubDate>{day}</pubDate></item>\n"
            for path, case in outlet.articles.items()
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>Recall outlet {outlet.index + 1}</title><link>{base}/</link>"
            f"<description>Latest news</description>\n{items}</channel></rss>\n"
        ).encode()

    def source_entries(self) -> list[dict[str, Any]]:
        return [
            {
                "id": outlet.id,
                "name": f"Recall Outlet {outlet.index + 1}",
                "country": "US",
                "feeds": [f"{self.base_url(outlet)}/feed.xml"],
                "sitemaps": [f"{self.base_url(outlet)}/sitemap.xml"],
                "verified": True,
                "max_age_days": 36500,  # the real pages keep their real (older) dates
                "max_pages": len(outlet.articles) + 10,
            }
            for outlet in self.outlets
        ]

    def write_sources(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        header = "# The recall world (bench.recall.site); generated, do not edit.\n"
        path.write_text(header + yaml.safe_dump({"sources": self.source_entries()}, sort_keys=False))
        return path


class RecallServer:
    """`RecallSite` served on its outlets' addresses from a thread; a context manager."""

    def __init__(self, site: RecallSite) -> None:
        self.site = site
        self.requests = [0]
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="recall-world", daemon=True)
        self._servers: list[asyncio.AbstractServer] = []

    def start(self) -> RecallSite:
        hosts = [o.host for o in self.site.outlets]
        self.site.port = free_port(hosts)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(hosts), self._loop).result(timeout=30)
        return self.site

    async def _listen(self, hosts: list[str]) -> None:
        loop = asyncio.get_running_loop()
        for host in hosts:
            self._servers.append(
                await loop.create_server(
                    lambda: _HttpProtocol(self.site, self.requests),  # type: ignore[arg-type]
                    host,
                    self.site.port,
                    reuse_address=True,
                )
            )

    async def _close(self) -> None:
        for server in self._servers:
            server.close()
            await server.wait_closed()

    def stop(self) -> None:
        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(timeout=30)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=30)
        self._loop.close()

    def __enter__(self) -> RecallSite:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
