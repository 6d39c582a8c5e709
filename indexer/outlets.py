"""The registry of outlets (`<prefix>-outlets`): every registrable domain that yielded an article.

One document per domain (`bbc.co.uk`, the registrable domain from tldextract's bundled public
suffix list, never fetched): its name, country (GDELT's source country as ISO, else the ccTLD,
else `unknown`), the languages and ways (`found_via`) its articles came in, how many, when first
and last seen, and its status: `discovered` (found by discovery only), `promoted` (in the
sources file) or `blocked` (never fetched again). The crawl adds its tallies when it ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import tldextract
from elasticsearch import Elasticsearch, NotFoundError

from vnmon.kernel.errors import VnmonError
from vnmon.kernel.settings import get_settings

STATUSES = ("discovered", "promoted", "blocked")
_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")
_KEYWORD = {"type": "keyword"}

OUTLETS_MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "domain": _KEYWORD,
        "name": {"type": "text", "fields": {"raw": _KEYWORD}},
        "country": _KEYWORD,
        "languages": _KEYWORD,
        "found_via": _KEYWORD,
        "sources": _KEYWORD,
        "articles": {"type": "long"},
        "first_seen": {"type": "date"},
        "last_seen": {"type": "date"},
        "status": _KEYWORD,
        "status_changed": {"type": "date"},
        "homepage": _KEYWORD,
    },
}

# Adds a crawl's tally to an outlet; the status and first-seen time stay as they were.
_ADD_TALLY = """
ctx._source.articles += params.articles;
for (def key : ['languages', 'found_via', 'sources']) {
  if (ctx._source[key] == null) { ctx._source[key] = []; }
  for (def value : params[key]) {
    if (!ctx._source[key].contains(value)) { ctx._source[key].add(value); }
  }
}
if (ctx._source.last_seen == null || params.last_seen.compareTo(ctx._source.last_seen) > 0) {
  ctx._source.last_seen = params.last_seen;
}
if (ctx._source.country == 'unknown' && params.country != 'unknown') { ctx._source.country = params.country; }
if (params.promoted && ctx._source.status == 'discovered') { ctx._source.status = 'promoted'; }
"""


class OutletError(VnmonError):
    """A domain that is not one, or an outlet the registry does not hold."""


def outlets_index(prefix: str | None = None) -> str:
    return f"{prefix or get_settings().index_prefix}-outlets"


def valid_domain(text: str) -> str:
    """`text` as a registrable domain (`www.BBC.co.uk` → `bbc.co.uk`); OutletError says why not."""
    host = text.strip().lower().rstrip(".")
    if "://" in host or "/" in host or not _DOMAIN.match(host):
        raise OutletError(f"{text!r} is not a domain name (e.g. bbc.co.uk; no scheme or path)")
    return _extractor()(host).top_domain_under_public_suffix or host


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # The bundled public-suffix snapshot only: no network fetch, no cache directory.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@dataclass
class OutletTally:
    """What one crawl saw of one outlet."""

    name: str
    country: str
    promoted: bool
    homepage: str = ""
    articles: int = 0
    languages: set[str] = field(default_factory=set)
    found_via: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    last_seen: datetime = field(default_factory=lambda: datetime.now(UTC))


def ensure_index(client: Elasticsearch) -> str:
    name = outlets_index()
    if not client.indices.exists(index=name):
        client.options(ignore_status=400).indices.create(
            index=name,
            mappings=OUTLETS_MAPPING,
            settings={"index": {"number_of_shards": 1, "auto_expand_replicas": "0-1"}},
        )
    return name


def record_tallies(client: Elasticsearch, tallies: dict[str, OutletTally]) -> None:
    """Add a crawl's tallies to the registry (one bulk request)."""
    if not tallies:
        return
    index = ensure_index(client)
    operations: list[dict[str, Any]] = []
    for domain, tally in sorted(tallies.items()):
        seen = tally.last_seen.isoformat()
        params = {
            "articles": tally.articles,
            "languages": sorted(tally.languages),
            "found_via": sorted(tally.found_via),
            "sources": sorted(tally.sources),
            "last_seen": seen,
            "country": tally.country,
            "promoted": tally.promoted,
        }
        upsert = {
            "domain": domain,
            "name": tally.name,
            "country": tally.country,
            "languages": params["languages"],
            "found_via": params["found_via"],
            "sources": params["sources"],
            "articles": tally.articles,
            "first_seen": seen,
            "last_seen": seen,
            "status": "promoted" if tally.promoted else "discovered",
            "homepage": tally.homepage,
        }
        operations += [
            {"update": {"_index": index, "_id": domain, "retry_on_conflict": 3}},
            {"script": {"source": _ADD_TALLY, "lang": "painless", "params": params}, "upsert": upsert},
        ]
    client.bulk(operations=operations, refresh="wait_for")


def list_outlets(client: Elasticsearch, status: str | None = None, size: int = 1000) -> list[dict[str, Any]]:
    """The registry, most articles first (optionally of one status)."""
    if status is not None and status not in STATUSES:
        raise OutletError(f"unknown status {status!r}; one of: {', '.join(STATUSES)}")
    query: dict[str, Any] = {"term": {"status": status}} if status else {"match_all": {}}
    try:
        found = client.search(
            index=outlets_index(), size=size, query=query, sort=[{"articles": "desc"}, {"domain": "asc"}]
        )
    except NotFoundError:
        return []
    return [hit["_source"] for hit in found["hits"]["hits"]]


def get_outlet(client: Elasticsearch, domain: str) -> dict[str, Any] | None:
    try:
        found = client.get(index=outlets_index(), id=valid_domain(domain))
    except NotFoundError:
        return None
    source: dict[str, Any] = found["_source"]
    return source


def set_status(client: Elasticsearch, domain: str, status: str) -> dict[str, Any]:
    """Set an outlet's status; blocking a domain never seen registers it blocked."""
    if status not in STATUSES:
        raise OutletError(f"unknown status {status!r}; one of: {', '.join(STATUSES)}")
    domain = valid_domain(domain)
    index = ensure_index(client)
    now = datetime.now(UTC).isoformat()
    existing = get_outlet(client, domain)
    if existing is None:
        if status != "blocked":
            raise OutletError(f"no outlet {domain!r} in the registry (`vnmon outlets list` shows them)")
        existing = {
            "domain": domain, "name": domain, "country": "unknown", "languages": [], "found_via": [],
            "sources": [], "articles": 0, "first_seen": now, "last_seen": now,
        }  # fmt: skip
    existing.update(status=status, status_changed=now)
    client.index(index=index, id=domain, document=existing, refresh="wait_for")
    return existing


def blocked_domains(client: Elasticsearch) -> set[str]:
    return {o["domain"] for o in list_outlets(client, "blocked", size=10000)}
