"""Reads entry points — feeds, sitemaps, section pages — into article links (pure functions)."""

from __future__ import annotations

import re
from calendar import timegm
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser
from dateutil import parser as dateparser
from lxml import etree, html

# Anchor texts of "next page" links on section listings, in the languages of our outlets.
NEXT_PAGE_TEXTS = frozenset(
    t.casefold()
    for t in (
        "next",
        "next page",
        "older",
        "older posts",
        "more",
        "suivant",
        "page suivante",
        "weiter",
        "nächste",
        "nächste seite",
        "siguiente",
        "próxima",
        "successivo",
        "volgende",
        "далее",
        "следующая",
        "вперёд",
        "вперед",
        "далі",
        "наступна",
        "下一页",
        "下页",
        "次へ",
        "次のページ",
        "다음",
        "tiếp",
        "trang sau",
        "tiếp theo",
        "ถัดไป",
        "berikutnya",
        "selanjutnya",
        "التالي",
        "›",
        "»",
        "→",
    )
)

_ARTICLE_PATH = re.compile(r"(/\d{4}/\d{1,2}/)|(\d{5,})|([\w%]+-[\w%]+-[\w%]+)|(\.s?html?$)", re.UNICODE)


@dataclass(frozen=True)
class Link:
    """An article (or nested sitemap) URL found at an entry point, with the date given there."""

    url: str
    date: datetime | None = None
    title: str | None = None


def parse_feed(body: bytes, base_url: str) -> list[Link]:
    """Entries of an RSS 2.0, RSS 1.0/RDF or Atom feed, with their published/updated dates."""
    parsed = feedparser.parse(body)
    links = []
    for entry in parsed.entries:
        url = entry.get("link") or next(
            (lk.get("href") for lk in entry.get("links", []) if lk.get("href")), None
        )
        absolute = _join(base_url, url) if isinstance(url, str) else None
        if not absolute:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        try:
            date = datetime.fromtimestamp(timegm(stamp), UTC) if stamp else None
        except (ValueError, OverflowError, TypeError):
            date = None
        links.append(Link(absolute, date, entry.get("title")))
    return links


def is_feed(body: bytes) -> bool:
    head = body[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def parse_sitemap(body: bytes) -> tuple[str, list[Link]]:
    """`("index", sitemaps)` or `("urlset", pages)`; dates from news:publication_date or lastmod."""
    parser = etree.XMLParser(resolve_entities=False, recover=True, huge_tree=True, no_network=True)
    try:
        root = etree.fromstring(body.lstrip(), parser=parser)
    except etree.XMLSyntaxError:  # even `recover` gives up on an empty or hopeless document
        root = None
    if root is None:
        return "urlset", []
    # Not etree.QName: a recovered `<news:x>` without its namespace is a tag it refuses.
    kind = "index" if str(root.tag).rsplit("}", 1)[-1] == "sitemapindex" else "urlset"
    links = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc = node.findtext("{*}loc")
        if not loc:
            continue
        date_text = node.findtext(".//{*}publication_date") or node.findtext("{*}lastmod")
        title = node.findtext(".//{*}title")
        url = _join(loc.strip(), "")
        if url:
            links.append(Link(url, _parse_date(date_text), title.strip() if title else None))
    return kind, links


def _parse_date(text: str | None) -> datetime | None:
    if not text or not text.strip():
        return None
    try:
        value = dateparser.isoparse(text.strip())
    except (ValueError, OverflowError):
        try:
            value = dateparser.parse(text.strip())
        except (ValueError, OverflowError):
            return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def parse_section(body: str, page_url: str) -> tuple[list[str], str | None]:
    """Candidate article links on a section page (same site, article-like paths) and the next page."""
    try:
        tree = html.fromstring(body or "<html/>", base_url=page_url)
    except (etree.ParserError, ValueError):  # nothing to parse, or a str with an encoding declaration
        return [], None
    host = urlsplit(page_url).netloc
    next_url = _next_page(tree, page_url)
    seen: dict[str, None] = {}
    for anchor in tree.iterfind(".//a[@href]"):
        url = (_join(page_url, anchor.get("href", "")) or "").split("#", 1)[0]
        try:
            parts = urlsplit(url)
        except ValueError:
            continue
        if parts.scheme not in ("http", "https") or parts.netloc != host:
            continue
        if url in (page_url, next_url) or not _ARTICLE_PATH.search(parts.path):
            continue
        seen.setdefault(url, None)
    return list(seen), next_url


def _next_page(tree: html.HtmlElement, page_url: str) -> str | None:
    for node in tree.xpath(".//link[@rel] | .//a[@rel]"):
        if "next" in node.get("rel", "").lower().split() and node.get("href"):
            return _join(page_url, node.get("href"))
    for anchor in tree.iterfind(".//a[@href]"):
        text = " ".join(anchor.text_content().split()).casefold().strip(" .:")
        label = (anchor.get("aria-label") or "").casefold()
        if text in NEXT_PAGE_TEXTS or label in NEXT_PAGE_TEXTS or "next" in anchor.get("class", ""):
            return _join(page_url, anchor.get("href"))
    return None


def _join(base: str, href: str) -> str | None:
    """`href` made absolute against `base`, or None when it is no URL (`http://[::1`, …)."""
    try:
        url = urljoin(base, href.strip())
        urlsplit(url).port  # noqa: B018 - raises ValueError for a bracket or port that is not valid
    except ValueError:
        return None
    return url
