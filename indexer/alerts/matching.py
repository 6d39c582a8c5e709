"""Finds a saved search's new matches: articles fetched since a moment that the query and filters accept."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch
from markupsafe import escape

from indexer.alerts.models import SavedQuery

PAGE_SIZE = 200
_OPEN, _CLOSE = "\ue000", "\ue001"
_SOURCE_FIELDS = [
    "url", "title", "source", "source_name", "language", "country",
    "published_at", "fetched_at", "cluster_id", "lead",
]  # fmt: skip


@dataclass(frozen=True)
class Match:
    """One article a saved search matched, with what a digest shows of it."""

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


def text_query(query: SavedQuery) -> dict[str, Any]:
    """The part of the query made from the words the analyst typed."""
    if not query.q:
        return {"match_all": {}}
    return {
        "simple_query_string": {
            "query": query.q,
            # Every language's analysed copy, so inflected forms match in their own language.
            "fields": ["title^3", "lead^2", "body", "i18n.*"],
            "default_operator": "and",
            "flags": "AND|OR|NOT|PHRASE|PREFIX|PRECEDENCE|WHITESPACE|ESCAPE",
            "lenient": True,
        }
    }


def filters(query: SavedQuery) -> list[dict[str, Any]]:
    """The saved filters (languages, sources, countries, published dates, minimum relevance)."""
    found: list[dict[str, Any]] = []
    for field, values in (("language", query.langs), ("source", query.sources), ("country", query.countries)):
        if values:
            found.append({"terms": {field: values}})
    published: dict[str, str] = {}
    if query.date_from:
        published["gte"] = query.date_from.isoformat()
    if query.date_to:
        published["lte"] = query.date_to.isoformat()
    if published:
        found.append({"range": {"published_at": published}})
    if query.min_relevance is not None:
        found.append({"range": {"relevance": {"gte": query.min_relevance}}})
    return found


def new_matches_query(query: SavedQuery, since: datetime) -> dict[str, Any]:
    """Articles matching `query` that were fetched strictly after `since`."""
    fetched = {"range": {"fetched_at": {"gt": since.isoformat()}}}
    return {"bool": {"must": [text_query(query)], "filter": [*filters(query), fetched]}}


def iter_matches(
    client: Elasticsearch, index: str, query: SavedQuery, since: datetime, page_size: int = PAGE_SIZE
) -> Iterator[list[Match]]:
    """Pages of matches fetched after `since`, oldest fetch first (so a digest cut short resumes
    where it stopped)."""
    search_after: list[Any] | None = None
    while True:
        response = client.search(
            index=index,
            query=new_matches_query(query, since),
            size=page_size,
            sort=[{"fetched_at": "asc"}, {"url": "asc"}, {"canonical_url": "asc"}],
            source_includes=_SOURCE_FIELDS,
            search_after=search_after,
            highlight={
                "pre_tags": [_OPEN],
                "post_tags": [_CLOSE],
                "fields": {"body": {}, "lead": {}},
                "require_field_match": False,
                "fragment_size": 200,
                "number_of_fragments": 1,
                "no_match_size": 200,
            },
        )
        hits = response["hits"]["hits"]
        if hits:
            yield [_match(hit) for hit in hits]
        if len(hits) < page_size:
            return
        search_after = hits[-1]["sort"]


def _match(hit: dict[str, Any]) -> Match:
    doc = hit["_source"]
    marked = _fragment(hit.get("highlight", {}), doc)
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
        snippet=marked.replace(_OPEN, "").replace(_CLOSE, ""),
        snippet_html=str(escape(marked)).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>"),
    )


def _fragment(highlight: dict[str, list[str]], doc: dict[str, Any]) -> str:
    """The highlighted passage; else the lead; else the start of the body (the body is not fetched
    whole: `no_match_size` makes the highlighter return its start)."""
    for field in ("body", "lead"):
        fragments = highlight.get(field)
        if fragments and _OPEN in fragments[0]:
            return " ".join(fragments[0].split())
    lead = " ".join((doc.get("lead") or "").split())
    if lead:
        return lead if len(lead) <= 200 else lead[:200].rsplit(" ", 1)[0] + " …"
    return " ".join((highlight.get("body") or [""])[0].split())
