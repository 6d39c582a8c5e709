"""Renders the bench world's responses: robots.txt, sitemaps, feed, section pages and articles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import format_datetime
from xml.sax.saxutils import escape

from bench.world import (
    FEED_ITEMS,
    SECTION_PAGE,
    SECTIONS,
    SITEMAP_CHUNK,
    VIETNAM_PARAGRAPH,
    BenchWorld,
    Outlet,
    Template,
)

_ARTICLE = re.compile(r"^/news/\d{4}/\d{2}/story-(\d+)-(\d+)\.html$")
_CHILD_SITEMAP = re.compile(r"^/sitemaps/articles-(\d+)\.xml$")
_SECTION = re.compile(r"^/section/(\w+)$")

HTML = b"text/html; charset=utf-8"
XML = b"application/xml; charset=utf-8"
RSS = b"application/rss+xml; charset=utf-8"
TEXT = b"text/plain; charset=utf-8"


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: bytes
    body: bytes


NOT_FOUND = Reply(404, TEXT, b"not found\n")


class BenchSite:
    """Answers `(outlet, path)` for every outlet of `world` from the loaded templates."""

    def __init__(self, world: BenchWorld, templates: list[Template]) -> None:
        self.world = world
        self.templates = templates
        self.by_host = {o.host: o for o in world.outlet_list}

    def respond(self, host: str, target: str) -> Reply:
        outlet = self.by_host.get(host)
        if outlet is None:
            return NOT_FOUND
        path, _, query = target.partition("?")
        match = _ARTICLE.match(path)
        if match:
            return self.article(outlet, int(match.group(1)), int(match.group(2)))
        if path == "/":
            return self.section(outlet, "", 1)
        if path == "/robots.txt":
            return self.robots(outlet)
        if path == "/sitemap.xml":
            return self.sitemap_index(outlet)
        match = _CHILD_SITEMAP.match(path)
        if match:
            return self.child_sitemap(outlet, int(match.group(1)))
        if path == "/feed.xml":
            return self.feed(outlet)
        match = _SECTION.match(path)
        if match and match.group(1) in SECTIONS:
            page = int(query[5:]) if query.startswith("page=") and query[5:].isdigit() else 1
            return self.section(outlet, match.group(1), page)
        return NOT_FOUND

    # --- articles ------------------------------------------------------------------------------

    def article(self, outlet: Outlet, outlet_number: int, number: int) -> Reply:
        if outlet_number != outlet.index + 1 or number >= self.world.per_outlet(outlet):
            return NOT_FOUND
        return Reply(200, HTML, self.article_body(outlet, number))

    def article_body(self, outlet: Outlet, number: int) -> bytes:
        world = self.world
        template = self.templates[world.template_index(outlet, number, len(self.templates))]
        title = escape(world.title(template, outlet, number), {'"': "&quot;"}).encode("utf-8")
        url = (world.base_url(outlet) + world.article_path(outlet, number)).encode("ascii")
        vietnam = b""
        if world.about_vietnam(outlet, number):
            vietnam = b"<p>" + VIETNAM_PARAGRAPH[template.language].encode("utf-8") + b"</p>"
        chunks: list[bytes] = []
        seed = outlet.index * 1_000_003 + number * 7919
        for part in template.parts:
            kind = part[0]
            if kind == "lit":
                chunks.append(part[1])
            elif kind == "para":
                # an LCG step per paragraph; its high bits pick the variant (low bits cycle fast)
                seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
                variants = template.variants[part[1]]
                chunks.append(variants[(seed >> 16) % len(variants)])
            elif kind == "title":
                chunks.append(title)
            elif kind == "url":
                chunks.append(url)
            else:
                chunks.append(vietnam)
        return b"".join(chunks)

    # --- navigation ----------------------------------------------------------------------------

    def robots(self, outlet: Outlet) -> Reply:
        base = self.world.base_url(outlet)
        return Reply(200, TEXT, f"User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n".encode())

    def sitemap_index(self, outlet: Outlet) -> Reply:
        base = self.world.base_url(outlet)
        count = -(-self.world.per_outlet(outlet) // SITEMAP_CHUNK)
        lastmod = self.world.now.isoformat()
        rows = "".join(
            f"<sitemap><loc>{base}/sitemaps/articles-{i}.xml</loc><lastmod>{lastmod}</lastmod></sitemap>\n"
            for i in range(count)
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</sitemapindex>\n"
        )
        return Reply(200, XML, body.encode())

    def child_sitemap(self, outlet: Outlet, chunk: int) -> Reply:
        world = self.world
        numbers = range(chunk * SITEMAP_CHUNK, min((chunk + 1) * SITEMAP_CHUNK, world.per_outlet(outlet)))
        if not numbers:
            return NOT_FOUND
        base = world.base_url(outlet)
        rows = []
        for number in numbers:
            template = self.templates[world.template_index(outlet, number, len(self.templates))]
            rows.append(
                f"<url><loc>{base}{world.article_path(outlet, number)}</loc>"
                "<news:news><news:publication><news:name>"
                f"{escape(outlet.name)}</news:name><news:language>{template.language}</news:language>"
                f"</news:publication><news:publication_date>{world.published(number).isoformat()}"
                f"</news:publication_date><news:title>{escape(world.title(template, outlet, number))}"
                "</news:title></news:news></url>\n"
            )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + "".join(rows) + "</urlset>\n"
        )
        return Reply(200, XML, body.encode())

    def feed(self, outlet: Outlet) -> Reply:
        world = self.world
        base = world.base_url(outlet)
        items = []
        for number in range(min(FEED_ITEMS, world.per_outlet(outlet))):
            template = self.templates[world.template_index(outlet, number, len(self.templates))]
            items.append(
                f"<item><title>{escape(world.title(template, outlet, number))}</title>"
                f"<link>{base}{world.article_path(outlet, number)}</link>"
                f"<pubDate>{format_datetime(world.published(number))}</pubDate></item>\n"
            )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(outlet.name)}</title><link>{base}/</link>"
            f"<description>Latest news</description>\n{''.join(items)}</channel></rss>\n"
        )
        return Reply(200, RSS, body.encode())

    def section(self, outlet: Outlet, name: str, page: int) -> Reply:
        world = self.world
        # the home page ("") lists the newest articles of every section
        step = len(SECTIONS) if name else 1
        offset = SECTIONS.index(name) if name else 0
        numbers = list(range(offset, world.per_outlet(outlet), step))
        chunk = numbers[(page - 1) * SECTION_PAGE : page * SECTION_PAGE]
        if page < 1 or not chunk:
            return NOT_FOUND
        base = world.base_url(outlet)
        links = []
        for number in chunk:
            template = self.templates[world.template_index(outlet, number, len(self.templates))]
            links.append(
                f'<li><a href="{world.article_path(outlet, number)}">'
                f"{escape(world.title(template, outlet, number))}</a></li>\n"
            )
        more = name and len(numbers) > page * SECTION_PAGE
        nxt = f'<a rel="next" href="{base}/section/{name}?page={page + 1}">Next</a>' if more else ""
        nav = "".join(f'<a href="/section/{s}">{s.title()}</a> ' for s in SECTIONS)
        body = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{name.title() or "Home"} - '
            f"{escape(outlet.name)}</title></head><body><nav>{nav}</nav><main><h1>{name.title()}</h1>"
            f"<ul>\n{''.join(links)}</ul>{nxt}</main><footer>{escape(outlet.name)}</footer></body></html>"
        )
        return Reply(200, HTML, body.encode())
