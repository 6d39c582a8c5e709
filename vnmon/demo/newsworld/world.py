"""NewsWorld: serves the fictional outlets on loopback addresses and knows the expected crawl result."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import yaml

from vnmon.demo.newsworld.catalog import OUTLETS
from vnmon.demo.newsworld.feeds import SITEMAP_INDEX_PATH
from vnmon.demo.newsworld.gate import Gate
from vnmon.demo.newsworld.model import ExpectedArticle, Outlet, expected_article
from vnmon.demo.newsworld.pages import SiteView
from vnmon.demo.newsworld.site import Site

_FIRST_HOST = 2  # 127.0.0.1 is left to real services; outlets use 127.0.0.2, .3, ...
_BIND_ATTEMPTS = 20


class Hits(dict[str, int]):
    """Request counts keyed by full URL; a key that is just a path sums it over every outlet.

    `hits["http://127.0.0.3:5555/robots.txt"]` is one outlet's count, `hits["/robots.txt"]`
    (or `hits.get("/robots.txt", 0)`) the count across outlets; unknown keys count 0.
    """

    def __missing__(self, key: str) -> int:
        if key.startswith("/"):
            return sum(count for url, count in self.items() if url.split("/", 3)[-1] == key[1:])
        return 0

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        value = self[key]
        return value if value or default is None else default


class _OutletServer(ThreadingHTTPServer):
    daemon_threads = True  # a slow request must not hold up stop()
    # Lets a fixed port be reused right after a previous run (TIME_WAIT); on Linux it never
    # lets two live listeners share an address.
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site: Site | None, world: NewsWorld) -> None:
        super().__init__(address, _Handler)
        self.site = site
        self.world = world


class _Handler(BaseHTTPRequestHandler):
    server: _OutletServer
    server_version = "nginx"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        site = self.server.site
        assert site is not None, "request to a server whose site was not built"
        url = site.view.base_url + self.path
        self.server.world._count(url)
        self.server.world._pass_gates(url, self.headers.get("User-Agent", ""))
        response = site.respond(self.path)
        if response.delay:
            time.sleep(response.delay)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: tests read `NewsWorld.hits` instead of a request log."""


