"""A parsed page: the lxml tree, its <meta> tags and JSON-LD objects, parsed once per page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html
from lxml.etree import ParserError, _Element

# JSON-LD @types that describe the article itself (schema.org Article and its subtypes).
ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
        "SatiricalArticle",
        "AdvertiserContentArticle",
        "VideoObject",
    )
)
PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "aboutpage"})

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_JSON_COMMENTS = re.compile(r"^\s*(<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(-->|//\s*\]\]>|\]\]>)\s*$")


@dataclass
class Page:
    """One HTML page with the pieces every field extractor needs."""

    tree: _Element | None
    url: str | None = None
    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)

    def meta_first(self, *names: str) -> str | None:
        """First non-empty content among `<meta>` names/properties, in the order asked."""
        for name in names:
            for value in self.meta.get(name.lower(), ()):
                if value:
                    return value
        return None

    def meta_all(self, *names: str) -> list[str]:
        return [v for name in names for v in self.meta.get(name.lower(), ()) if v]

    def articles(self) -> list[dict[str, Any]]:
        """JSON-LD objects typed as an article, those with a body or headline first."""
        found = [obj for obj in self.jsonld if _types(obj) & ARTICLE_TYPES]
        found.sort(key=lambda o: not (o.get("articleBody") or o.get("headline")))
        return found

    def webpages(self) -> list[dict[str, Any]]:
        return [obj for obj in self.jsonld if _types(obj) & PAGE_TYPES]

    def xpath(self, query: str) -> list[Any]:
        if self.tree is None:
            return []
        try:
            return list(self.tree.xpath(query))
        except Exception:
            return []


def parse_page(html: str, url: str | None = None) -> Page:
    """Parse once; a page lxml cannot parse yields an empty `Page`, not an error."""
    tree = _parse_tree(html)
    page = Page(tree=tree, url=url)
    if tree is not None:
        page.meta = _collect_meta(tree)
        page.jsonld = list(_collect_jsonld(tree))
    return page


def _parse_tree(html: str) -> _Element | None:
    if not html or not html.strip():
        return None
    # lxml refuses str input that carries an XML encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)
    # Control characters are not text (lxml would keep them as U+FFFD in every field).
    html = _CONTROL.sub("", html)
    try:
        return lxml_html.document_fromstring(html)
    except (ParserError, ValueError):
        return None


def _collect_meta(tree: _Element) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        if content is None:
            continue
        content = " ".join(content.split())
        for attr in ("name", "property", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key:
                for part in key.lower().split():
                    meta.setdefault(part, []).append(content)
    return meta


def _collect_jsonld(tree: _Element) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _loads_lenient(script.text or "")
        if data is not None:
            yield from _flatten(data)


def _loads_lenient(text: str) -> Any:
    """JSON-LD as published: wrapped in HTML comments or CDATA, sometimes with raw newlines."""
    lines = [_JSON_COMMENTS.sub("", line) for line in text.strip().splitlines()]
    cleaned = "\n".join(lines).strip()
    if not cleaned:
        return None
    for candidate in (cleaned, cleaned.replace("\n", " ").replace("\t", " ")):
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    return None


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    """Every top-level object, @graph member and mainEntity as a flat sequence."""
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _flatten(data["@graph"])
        if "@type" in data:
            yield data
        main = data.get("mainEntity") or data.get("mainEntityOfPage")
        if isinstance(main, dict) and "@type" in main:
            yield from _flatten(main)


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.lower().rsplit("/", 1)[-1] for v in values if isinstance(v, str)}
