"""One export row per article: the fields reporters read, dates in the local time zone."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from vnmon.exports.tags import TagNames, configured_tags
from vnmon.kernel.lexicon import Lexicon
from vnmon.kernel.prominence import prominence

SNIPPET_CHARS = 300


@dataclass(frozen=True)
class ExportRow:
    """An article as exported (CSV/XLSX/JSONL row and report table line)."""

    published: datetime  # aware, in the export's time zone
    outlet: str
    source: str
    country: str
    language: str
    title: str
    url: str
    snippet: str
    relevance: float
    matched_terms: tuple[str, ...]
    cluster_id: str
    copies: int
    article_id: str
    body: str | None = None  # only with --full-text
    prominence: str = "none"  # title, lead, passing or none: where Vietnam is named first
    archive_url: str = ""  # the archived copy in vnmon (VNMON_PUBLIC_URL/articles/<id>)
    places: tuple[str, ...] = ()  # readable: each current unit with the places named in it
    topics: tuple[str, ...] = ()  # topic labels, best first
    found_via: tuple[str, ...] = ()  # feed, sitemap, section, gdelt-gkg, gdelt-doc, news-search
    gdelt_tone: float | None = None  # GDELT's tone, when GDELT knows the article
    gdelt_locations: tuple[str, ...] = ()  # GDELT's Vietnamese locations
    place_ids: tuple[str, ...] = ()
    topic_ids: tuple[str, ...] = ()

    @property
    def prominence_rank(self) -> int:
        """3 for a headline mention, 2 the lead, 1 a passing mention, 0 none."""
        return {"title": 3, "lead": 2, "passing": 1}.get(self.prominence, 0)

    def to_json(self) -> dict[str, Any]:
        """The JSONL object: stable English keys, ISO date with its offset."""
        data: dict[str, Any] = {
            "published_at": self.published.isoformat(),
            "outlet": self.outlet,
            "source": self.source,
            "country": self.country,
            "language": self.language,
            "title": self.title,
            "url": self.url,
            "snippet": self.snippet,
            "relevance": self.relevance,
            "matched_terms": list(self.matched_terms),
            "cluster_id": self.cluster_id,
            "copies": self.copies,
            "article_id": self.article_id,
            "prominence": self.prominence,
            "archive_url": self.archive_url,
            "places": list(self.place_ids),
            "place_names": list(self.places),
            "topics": list(self.topic_ids),
            "topic_labels": list(self.topics),
            "found_via": list(self.found_via),
            "gdelt_tone": self.gdelt_tone,
            "gdelt_locations": list(self.gdelt_locations),
        }
        if self.body is not None:
            data["body"] = self.body
        return data


def snippet(lead: str, body: str, limit: int = SNIPPET_CHARS) -> str:
    """The lead, or the start of the body cut at a word boundary, with an ellipsis when cut."""
    text = " ".join((lead or body or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(",;:") + "…"


@dataclass(frozen=True)
class RowContext:
    """What turning hits into rows needs besides the hit: the zone, the story sizes, and more."""

    tz: ZoneInfo
    copies: Counter[str] = field(default_factory=Counter)  # documents per cluster id
    full_text: bool = False
    lexicon: Lexicon | None = None  # for the passage that matched (else the lead is the snippet)
    public_url: str = ""  # VNMON_PUBLIC_URL: rows link their archived copy there
    tags: TagNames = field(default_factory=configured_tags)  # names of place and topic ids


def row_from_hit(hit: dict[str, Any], context: RowContext) -> ExportRow:
    """The row of one search hit: the snippet is the passage naming Vietnam (else the lead)."""
    src = hit["_source"]
    cluster = src.get("cluster_id") or ""
    published = datetime.fromisoformat(src["published_at"].replace("Z", "+00:00")).astimezone(context.tz)
    lead, body = src.get("lead", ""), src.get("body", "")
    found = prominence(src.get("title"), lead, body, context.lexicon) if context.lexicon else None
    passage = found.passage if found is not None else ""
    place_ids, topic_ids = tuple(src.get("places") or ()), tuple(src.get("topics") or ())
    tone = src.get("gdelt_tone")
    return ExportRow(
        published=published,
        outlet=src.get("source_name") or src.get("source", ""),
        source=src.get("source", ""),
        country=src.get("country", ""),
        language=src.get("language", "und"),
        title=" ".join((src.get("title") or "").split()),
        url=src.get("canonical_url") or src.get("url", ""),
        snippet=snippet(passage or lead, body),
        relevance=round(float(src.get("relevance") or 0.0), 2),
        matched_terms=tuple(src.get("matched_terms") or ()),
        cluster_id=cluster,
        copies=max(context.copies.get(cluster, 1), 1) if cluster else 1,
        article_id=hit["_id"],
        body=body if context.full_text else None,
        prominence=found.level if found is not None else "none",
        archive_url=archive_url(context.public_url, hit["_id"]),
        places=context.tags.place_names(place_ids),
        topics=context.tags.topic_names(topic_ids),
        found_via=tuple(src.get("found_via") or ()),
        gdelt_tone=None if tone is None else round(float(tone), 2),
        gdelt_locations=tuple(src.get("gdelt_locations") or ()),
        place_ids=place_ids,
        topic_ids=topic_ids,
    )


def archive_url(public_url: str, article_id: str) -> str:
    """The vnmon page of an article and its archived copy ("" without a public address)."""
    from urllib.parse import quote

    return f"{public_url}/articles/{quote(article_id, safe='')}" if public_url else ""