class NewsWorld:
    """Realistic news sites served on 127.0.0.N, with the ground truth of what to index.

    Every outlet gets its own loopback address and all share one port: a free one, or
    `port` when given (the demo uses a fixed port so reruns see the same URLs). Content is
    deterministic given `now` (default: the current time, to the minute).
    """

    def __init__(
        self, slow_seconds: float = 2.0, now: datetime | None = None, port: int | None = None
    ) -> None:
        self.slow_seconds = slow_seconds
        self.fixed_port = port
        moment = now or datetime.now(UTC)
        if moment.tzinfo is None:
            raise ValueError("NewsWorld(now=...) needs a timezone-aware datetime")
        self.now = moment.astimezone(UTC).replace(second=0, microsecond=0)
        self.outlets: tuple[Outlet, ...] = OUTLETS
        self._hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._servers: list[_OutletServer] = []
        self._threads: list[threading.Thread] = []
        self._port: int | None = None
        self._sites: dict[str, Site] = {}
        self._gates: list[Gate] = []

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Bind every outlet on one free port and serve in background threads."""
        if self._servers:
            raise RuntimeError("NewsWorld is already started")
        self._bind()
        for outlet in self.outlets:
            self._sites[outlet.id] = Site(
                SiteView(outlet, self.base_url(outlet.id), self.now), self.slow_seconds
            )
        for server, outlet in zip(self._servers, self.outlets, strict=True):
            server.site = self._sites[outlet.id]
            thread = threading.Thread(
                # a short poll interval lets stop() return promptly
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"newsworld-{outlet.id}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)

    def _bind(self) -> None:
        last_error: OSError | None = None
        for _ in range(1 if self.fixed_port else _BIND_ATTEMPTS):
            servers: list[_OutletServer] = []
            try:
                port = self.fixed_port or 0
                for index, _outlet in enumerate(self.outlets):
                    server = _OutletServer((f"127.0.0.{_FIRST_HOST + index}", port), None, self)
                    servers.append(server)
                    port = server.server_address[1]
            except OSError as exc:  # the port is taken on one of the addresses: try another
                last_error = OSError(f"{exc.strerror} on 127.0.0.{_FIRST_HOST + len(servers)}:{port}")
                for server in servers:
                    server.server_close()
                continue
            self._servers, self._port = servers, port
            return
        wanted = f"port {self.fixed_port}" if self.fixed_port else "a port free on every address"
        raise RuntimeError(f"NewsWorld could not bind {wanted}: {last_error}")

    def stop(self) -> None:
        """Stop serving and release the port (safe to call twice)."""
        for gate in self._gates:
            gate.release()
        # shutdown() waits for the serve loop to notice; ask every server at once.
        stoppers = [threading.Thread(target=server.shutdown) for server in self._servers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in self._servers:
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers, self._threads, self._port = [], [], None

    def __enter__(self) -> NewsWorld:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- addresses -----------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("NewsWorld is not started: call start() or use it as a context manager")
        return self._port

    def outlet(self, outlet_id: str) -> Outlet:
        for outlet in self.outlets:
            if outlet.id == outlet_id:
                return outlet
        known = ", ".join(outlet.id for outlet in self.outlets)
        raise KeyError(f"no outlet {outlet_id!r} in the news world (outlets: {known})")

    def base_url(self, outlet_id: str) -> str:
        """E.g. `http://127.0.0.3:54321` (no trailing slash)."""
        index = self.outlets.index(self.outlet(outlet_id))
        return f"http://127.0.0.{_FIRST_HOST + index}:{self.port}"

    # --- ground truth and sources ----------------------------------------------------------

    @property
    def expected(self) -> list[ExpectedArticle]:
        """One entry per story of every outlet: what the crawler should index and why not."""
        return [
            expected_article(outlet, story, self.base_url(outlet.id), self.now)
            for outlet in self.outlets
            for story in outlet.stories
        ]

    def source_entries(self, **overrides: Any) -> list[dict[str, Any]]:
        """The sources-file entries of the world's outlets (an override of None drops the key)."""
        entries = []
        for outlet in self.outlets:
            base = self.base_url(outlet.id)
            entry: dict[str, Any] = {
                "id": outlet.id,
                "name": outlet.name,
                "country": outlet.country,
                "language": outlet.language,
            }
            if outlet.feed:
                entry["feeds"] = [base + outlet.feed_path]
            if outlet.sitemap:
                entry["sitemaps"] = [base + SITEMAP_INDEX_PATH]
            if outlet.entry_sections:
                entry["sections"] = [base + outlet.section_path(s) for s in outlet.entry_sections]
            entry.update(
                domestic=outlet.domestic,
                verified=True,
                tags=list(outlet.tags),
                max_age_days=outlet.max_age_days,
            )
            entry.update(overrides)
            entries.append({key: value for key, value in entry.items() if value is not None})
        return entries

    def write_sources(self, path: Path, **overrides: Any) -> Path:
        """Write a sources file for the world's outlets; `overrides` apply to every source."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {"sources": self.source_entries(**overrides)}
        header = "# Sources of the offline news world (vnmon.demo.newsworld); generated, do not edit.\n"
        path.write_text(
            header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        return path

    # --- holding pages --------------------------------------------------------------------

    def hold(self, urls: Iterable[str]) -> Gate:
        """Hold the answers to `urls` until the returned gate is released (see `Gate`)."""
        gate = Gate(urls)
        self._gates.append(gate)
        return gate

    def _pass_gates(self, url: str, user_agent: str) -> None:
        for gate in list(self._gates):
            gate.wait(url, user_agent)

    # --- request accounting ----------------------------------------------------------------

    def _count(self, url: str) -> None:
        with self._lock:
            self._hits[url] += 1

    @property
    def hits(self) -> Hits:
        """Requests so far, keyed by full URL (`http://127.0.0.N:port/path?query`); see `Hits`."""
        with self._lock:
            return Hits(self._hits)

    def hits_matching(self, fragment: str, outlet_id: str | None = None) -> int:
        """How many requests had `fragment` in their URL (optionally on one outlet only)."""
        prefix = self.base_url(outlet_id) if outlet_id else ""
        return sum(count for url, count in self.hits.items() if url.startswith(prefix) and fragment in url)

    def reset_hits(self) -> None:
        with self._lock:
            self._hits.clear()

    def urls(self, kind: str | None = None) -> Iterator[str]:
        """Every URL the world serves (status 200, 301 or 500), or those of one `kind`.

        Kinds: article, amp, listing (home and section pages), page (about, privacy, contact),
        feed, sitemap, robots, redirect, error. Listings and pages are served with 200 and
        must never be indexed as articles.
        """
        for outlet_id, site in self._sites.items():
            base = self.base_url(outlet_id)
            for route, route_kind in site.kinds.items():
                if kind is None or route_kind == kind:
                    yield base + route
