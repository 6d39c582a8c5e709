"""A small outlet served on a loopback address for crawl tests: fixed routes and a request log."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}
<meta property="og:type" content="article"></head><body><article><h1>{title}</h1>
<p>Vietnam's government in Hanoi announced a new plan for the Mekong Delta on Monday, officials said.</p>
<p>The plan for Vietnam covers water, rice farming and salinity control in twelve provinces, and it will be
financed partly by international lenders over the next decade, according to the ministry. {title}.</p>
<p>Farmers in Vietnam welcomed the plan but asked for faster payments and clearer rules on land use.</p>
</article></body></html>"""

# path -> (status, headers, body); the body may use {base} for the site's own http://host:port.
Route = tuple[int, dict[str, str], str]


def article(title: str, head: str = "") -> Route:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE.format(title=title, head=head)


def feed(*links: str) -> Route:
    items = "".join(f"<item><title>Story</title><link>{link}</link></item>" for link in links)
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    return 200, {"Content-Type": "application/rss+xml"}, body


def redirect(location: str) -> Route:
    return 302, {"Location": location, "Content-Type": "text/html"}, ""


class Site(ThreadingHTTPServer):
    """An outlet on `address` (any 127.x.y.z) answering `routes`, logging every path asked for."""

    def __init__(self, address: str = "127.0.0.1", routes: dict[str, Route] | None = None) -> None:
        super().__init__((address, 0), _Handler)
        self.host = address
        robots: Route = (200, {}, "User-agent: *\nAllow: /\n")
        self.routes: dict[str, Route] = {"/robots.txt": robots, **(routes or {})}
        self.requested: list[str] = []
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.server_address[1]}"

    def start(self) -> Site:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.requested.append(self.path)
        status, headers, body = self.server.routes.get(self.path, (404, {}, "not here"))
        data = body.replace("{base}", self.server.base).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def write_sources(path: Path, *sources: Mapping[str, object]) -> Path:
    path.write_text(yaml.safe_dump({"sources": [dict(s) for s in sources]}), encoding="utf-8")
    return path

