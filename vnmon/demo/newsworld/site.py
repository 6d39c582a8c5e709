"""One outlet's site as a table of responses, built in memory from its definition."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC
from email.utils import format_datetime

from vnmon.demo.newsworld.feeds import (
    ARCHIVE_SITEMAP_PATH,
    NEWS_SITEMAP_PATH,
    SITEMAP_INDEX_PATH,
    render_feed,
    render_news_sitemap,
    render_plain_sitemap,
    render_sitemap_index,
)
from vnmon.demo.newsworld.pages import SiteView, render_article, render_listing, render_plain

# Paths served with a small placeholder body: what a page references but a crawler must not fetch.
ASSET_PREFIXES = ("/static/", "/images/", "/ads/", "/favicon.ico")
_ASSET_TYPES = {
    ".css": "text/css",
    ".js": "application/javascript",
    ".png": "image/png",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
# The smallest valid JPEG header bytes are enough: nobody should look at them.
_JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


@dataclass(frozen=True)
class Response:
    """One canned HTTP response."""

    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (the slow page)


def _http_charset(charset: str) -> str:
    return {"shift_jis": "Shift_JIS"}.get(charset, charset)


class Site:
    """The responses of one outlet, keyed by path (with query for paginated listings)."""

    def __init__(self, view: SiteView, slow_seconds: float) -> None:
        self.view = view
        self.slow_seconds = slow_seconds
        self.routes: dict[str, Response] = {}
        # What each route is: article, amp, listing, page, feed, sitemap, robots, redirect, error.
        self.kinds: dict[str, str] = {}
        self._build()

    def _add(self, path: str, kind: str, response: Response) -> None:
        self.routes[path] = response
        self.kinds[path] = kind

    @property
    def charset(self) -> str:
        return self.view.outlet.charset

    def _html(self, text: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        content_type = f"text/html; charset={_http_charset(self.charset)}"
        # strict: a character the outlet's charset cannot hold is a bug in the content.
        return Response(status, text.encode(self.charset), content_type, headers or {})

    def _xml(self, text: str, content_type: str = "application/xml") -> Response:
        return Response(
            200, text.encode(self.charset), f"{content_type}; charset={_http_charset(self.charset)}"
        )

    def _build(self) -> None:
        view, outlet = self.view, self.view.outlet
        self._add(
            "/robots.txt",
            "robots",
            Response(200, outlet.robots_txt(view.base_url).encode(), "text/plain; charset=utf-8"),
        )
        self._add("/", "listing", self._html(render_listing(view, None)))
        for section in outlet.sections:
            for page in range(1, view.page_count(section) + 1):
                listing = self._html(render_listing(view, section, page))
                self._add(outlet.section_path(section, page), "listing", listing)
        self._build_feeds()
        self._build_articles()
        for path, key in (("/about/", "about"), ("/privacy/", "privacy"), ("/contact/", "contact")):
            self._add(path, "page", self._html(render_plain(view, view.ui[key], view.ui["about_text"])))

    def _build_feeds(self) -> None:
        view, outlet = self.view, self.view.outlet
        if outlet.feed:
            media = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
            feed = self._xml(render_feed(view), media.get(outlet.feed, "application/rdf+xml"))
            self._add(outlet.feed_path, "feed", feed)
        if outlet.sitemap == "index":
            self._add(SITEMAP_INDEX_PATH, "sitemap", self._xml(render_sitemap_index(view)))
            self._add(NEWS_SITEMAP_PATH, "sitemap", self._xml(render_news_sitemap(view)))
            self._add(ARCHIVE_SITEMAP_PATH, "sitemap", self._xml(render_plain_sitemap(view)))
        elif outlet.sitemap == "plain":
            self._add(SITEMAP_INDEX_PATH, "sitemap", self._xml(render_plain_sitemap(view)))

    def _build_articles(self) -> None:
        view = self.view
        for story in view.outlet.stories:
            path = view.path(story)
            if story.broken == 500:
                error = render_plain(view, "500 Internal Server Error", "Service temporarily unavailable.")
                self._add(path, "error", self._html(error, status=500))
            if story.broken:
                continue  # a 404 is what any unknown path gets
            modified = format_datetime(view.local_time(story).astimezone(UTC), usegmt=True)
            page = self._html(render_article(view, story), headers={"Last-Modified": modified})
            if story.slow:
                page = Response(page.status, page.body, page.content_type, page.headers, self.slow_seconds)
            self._add(path, "article", page)
            if story.amp:
                self._add("/amp" + path, "amp", self._html(render_article(view, story, amp=True)))
            if story.redirect_from:
                redirect = Response(301, b"", "text/html", {"Location": view.base_url + path})
                self._add(story.redirect_from, "redirect", redirect)

    def respond(self, path_and_query: str) -> Response:
        """The response to a GET of `path_and_query` (query ignored unless a route needs it)."""
        if path_and_query in self.routes:
            return self.routes[path_and_query]
        path = path_and_query.split("?", 1)[0]
        if path in self.routes:
            return self.routes[path]
        if path.startswith(ASSET_PREFIXES):
            return self._asset(path)
        return self._html(render_plain(self.view, "404", "Page not found."), status=404)

    def _asset(self, path: str) -> Response:
        if path.endswith((".jpg", ".jpeg")):
            return Response(200, _JPEG, "image/jpeg")
        suffix = path[path.rfind(".") :] if "." in path else ""
        return Response(200, b"/* asset */\n", _ASSET_TYPES.get(suffix, "application/octet-stream"))
