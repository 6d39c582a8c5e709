"""Politeness seen from the server's side: Crawl-delay honoured, 429 answered with a back-off."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from tests.crawler.crawling import FAST, run_vnmon
from vnmon.kernel.settings import Settings

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="article"></head><body><article><h1>{title}</h1>
<p>Vietnam's government in Hanoi announced a new plan for the Mekong Delta on Monday, officials said.</p>
<p>The plan for Vietnam covers water, rice farming and salinity control in twelve provinces, and it will be
financed partly by international lenders over the next decade, according to the ministry.</p>
<p>Farmers in Vietnam welcomed the plan but asked for faster payments and clearer rules on land use.</p>
</article></body></html>"""


class Site(ThreadingHTTPServer):
    """A one-outlet site: robots.txt, a feed of four articles, and a log of request times."""

    def __init__(self, robots: str, first_article_status: int = 200) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.robots = robots
        self.first_article_status = first_article_status
        self.log: list[tuple[float, str, int]] = []
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def feed(self) -> str:
        items = "".join(
            f"<item><title>Story {n}</title><link>{self.base}/news/story-number-{n}.html</link></item>"
            for n in range(4)
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'


class Handler(BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:
        status, body, kind = 404, "", "text/plain"
        if self.path == "/robots.txt":
            status, body = 200, self.server.robots
        elif self.path == "/feed.xml":
            status, body, kind = 200, self.server.feed(), "application/rss+xml"
        elif self.path.startswith("/news/"):
            with self.server.lock:
                seen_before = any(path == self.path for _, path, _ in self.server.log)
            status = self.server.first_article_status if not seen_before else 200
            body, kind = ARTICLE.format(title=f"Vietnam plan {self.path}"), "text/html; charset=utf-8"
        with self.server.lock:
            self.server.log.append((time.monotonic(), self.path, status))
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        if status == 429:
            self.send_header("Retry-After", "2")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[list[Site]]:
    sites: list[Site] = []
    yield sites
    for site in sites:
        site.shutdown()
        site.server_close()


def _start(sites: list[Site], site: Site, tmp_path: Path) -> Path:
    threading.Thread(target=site.serve_forever, daemon=True).start()
    sites.append(site)
    path = tmp_path / "sources.yaml"
    source = {"id": "polite", "name": "Polite", "country": "GB", "feeds": [f"{site.base}/feed.xml"]}
    path.write_text(yaml.safe_dump({"sources": [source]}), encoding="utf-8")
    return path


def _article_times(site: Site) -> list[float]:
    return sorted(t for t, path, _ in site.log if path.startswith("/news/"))


def test_robots_crawl_delay_spaces_requests(
    serve: list[Site], vnmon_env: Settings, es_url: str, tmp_path: Path
) -> None:
    site = Site("User-agent: *\nCrawl-delay: 1\nAllow: /\n")
    sources = _start(serve, site, tmp_path)
    result = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), *FAST)
    assert result.returncode == 0, result.stdout + result.stderr
    times = _article_times(site)
    assert len(times) == 4
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.9, gaps


def test_429_backs_off_then_fetches(
    serve: list[Site], vnmon_env: Settings, es_url: str, tmp_path: Path
) -> None:
    site = Site("User-agent: *\nAllow: /\n", first_article_status=429)
    sources = _start(serve, site, tmp_path)
    result = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), *FAST, "-s", "VNMON_BACKOFF_SECONDS=2")
    assert result.returncode == 0, result.stdout + result.stderr
    answers = [(t, path, status) for t, path, status in site.log if path.startswith("/news/")]
    first_429 = min(t for t, _, status in answers if status == 429)
    later = [t for t, _, status in answers if status == 200 and t > first_429]
    assert later, "the articles were fetched after the back-off"
    assert min(later) - first_429 >= 1.5, "the site got no pause after answering 429"
    assert "polite" in result.stdout and " 4 " in result.stdout.splitlines()[2]
