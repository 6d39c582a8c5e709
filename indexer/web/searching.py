"""The web app's one door to the read side: search and article lookup, in the shapes its pages use.

Interim: until `indexer.search` lands, this holds a small query of its own; the pages and the JSON
API only see `SearchQuery`/`SearchPage`, so swapping the implementation changes nothing else.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

from elasticsearch import Elasticsearch, NotFoundError
from markupsafe import Markup, escape

from indexer.article import Article

Sort = Literal["relevance", "date"]
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"


@dataclass(frozen=True)
class SearchQuery:
    """What a user asked for: the same parameters as `vnmon search`."""

    q: str = ""
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: Sort = "relevance"
    size: int = 20
    all_copies: bool = False
    cursor: str | None = None


@dataclass(frozen=True)
class Copy:
    """Another outlet's copy of a syndicated story."""

    id: str
    source: str
    source_name: str
    url: str


@dataclass(frozen=True)
class Hit:
    id: str
    url: str
    title: str
    source: str
    source_name: str
    language: str
    country: str
    published_at: str | None
    score: float | None
    snippet: str
    snippet_html: str
    cluster_id: str | None
    copies: int = 1
    other_copies: list[Copy] = field(default_factory=list)


@dataclass(frozen=True)
class Bucket:
    key: str
    count: int


@dataclass(frozen=True)
class Facets:
    languages: list[Bucket]
    sources: list[Bucket]
    countries: list[Bucket]
    histogram: list[Bucket]
    interval: str


@dataclass(frozen=True)
class SearchPage:
    """One page of results with the facets of the whole result set."""

    total: int
    hits: list[Hit]
    facets: Facets
    next_cursor: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def run_search(client: Elasticsearch, alias: str, query: SearchQuery) -> SearchPage:
    """Search the articles under `alias` (interim implementation, see the module docstring)."""
    offset = _offset(query.cursor)
    body: dict[str, Any] = {
        "query": _query(query),
        "size": query.size,
        "from": offset,
        "sort": _sort(query.sort),
        "track_total_hits": True,
        "highlight": {
            "pre_tags": [_MARK_OPEN],
            "post_tags": [_MARK_CLOSE],
            "fragment_size": 180,
            "number_of_fragments": 2,
            "require_field_match": False,
            "fields": {"i18n.body_*": {}, "body": {}, "lead": {}},
        },
        "aggs": _aggregations(query),
    }
    if not query.all_copies:
        body["collapse"] = {
            "field": "cluster_id",
            "inner_hits": {"name": "copies", "size": 6, "_source": ["source", "source_name", "url"]},
        }
    response = client.search(index=alias, **body).body
    aggs = response.get("aggregations", {})
    total = int(aggs["groups"]["value"]) if not query.all_copies else int(response["hits"]["total"]["value"])
    hits = [_hit(raw) for raw in response["hits"]["hits"]]
    more = offset + len(hits) < total and len(hits) == query.size
    return SearchPage(
        total=total,
        hits=hits,
        facets=_facets(aggs, _interval(query)),
        next_cursor=_cursor(offset + len(hits)) if more else None,
    )


def fetch_article(client: Elasticsearch, alias: str, article_id: str) -> Article | None:
    """The article with id `article_id`, or None when there is none."""
    try:
        found = client.get(index=alias, id=article_id)
    except NotFoundError:
        return None
    return Article.from_document(found["_id"], found["_source"])


def cluster_copies(client: Elasticsearch, alias: str, cluster_id: str, limit: int = 50) -> list[Copy]:
    """Every outlet's copy of the story `cluster_id`."""
    response = client.search(
        index=alias,
        query={"term": {"cluster_id": cluster_id}},
        size=limit,
        source_includes=["source", "source_name", "url"],
        sort=[{"published_at": {"order": "asc", "missing": "_last"}}],
    ).body
    return [_copy(h) for h in response["hits"]["hits"]]


