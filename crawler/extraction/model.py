"""The `Extracted` record: every field pulled out of one article page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Where a publication date came from, most to least trustworthy.
DATE_SOURCES = ("jsonld", "opengraph", "meta", "time", "url", "htmldate", "feed")


@dataclass(frozen=True)
class Extracted:
    """Fields of one article page; None (or empty) means the page did not say."""

    title: str | None
    body: str
    lead: str | None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    date_source: str | None = None
    canonical_url: str | None = None
    declared_language: str | None = None
    site_name: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    method: str = "none"
    page_type: str | None = None  # "article", "listing" (section/home/tag page) or None (unsaid)
    # Visible text beside the article that the body does not store (image captions, a
    # standfirst repeating the description): relevance reads it, the index does not.
    context: str = ""

    @property
    def read_text(self) -> str:
        """What relevance reads beside the title and lead: the body, then its context."""
        return f"{self.body}\n{self.context}" if self.context else self.body
