"""Spiders by kind of entry point: `news` walks all of a source's, the others one kind only."""

from __future__ import annotations

from typing import ClassVar

from crawler.spiders.base import SourceSpider


class NewsSpider(SourceSpider):
    """Feeds, sitemaps and section pages of each selected source."""

    name = "news"


class FeedsSpider(SourceSpider):
    """RSS 2.0, RSS 1.0/RDF and Atom feeds only."""

    name = "feeds"
    kinds: ClassVar[tuple[str, ...]] = ("feeds",)


class SitemapsSpider(SourceSpider):
    """Sitemap indexes, news sitemaps and plain sitemaps only, within the date limit."""

    name = "sitemaps"
    kinds: ClassVar[tuple[str, ...]] = ("sitemaps",)


class SectionsSpider(SourceSpider):
    """Section listing pages and their "next" pagination only."""

    name = "sections"
    kinds: ClassVar[tuple[str, ...]] = ("sections",)