def _query(query: SearchQuery) -> dict[str, Any]:
    filters: list[dict[str, Any]] = []
    for field_name, values in (
        ("language", query.languages),
        ("source", query.sources),
        ("country", query.countries),
    ):
        if values:
            filters.append({"terms": {field_name: list(values)}})
    if query.date_from or query.date_to:
        bounds = {"gte": query.date_from, "lte": query.date_to}
        filters.append({"range": {"published_at": {k: v.isoformat() for k, v in bounds.items() if v}}})
    must: dict[str, Any] = {"match_all": {}}
    if query.q.strip():
        must = {
            "simple_query_string": {
                "query": query.q,
                "fields": ["title^3", "lead^2", "body", "i18n.*"],
                "default_operator": "and",
            }
        }
    return {"bool": {"must": [must], "filter": filters}}


def _sort(sort: Sort) -> list[Any]:
    if sort == "date":
        return [{"published_at": {"order": "desc", "missing": "_last"}}, "_score"]
    return ["_score", {"published_at": {"order": "desc", "missing": "_last"}}]


def _aggregations(query: SearchQuery) -> dict[str, Any]:
    return {
        "groups": {"cardinality": {"field": "cluster_id"}},
        "languages": {"terms": {"field": "language", "size": 40}},
        "sources": {"terms": {"field": "source", "size": 60}},
        "countries": {"terms": {"field": "country", "size": 60}},
        "histogram": {
            "date_histogram": {
                "field": "published_at",
                "calendar_interval": _interval(query),
                "min_doc_count": 0,
            }
        },
    }


def _interval(query: SearchQuery) -> str:
    if query.date_from and query.date_to and (query.date_to - query.date_from).days <= 120:
        return "day"
    return "week"


def _facets(aggs: dict[str, Any], interval: str) -> Facets:
    def buckets(name: str) -> list[Bucket]:
        return [Bucket(str(b["key"]), int(b["doc_count"])) for b in aggs.get(name, {}).get("buckets", [])]

    histogram = [
        Bucket(str(b["key_as_string"])[:10], int(b["doc_count"]))
        for b in aggs.get("histogram", {}).get("buckets", [])
    ]
    return Facets(buckets("languages"), buckets("sources"), buckets("countries"), histogram, interval)


def _hit(raw: dict[str, Any]) -> Hit:
    source = raw["_source"]
    copies_hits = raw.get("inner_hits", {}).get("copies", {}).get("hits", {})
    copies = int(copies_hits.get("total", {}).get("value", 1)) or 1
    others = [_copy(h) for h in copies_hits.get("hits", []) if h["_id"] != raw["_id"]]
    text = _snippet(raw.get("highlight", {}), source)
    return Hit(
        id=raw["_id"],
        url=source.get("url", ""),
        title=source.get("title", ""),
        source=source.get("source", ""),
        source_name=source.get("source_name", ""),
        language=source.get("language", "und"),
        country=source.get("country", ""),
        published_at=source.get("published_at"),
        score=raw.get("_score"),
        snippet=text.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, ""),
        snippet_html=str(_marked(text)),
        cluster_id=source.get("cluster_id"),
        copies=copies,
        other_copies=others,
    )


def _copy(raw: dict[str, Any]) -> Copy:
    source = raw.get("_source", {})
    return Copy(raw["_id"], source.get("source", ""), source.get("source_name", ""), source.get("url", ""))


def _snippet(highlight: dict[str, list[str]], source: dict[str, Any]) -> str:
    # The language-analysed copy matches inflected forms; prefer its fragments.
    for name in sorted(highlight, key=lambda n: (not n.startswith("i18n."), n)):
        if highlight[name]:
            return " … ".join(highlight[name])
    text = str(source.get("lead") or source.get("body") or "")
    return text[:240] + ("…" if len(text) > 240 else "")


def _marked(text: str) -> Markup:
    """HTML of a highlighted fragment: the text escaped, then only our own markers made into <mark>."""
    escaped = str(escape(text))
    return Markup(escaped.replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>"))


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return max(0, min(int(data["o"]), 10_000))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"invalid cursor {cursor!r}") from exc
