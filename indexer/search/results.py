"""What a search returns: hits grouped by story, facet counts, the next page's cursor."""

from __future__ import annotations

import html
from typing import Any

from pydantic import BaseModel, Field

# Highlight markers ES puts around matches: private-use characters no article contains, so the
# text can be HTML-escaped first and only our markers become <mark> elements.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"


class Outlet(BaseModel):
    """One outlet's copy of a story."""

    id: str
    source: str
    source_name: str = ""
    url: str = ""
    published_at: str | None = None


class SearchHit(BaseModel):
    """One story (or, with all copies, one article)."""

    id: str
    url: str
    title: str
    source: str
    source_name: str = ""
    language: str = "und"
    country: str = ""
    published_at: str | None = None
    score: float | None = None
    snippet: str = Field("", description="HTML: escaped text with <mark> around matches")
    snippet_text: str = Field("", description="The snippet as plain text")
    cluster_id: str | None = None
    copies: int = Field(1, description="Articles of this story among the results")
    outlets: list[Outlet] = Field(default_factory=list, description="Copies, earliest first (at most 10)")
    lead: str = ""
    relevance: float = 0.0
    prominence: str = Field("none", description="Where Vietnam is named first: title, lead, passing or none")


class Bucket(BaseModel):
    key: str
    count: int
    label: str | None = None


class Facets(BaseModel):
    """Article counts of the whole result set (every copy counts)."""

    languages: list[Bucket] = Field(default_factory=list)
    sources: list[Bucket] = Field(default_factory=list)
    countries: list[Bucket] = Field(default_factory=list)
    places: list[Bucket] = Field(default_factory=list, description="Place ids named (see `place:`)")
    topics: list[Bucket] = Field(default_factory=list, description="Topic ids (config/topics.yaml)")
    histogram: list[Bucket] = Field(default_factory=list)
    interval: str | None = Field(None, description="hour, day, week or month")


class Spellings(BaseModel):
    """A term of the query and the other spellings it was searched in (Hanoi → Hà Nội, Ханой…)."""

    term: str
    forms: list[str]


class SearchResult(BaseModel):
    """One page of a search."""

    total: int = Field(description="Stories (or articles, with all copies) matching")
    articles: int = Field(description="Articles matching, every copy counted")
    hits: list[SearchHit]
    facets: Facets | None
    next_cursor: str | None
    took_ms: int = 0
    spellings: list[Spellings] = Field(
        default_factory=list, description="Each expanded term and the other spellings searched"
    )

    def to_json(self) -> dict[str, Any]:
        """`{"total", "hits", "facets", "next_cursor", "spellings"}`: the shape of `vnmon search
        --format json` and `/api/search`."""
        return self.model_dump(mode="json", include={"total", "hits", "facets", "next_cursor", "spellings"})


def marked_html(fragment: str) -> str:
    """A highlighted fragment as HTML: text escaped, matches in <mark>."""
    return html.escape(fragment, quote=False).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


def plain(fragment: str) -> str:
    return fragment.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
