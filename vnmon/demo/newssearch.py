"""A news-search aggregator stand-in on loopback (Google News / Bing News-like), offline.

It answers `/rss/search?q=...&hl=LANG&gl=COUNTRY` with an RSS 2.0 feed of the items published for
that language (each with the `<source url="...">` element Google News gives), and serves the
links those items carry the way aggregators do: HTTP redirects (301 then 302), interstitial pages
naming the publisher (`data-n-au`, meta refresh), links carrying the target in a parameter
(`/news/apiclick.aspx?...&url=`), and its own pages. `newsworld_news` publishes items pointing at
the news world's articles, plus decoys: a redirect to a domestic `.vn` outlet, an item whose
source is domestic, a dead redirect, a redirect loop, a link to the aggregator's own page and a
malformed feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, quote, urlsplit

from vnmon.demo.newsworld import NewsWorld
from vnmon.demo.serving import LoopbackService

NEWS_SEARCH_HOST = "127.0.0.241"  # the GDELT stand-in is on .240, the news world's outlets on .2, .3, …
BROKEN_FEED = b'<?xml version="1.0"?>\n<html><body><h1>502 Bad Gateway</h1><p>upstream <b>timeout</p>'


@dataclass
class NewsItem:
    """One search result as the aggregator lists it."""

    title: str
    link: str  # the aggregator's link (absolute, or a path on the stand-in)
    source: str
    source_url: str
    published: datetime


@dataclass
class Route:
    """What a path of the aggregator answers: a redirect (`location`), a page (`html`), or 404."""

    status: int
    location: str | None = None
    html: str | None = None


class NewsSearchStandIn(LoopbackService):
    """Serves search feeds per language and the aggregator's redirect and article pages."""

    name = "news-search-stand-in"

    def __init__(self, host: str = NEWS_SEARCH_HOST) -> None:
        super().__init__(host)
        self.items: dict[str, list[NewsItem]] = {}  # language -> its search results
        self.malformed: set[str] = set()  # languages whose feed is broken
        self.routes: dict[str, Route] = {}
        self.queries: list[dict[str, list[str]]] = []

    def feed_template(self) -> str:
        """The URL template of config/discovery.yaml that reads this aggregator."""
        return f"{self.origin}/rss/search?q={{query}}&hl={{lang}}&gl={{country}}&ceid={{country}}:{{lang}}"

    def url(self, path: str) -> str:
        return self.origin + path

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        self.count(parts.path)
        if parts.path == "/rss/search":
            query = parse_qs(parts.query)
            with self._lock:
                self.queries.append(query)
            language = query.get("hl", [""])[0]
            if language in self.malformed:
                self.reply(handler, 200, BROKEN_FEED, "application/rss+xml")
                return
            body = render_rss(self, query.get("q", [""])[0], self.items.get(language, []))
            self.reply(handler, 200, body.encode(), "application/rss+xml; charset=utf-8")
            return
        route = self.routes.get(parts.path) or self.routes.get(handler.path)
        if route is None or route.status == 404:
            self.reply(handler, 404, b"not found\n", "text/plain")
        elif route.location is not None:
            self.reply(handler, route.status, b"", "text/html", [("Location", route.location)])
        else:
            self.reply(handler, route.status, (route.html or "").encode(), "text/html; charset=utf-8")


def render_rss(stand_in: NewsSearchStandIn, query: str, items: list[NewsItem]) -> str:
    entries = "".join(
        f"<item><title>{escape(i.title)} - {escape(i.source)}</title>"
        f"<link>{escape(i.link if '://' in i.link else stand_in.url(i.link))}</link>"
        f'<guid isPermaLink="false">{escape(i.link)}</guid>'
        f"<pubDate>{format_datetime(i.published)}</pubDate>"
        f"<description>{escape(i.title)}</description>"
        f'<source url="{escape(i.source_url)}">{escape(i.source)}</source></item>'
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(query)} - News search</title><link>{stand_in.url('/')}</link>"
        "<language>en</language><description>Search results</description>"
        f"{entries}</channel></rss>"
    )


def interstitial(target: str, style: str) -> str:
    """An aggregator's "opening the article" page, among its own links (as Google News pages are)."""
    hint = f'<meta http-equiv="refresh" content="0;URL=\'{escape(target)}\'">' if style == "refresh" else ""
    anchor = f'<c-wiz data-n-au="{escape(target)}" data-n-a-sg="1"></c-wiz>' if style == "data-n-au" else ""
    return (
        f"<!doctype html><html><head><title>News</title>{hint}"
        '<link rel="canonical" href="/rss/articles/self"></head><body>'
        '<a href="/topics/vietnam">Vietnam</a> <a href="/">Home</a> <a href="/settings">Settings</a>'
        f"{anchor}<noscript>Opening the article…</noscript></body></html>"
    )


