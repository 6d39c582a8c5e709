"""Finds a saved search's new matches: articles fetched since a moment that the query and filters accept.

The query and filters are the search module's (same syntax, lexicon expansion and language
copies as `vnmon search`); only the `fetched_at` window is added here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch

from indexer.mapping import i18n_field
from indexer.search import filter_clauses, to_es_query
from indexer.search.engine import HIGHLIGHT_MAX_OFFSET
from indexer.search.fields import analyzers_for_languages
from indexer.search.results import MARK_CLOSE, MARK_OPEN, marked_html, plain
from vnmon.alerts.models import SavedQuery

PAGE_SIZE = 500
DESCRIBE_BATCH = 100
SNIPPET_CHARS = 200
_STREAM_FIELDS = ["fetched_at", "cluster_id", "language"]
_DETAIL_FIELDS = [
    "url", "title", "source", "source_name", "language", "country",
    "published_at", "fetched_at", "cluster_id", "lead",
]  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    """A new match as the stream of matches gives it: enough to check the delivery log."""

    id: str
    cluster_id: str | None
    fetched_at: str
    language: str


@dataclass(frozen=True)
class Match:
    """One article a digest shows."""

    id: str
    url: str
    title: str
    source: str
    source_name: str
    language: str
    country: str
    published_at: str | None
    fetched_at: str
    cluster_id: str | None
    snippet: str
    snippet_html: str

    def to_json(self) -> dict[str, Any]:
        """The article in a webhook payload."""
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "source": self.source,
            "source_name": self.source_name,
            "language": self.language,
            "country": self.country,
            "published_at": self.published_at,
            "fetched_at": self.fetched_at,
            "cluster_id": self.cluster_id,
            "snippet": self.snippet,
        }


def matches_query(query: SavedQuery) -> dict[str, Any]:
    """The saved query and filters as one Elasticsearch query (raises SearchQueryError if malformed)."""
    params = query.to_params()
    return {"bool": {"must": [to_es_query(params.q, expand=params.expand)], "filter": filter_clauses(params)}}


def new_matches_query(query: SavedQuery, since: datetime) -> dict[str, Any]:
    """Articles matching `query` that were fetched strictly after `since`."""
    combined = matches_query(query)
    combined["bool"]["filter"].append({"range": {"fetched_at": {"gt": since.isoformat()}}})
    return combined


def iter_candidates(
    client: Elasticsearch, index: str, query: SavedQuery, since: datetime, page_size: int = PAGE_SIZE
) -> Iterator[list[Candidate]]:
    """Pages of new matches, oldest fetch first (so a digest cut short resumes where it stopped)."""
    compiled = new_matches_query(query, since)
    search_after: list[Any] | None = None
    while True:
        hits = client.search(
            index=index,
            query=compiled,
            size=page_size,
            sort=[{"fetched_at": "asc"}, {"url": "asc"}, {"canonical_url": "asc"}],
            source_includes=_STREAM_FIELDS,
            track_total_hits=False,
            search_after=search_after,
        )["hits"]["hits"]
        if hits:
            yield [
                Candidate(
                    id=hit["_id"],
                    cluster_id=hit["_source"].get("cluster_id"),
                    fetched_at=hit["_source"].get("fetched_at", ""),
                    language=hit["_source"].get("language", "und"),
                )
                for hit in hits
            ]
        if len(hits) < page_size:
            return
        search_after = hits[-1]["sort"]


def describe(
    client: Elasticsearch, index: str, query: SavedQuery, chosen: Sequence[Candidate]
) -> list[Match]:
    """The digest entries of `chosen` (in that order), with the matched words highlighted."""
    compiled = matches_query(query)
    by_id: dict[str, dict[str, Any]] = {}
    # Highlighting is the costly part: a bounded number of articles per request.
    for start in range(0, len(chosen), DESCRIBE_BATCH):
        batch = chosen[start : start + DESCRIBE_BATCH]
        restricted = {"bool": {**compiled["bool"], "filter": [*compiled["bool"]["filter"], _ids(batch)]}}
        hits = client.search(
            index=index,
            query=restricted,
            size=len(batch),
            source_includes=_DETAIL_FIELDS,
            highlight=_highlight(analyzers_for_languages({c.language for c in batch})),
        )["hits"]["hits"]
        by_id.update((hit["_id"], hit) for hit in hits)
    # An article deleted (or re-indexed so it no longer matches) since the stream read it is left out.
    return [_match(by_id[c.id]) for c in chosen if c.id in by_id]


def _ids(batch: Sequence[Candidate]) -> dict[str, Any]:
    return {"ids": {"values": [c.id for c in batch]}}


def _highlight(analyzers: list[str]) -> dict[str, Any]:
    """Highlight the standard body and lead, counting matches found through the language copies
    (a Russian inflected form is matched by the Russian analyzer, shown in the plain text)."""

    def field(part: str, **options: Any) -> dict[str, Any]:
        return {
            "type": "unified",
            "matched_fields": [part, *(i18n_field(part, a) for a in analyzers)],
            "fragment_size": SNIPPET_CHARS,
            **options,
        }

    return {
        "pre_tags": [MARK_OPEN],
        "post_tags": [MARK_CLOSE],
        # Safe for any document: a body longer than the index's highlight limit is highlighted in
        # its beginning instead of failing the whole digest.
        "max_analyzed_offset": HIGHLIGHT_MAX_OFFSET,
        "fields": {
            "body": field("body", number_of_fragments=1, no_match_size=SNIPPET_CHARS),
            "lead": field("lead", number_of_fragments=1),
        },
    }


def _match(hit: dict[str, Any]) -> Match:
    doc = hit["_source"]
    fragment = _fragment(hit.get("highlight", {}), doc.get("lead") or "")
    return Match(
        id=hit["_id"],
        url=doc.get("url", ""),
        title=doc.get("title", ""),
        source=doc.get("source", ""),
        source_name=doc.get("source_name") or doc.get("source", ""),
        language=doc.get("language", "und"),
        country=doc.get("country", ""),
        published_at=doc.get("published_at"),
        fetched_at=doc.get("fetched_at", ""),
        cluster_id=doc.get("cluster_id"),
        snippet=plain(fragment),
        snippet_html=marked_html(fragment),
    )


def _fragment(highlight: dict[str, list[str]], lead: str) -> str:
    """The passage with a match (body, then lead); else the lead; else the body's start (the body
    is never fetched whole: `no_match_size` makes the highlighter return its beginning)."""
    for field in ("body", "lead"):
        fragments = highlight.get(field) or []
        if fragments and MARK_OPEN in fragments[0]:
            return " ".join(fragments[0].split())
    lead = " ".join(lead.split())
    if lead:
        return lead if len(lead) <= SNIPPET_CHARS else lead[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return " ".join((highlight.get("body") or [""])[0].split())
