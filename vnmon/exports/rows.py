"""One export row per article: the fields reporters read, dates in the local time zone."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

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


def row_from_hit(hit: dict[str, Any], tz: ZoneInfo, copies: Counter[str], full_text: bool) -> ExportRow:
    """The row of one search hit; `copies` counts the week's documents per cluster id."""
    src = hit["_source"]
    cluster = src.get("cluster_id") or ""
    published = datetime.fromisoformat(src["published_at"].replace("Z", "+00:00")).astimezone(tz)
    return ExportRow(
        published=published,
        outlet=src.get("source_name") or src.get("source", ""),
        source=src.get("source", ""),
        country=src.get("country", ""),
        language=src.get("language", "und"),
        title=" ".join((src.get("title") or "").split()),
        url=src.get("canonical_url") or src.get("url", ""),
        snippet=snippet(src.get("lead", ""), src.get("body", "")),
        relevance=round(float(src.get("relevance") or 0.0), 2),
        matched_terms=tuple(src.get("matched_terms") or ()),
        cluster_id=cluster,
        copies=max(copies.get(cluster, 1), 1) if cluster else 1,
        article_id=hit["_id"],
        body=src.get("body", "") if full_text else None,
    )