@dataclass
class NewsScenario:
    """What `newsworld_news` published, for a test to check against."""

    relevant: list[str]  # canonical URLs of the articles the feeds point at (relevant ones)
    decoys: dict[str, str] = field(default_factory=dict)  # aggregator link → why nothing is indexed
    publisher_decoys: dict[str, str] = field(default_factory=dict)  # publisher URL never to fetch
    languages: dict[str, list[str]] = field(default_factory=dict)  # for config/discovery.yaml
    broken: str = "it"  # the language whose feed is malformed


def newsworld_news(
    stand_in: NewsSearchStandIn, world: NewsWorld, now: datetime | None = None
) -> NewsScenario:
    """Publish search results pointing at the news world's relevant articles, one feed per
    outlet language, each article behind another kind of aggregator link, plus the decoys."""
    now = now or datetime.now(UTC)
    scenario = NewsScenario(relevant=[])
    wanted = [e for e in world.expected if e.indexed]
    for number, expected in enumerate(wanted):
        outlet = world.outlet(expected.source)
        kind = number % 4
        path = f"/rss/articles/{kind}-{number}"
        if kind == 0:  # two redirects: the aggregator's short link, then its redirector
            stand_in.routes[path] = Route(301, location=f"/r/{number}")
            stand_in.routes[f"/r/{number}"] = Route(302, location=expected.url)
        elif kind == 1:
            stand_in.routes[path] = Route(200, html=interstitial(expected.url, "data-n-au"))
        elif kind == 2:
            path = f"/news/apiclick.aspx?ref=FexRss&aid=&tid={number}&url={quote(expected.url, safe='')}&c=5"
        else:
            stand_in.routes[path] = Route(200, html=interstitial(expected.url, "refresh"))
        item = NewsItem(
            expected.title, path, outlet.name, world.base_url(outlet.id) + "/", now - timedelta(hours=number)
        )
        stand_in.items.setdefault(outlet.language, []).append(item)
        scenario.relevant.append(expected.url)
    english = stand_in.items.setdefault("en", [])
    decoys = {
        "/rss/articles/vn": (Route(302, location="http://thoisu.example.vn/bai-viet/1.html"), "domestic"),
        "/rss/articles/dead": (Route(404), "dead redirect"),
        "/rss/articles/loop-a": (Route(302, location="/rss/articles/loop-b"), "redirect loop"),
        "/rss/articles/loop-b": (Route(302, location="/rss/articles/loop-a"), "redirect loop"),
        "/topics/vietnam": (
            Route(200, html=_topic_page([e.url for e in wanted[:3]])),
            "the aggregator's own page",
        ),
    }
    for path, (route, why) in decoys.items():
        stand_in.routes[path] = route
        if path != "/rss/articles/loop-b":
            english.append(NewsItem(f"Decoy: {why}", path, "Example", "https://example.com/", now))
            scenario.decoys[stand_in.url(path)] = why
    scenario.publisher_decoys["http://thoisu.example.vn/bai-viet/1.html"] = "domestic"
    domestic = [e for e in world.expected if e.reason == "domestic"]
    for expected in domestic:  # the outlet's host is not under .vn; the feed's source says it is
        path = f"/rss/articles/domestic-{len(english)}"
        stand_in.routes[path] = Route(302, location=expected.url)
        english.append(NewsItem(expected.title, path, "Sài Gòn Nhật Báo", "https://saigonnhatbao.vn", now))
        scenario.decoys[stand_in.url(path)] = "domestic (source)"
        scenario.publisher_decoys[expected.url] = "domestic (source)"
    stand_in.malformed.add(scenario.broken)
    countries = {"en": ["US", "GB"], "fr": ["FR"], "de": ["DE"], "ru": ["RU"], "uk": ["UA"], "ja": ["JP"]}
    scenario.languages = {lang: countries.get(lang, ["SE"]) for lang in stand_in.items}
    scenario.languages[scenario.broken] = ["IT"]
    return scenario


def _topic_page(urls: list[str]) -> str:
    links = "".join(f'<article><a href="{escape(u)}">Story</a></article>' for u in urls)
    head = "<!doctype html><html><head><title>Vietnam - News</title></head>"
    return f"{head}<body><h1>Vietnam</h1>{links}</body></html>"
