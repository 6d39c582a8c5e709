"""Runs a search: one hit per story (or every copy), facets, and cursor pages via search_after.

Elasticsearch refuses `collapse` together with `search_after` on a relevance sort, so stories
are grouped here: hits are read in sort order (search_after), and a story is shown where its
best copy (its "head", found with `collapse` over the page's stories) comes in that order.
A story whose head came before the cursor was shown on an earlier page and is skipped, so pages
never repeat a story and never skip one, and the cursor stays a few sort values long.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from indexer.lifecycle import articles_alias
from indexer.mapping import LANGUAGE_ANALYZERS, i18n_field
from indexer.search.compiler import compile_query, to_es_query
from indexer.search.cursor import decode_cursor, encode_cursor
from indexer.search.errors import SearchError, SearchQueryError
from indexer.search.expansion import default_lexicon
from indexer.search.facets import (
    FACET_PARAMS,
    count_aggs,
    days_agg,
    extent,
    histogram_agg,
    interval_for,
    read_facets,
    rolled_up,
)
from indexer.search.known import check_values, known_values_body, requested
from indexer.search.params import SearchParams, date_range, filter_clauses
from indexer.search.results import (
    MARK_CLOSE,
    MARK_OPEN,
    Facets,
    Outlet,
    SearchHit,
    SearchResult,
    Spellings,
    marked_html,
    plain,
)
from indexer.search.syntax import parse
from vnmon.kernel.lexicon import Lexicon
from vnmon.kernel.prominence import prominence

# Stream batches read per page at most when many copies of already-shown stories come first;
# a page may then be short, and its cursor continues where it stopped.
MAX_ROUNDS = 4
MAX_OUTLETS = 10
SNIPPET_CHARS = 180
# Highlight only the first characters of each text field: past `index.highlight.max_analyzed_offset`
# (1,000,000 by default) Elasticsearch refuses the whole search instead of highlighting less.
HIGHLIGHT_MAX_OFFSET = 500_000
_DISPLAY = [
    "url", "title", "lead", "source", "source_name", "language", "country",
    "published_at", "cluster_id", "relevance", "body",
]  # fmt: skip
_OUTLET_FIELDS = ["source", "source_name", "url", "published_at"]


@dataclass(frozen=True)
class _Plan:
    """The parts of every request of one search."""

    text: str
    lexicon: Lexicon | None
    expand: bool
    alias: str
    user_query: dict[str, Any]
    query: dict[str, Any]
    sort: list[Any]
    preference: str
    track_scores: bool
    prominence_lexicon: Lexicon


def search(
    client: Elasticsearch, params: SearchParams, lexicon: Lexicon | None = None, *, alias: str | None = None
) -> SearchResult:
    """Run `params` against the articles alias (default `<prefix>-articles`).

    Raises `SearchQueryError` for a malformed query or cursor, `SearchError` when
    Elasticsearch refuses or cannot be reached (the message names the alias and the cause).
    """
    started = time.monotonic()
    compiled = compile_query(params.q, lexicon=lexicon, expand=params.expand)
    user_query = compiled.query
    after = (
        _checked_after(decode_cursor(params.cursor, params.fingerprint()), params.sort)
        if params.cursor
        else None
    )
    plan = _Plan(
        text=params.q,
        lexicon=lexicon if params.expand else None,
        expand=params.expand,
        alias=alias or articles_alias(),
        user_query=user_query,
        query={"bool": {"must": [user_query], "filter": filter_clauses(params)}},
        sort=_sort(params.sort),
        # Every request of a search reads the same shard copies, so scores (and order) agree.
        preference=f"vnmon-{params.fingerprint()}",
        track_scores=params.sort == "date",
        prominence_lexicon=lexicon or default_lexicon(),
    )
    spellings = [Spellings(term=term, forms=forms) for term, forms in compiled.spellings.items()]
    try:
        result = _run(client, plan, params, after, started)
    except (ApiError, TransportError) as exc:
        raise _es_error(exc, plan.alias) from exc
    return result.model_copy(update={"spellings": spellings})


def _facet_bodies(plan: _Plan, params: SearchParams) -> list[tuple[str, dict[str, Any]]]:
    """For each facet with chosen values, its counts without its own filter: the other values of
    a multi-select facet keep their counts (ru and ja both shown when ru is picked)."""
    if not params.facets:
        return []
    bodies = []
    aggs = count_aggs(True)
    for name, field in FACET_PARAMS.items():
        if getattr(params, field):
            others = filter_clauses(params.model_copy(update={field: ()}))
            query = {"bool": {"must": [plan.user_query], "filter": others}}
            bodies.append((name, {"query": query, "size": 0, "aggs": {name: aggs[name]}}))
    return bodies


def _run(
    client: Elasticsearch, plan: _Plan, params: SearchParams, after: list[Any] | None, started: float
) -> SearchResult:
    start, end = date_range(params)
    interval = interval_for(start, end) if start is not None and end is not None else None
    counts_body: dict[str, Any] = {
        "query": plan.query,
        "size": 0,
        "track_total_hits": True,
        "aggs": count_aggs(params.facets),
    }
    if params.facets:
        bars = histogram_agg(interval, start, end) if interval else days_agg(start, end, date.today())
        counts_body["aggs"].update(bars)
    batch = params.size + 1 if params.all_copies else max(2 * params.size, 20)
    wanted = requested(params, parse(params.q))
    facet_bodies = _facet_bodies(plan, params)
    extra = [body for _, body in facet_bodies] + ([known_values_body()] if wanted else [])
    stream = _stream_body(plan, after, batch)
    if after is None:
        # The first page: counts, facets and the first hits in one pass over the results.
        first_batch, *answers = _msearch(
            client, plan, [{**stream, "track_total_hits": True, "aggs": counts_body["aggs"]}, *extra]
        )
        counts = first_batch
    else:
        # Later pages: the counts again as a request without hits, which the shard request cache
        # answers from the second time on (until the index changes).
        counts, first_batch, *answers = _msearch(client, plan, [counts_body, stream, *extra])
    if wanted:
        check_values(wanted, answers[-1])
    for (name, _), answer in zip(facet_bodies, answers, strict=False):
        counts["aggregations"][name] = answer["aggregations"][name]

    if params.all_copies:
        page, cursor_values = _all_copies(first_batch, params.size)
    else:
        page, cursor_values = _grouped(client, plan, first_batch, after, batch, params.size)

    # Round two: the page's details and, when the dates were open and the day counts cannot
    # give the bars, the histogram whose interval the first round's extent decided.
    aggs = counts["aggregations"]
    requests = [_details_body(plan, page)] if page else []
    histogram = None
    if interval is None and params.facets and (spanned := extent(aggs)) is not None:
        interval = interval_for(*spanned)
        rolled = rolled_up(aggs, interval)
        if rolled is not None:
            aggs["histogram"] = rolled
        else:
            histogram = histogram_agg(interval, start, end)
            requests.append({"query": plan.query, "size": 0, "aggs": histogram})
    answers = _msearch(client, plan, requests) if requests else []
    details = answers[0] if page else None
    bars_answer = answers[-1] if histogram is not None else counts

    articles = int(counts["hits"]["total"]["value"])
    stories = int(aggs["groups"]["value"]) + int(aggs["ungrouped"]["doc_count"])
    total = articles if params.all_copies else stories
    facets: Facets | None = None
    if params.facets:
        bars = bars_answer.get("aggregations", {}).get("histogram")
        facets = read_facets(aggs, bars, interval if bars is not None else None)
    hits = _hits(page, details, plan.prominence_lexicon) if details is not None else []
    cursor = encode_cursor(params.fingerprint(), cursor_values) if cursor_values is not None else None
    return SearchResult(
        total=max(total, len(hits)),
        articles=articles,
        hits=hits,
        facets=facets,
        next_cursor=cursor,
        took_ms=int((time.monotonic() - started) * 1000),
    )


def _sort(sort: str) -> list[Any]:
    # canonical_url is unique per article (the id is its hash), so the order is total and
    # search_after neither repeats nor skips articles with equal scores or dates.
    newest = {"published_at": {"order": "desc", "missing": "_last"}}
    tie = {"canonical_url": {"order": "asc"}}
    if sort == "date":
        return [newest, tie]
    return [{"_score": {"order": "desc"}}, newest, tie]


def _checked_after(values: list[Any], sort: str) -> list[Any]:
    """The cursor's sort values if they have the shape `_sort(sort)` produces: a finite score
    (relevance sort), a date as epoch milliseconds, a canonical URL. A forged cursor is a
    `SearchQueryError` here, not a refusal from Elasticsearch."""
    score = [lambda v: isinstance(v, int | float) and math.isfinite(v)] if sort == "relevance" else []
    shape = [*score, lambda v: isinstance(v, int), lambda v: isinstance(v, str) and len(v) <= 8192]
    if len(values) != len(shape) or not all(fits(v) for fits, v in zip(shape, values, strict=True)):
        raise SearchQueryError("the cursor is damaged; start again from the first page")
    return values


def _stream_body(plan: _Plan, after: list[Any] | None, size: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "query": plan.query,
        "sort": plan.sort,
        "size": size,
        "_source": ["cluster_id", "language"],
        "track_total_hits": False,
        "track_scores": plan.track_scores,
    }
    if after is not None:
        body["search_after"] = after
    return body


def _all_copies(answer: dict[str, Any], size: int) -> tuple[list[dict[str, Any]], list[Any] | None]:
    hits = answer["hits"]["hits"]
    page = hits[:size]
    return page, (page[-1]["sort"] if len(hits) > size else None)


def _grouped(
    client: Elasticsearch,
    plan: _Plan,
    answer: dict[str, Any],
    after: list[Any] | None,
    batch: int,
    size: int,
) -> tuple[list[dict[str, Any]], list[Any] | None]:
    """One hit per story, in sort order; returns the page and the cursor's sort values."""
    page: list[dict[str, Any]] = []
    seen: set[str] = set()
    position = after
    for round_number in range(MAX_ROUNDS):
        if round_number:
            answer = _msearch(client, plan, [_stream_body(plan, position, batch)])[0]
        hits = answer["hits"]["hits"]
        # From the top, a story's first copy in the stream is its head: nothing came before it.
        fresh = [c for c in dict.fromkeys(_cluster(h) for h in hits) if c and c not in seen]
        heads = _heads(client, plan, fresh) if after is not None else None
        consumed = 0
        for hit in hits:
            consumed += 1
            position = hit["sort"]
            cluster = _cluster(hit)
            if cluster is not None:
                if cluster in seen:
                    continue
                seen.add(cluster)
                if heads is not None and heads.get(cluster) != hit["_id"]:
                    continue  # its best copy came before the cursor: shown on an earlier page
            page.append(hit)
            if len(page) == size:
                break
        if len(hits) < batch and consumed == len(hits):
            return page, None
        if len(page) == size:
            break
    return page, position


def _cluster(hit: dict[str, Any]) -> str | None:
    value = hit.get("_source", {}).get("cluster_id")
    return str(value) if value else None


def _heads(client: Elasticsearch, plan: _Plan, clusters: list[str]) -> dict[str, str]:
    """The id of the best copy (first in sort order) of each story in `clusters`."""
    if not clusters:
        return {}
    body = {
        "query": {"bool": {"must": [plan.query], "filter": [{"terms": {"cluster_id": clusters}}]}},
        "sort": plan.sort,
        "size": len(clusters),
        "collapse": {"field": "cluster_id"},
        "_source": False,
        "track_total_hits": False,
        "track_scores": plan.track_scores,
    }
    answer = _msearch(client, plan, [body])[0]
    return {str(h["fields"]["cluster_id"][0]): h["_id"] for h in answer["hits"]["hits"]}


def _details_body(plan: _Plan, page: list[dict[str, Any]]) -> dict[str, Any]:
    """Display fields, highlights and every story's copies for the hits of the page."""
    ids = [h["_id"] for h in page]
    clusters = sorted({c for h in page if (c := _cluster(h))})
    languages = {h.get("_source", {}).get("language", "") for h in page}
    # Only the page's hits and the other copies of their stories are read: a non-scoring filter,
    # so scores are those of the whole search, and the copies counted are every copy that matches
    # (the copies used to be aggregated over the whole result set: a second full pass).
    wanted = [{"ids": {"values": ids}}] + ([{"terms": {"cluster_id": clusters}}] if clusters else [])
    body: dict[str, Any] = {
        "query": {"bool": {"must": [plan.query], "filter": [{"bool": {"should": wanted}}]}},
        "post_filter": {"ids": {"values": ids}},
        "size": len(ids),
        "_source": _DISPLAY,
        "track_total_hits": False,
        "track_scores": True,
        "highlight": _highlight(plan, languages),
    }
    if clusters:
        body["aggs"] = {
            "copies": {
                # "map": a few documents; global ordinals of every story id would be built for them
                "terms": {
                    "field": "cluster_id",
                    "include": clusters,
                    "size": len(clusters),
                    "execution_hint": "map",
                },
                "aggs": {
                    "outlets": {
                        "top_hits": {
                            "size": MAX_OUTLETS,
                            "sort": [{"published_at": {"order": "asc", "missing": "_last"}}],
                            "_source": _OUTLET_FIELDS,
                        }
                    }
                },
            }
        }
    return body


def _highlight(plan: _Plan, languages: set[str]) -> dict[str, Any]:
    """Highlights in the standard fields, counting matches of the page's language copies
    (the language analyzers find inflected forms the standard field does not).

    The highlighter re-runs its query on every hit's text, so it gets a lighter one without
    the lexicon's word stems: prefix lookups made highlighting 2-3x slower than the search
    itself. Inflected forms are still marked where the language copies match them.
    """
    analyzers = sorted({LANGUAGE_ANALYZERS[lang] for lang in languages if lang in LANGUAGE_ANALYZERS})
    lighter = to_es_query(plan.text, lexicon=plan.lexicon, expand=plan.expand, stem_languages=())

    def field(part: str, **options: Any) -> dict[str, Any]:
        matched = [part, *(i18n_field(part, a) for a in analyzers)]
        return {"type": "unified", "matched_fields": matched, **options}

    return {
        "pre_tags": [MARK_OPEN],
        "post_tags": [MARK_CLOSE],
        "highlight_query": lighter,
        "max_analyzed_offset": HIGHLIGHT_MAX_OFFSET,
        "fields": {
            "body": field(
                "body", fragment_size=SNIPPET_CHARS, number_of_fragments=2, no_match_size=SNIPPET_CHARS
            ),
            "lead": field("lead", fragment_size=SNIPPET_CHARS, number_of_fragments=1),
        },
    }


def _hits(page: list[dict[str, Any]], details: dict[str, Any], lexicon: Lexicon) -> list[SearchHit]:
    by_id = {h["_id"]: h for h in details["hits"]["hits"]}
    copies = {str(b["key"]): b for b in details.get("aggregations", {}).get("copies", {}).get("buckets", [])}
    hits = []
    for streamed in page:
        shown = by_id.get(streamed["_id"])
        if shown is None:
            continue  # deleted between the two requests
        hits.append(_hit(shown, streamed, copies, lexicon))
    return hits


def _hit(
    shown: dict[str, Any], streamed: dict[str, Any], copies: dict[str, Any], lexicon: Lexicon
) -> SearchHit:
    source = shown["_source"]
    where = prominence(source.get("title"), source.get("lead"), source.get("body"), lexicon)
    cluster = source.get("cluster_id")
    bucket = copies.get(str(cluster)) if cluster else None
    outlets = (
        [_outlet(h) for h in bucket["outlets"]["hits"]["hits"]]
        if bucket
        else [_outlet({"_id": shown["_id"], "_source": source})]
    )
    fragment = _snippet(shown.get("highlight", {}))
    if MARK_OPEN not in fragment and where.passage:
        fragment = where.passage  # no match highlighted: the passage naming Vietnam, not the opening
    return SearchHit(
        id=shown["_id"],
        url=source.get("url", ""),
        title=source.get("title", ""),
        source=source.get("source", ""),
        source_name=source.get("source_name", ""),
        language=source.get("language", "und"),
        country=source.get("country", ""),
        published_at=source.get("published_at"),
        score=streamed.get("_score", shown.get("_score")),
        snippet=marked_html(fragment),
        snippet_text=plain(fragment),
        cluster_id=cluster,
        copies=int(bucket["doc_count"]) if bucket else 1,
        outlets=outlets,
        lead=source.get("lead", ""),
        relevance=float(source.get("relevance") or 0.0),
        prominence=where.level,
    )


def _outlet(hit: dict[str, Any]) -> Outlet:
    source = hit.get("_source", {})
    return Outlet(
        id=hit["_id"],
        source=source.get("source", ""),
        source_name=source.get("source_name", ""),
        url=source.get("url", ""),
        published_at=source.get("published_at"),
    )


def _snippet(highlight: dict[str, list[str]]) -> str:
    """Fragments with matches (body first, then lead), else the start of the body."""
    for name in ("body", "lead"):
        fragments = [f for f in highlight.get(name, []) if MARK_OPEN in f]
        if fragments:
            return " … ".join(f.strip() for f in fragments)
    for name in ("lead", "body"):
        if highlight.get(name):
            return highlight[name][0].strip()
    return ""


def _msearch(client: Elasticsearch, plan: _Plan, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run several searches in one round trip; a refused one raises."""
    searches: list[dict[str, Any]] = []
    for body in bodies:
        searches.append({"index": plan.alias, "preference": plan.preference})
        searches.append(body)
    answers = client.msearch(searches=searches).body["responses"]
    for answer in answers:
        if "error" in answer:
            raise _refused(answer["error"], plan.alias)
    return list(answers)


def _refused(error: dict[str, Any], alias: str) -> SearchError:
    kind = error.get("type", "error")
    causes = error.get("root_cause") or [error]
    reason = causes[0].get("reason") or error.get("reason") or kind
    if kind == "index_not_found_exception" or causes[0].get("type") == "index_not_found_exception":
        return SearchError(f"there is no articles index {alias}: run `vnmon index setup` or a crawl first")
    if "too_many" in str(causes[0].get("type", "")) or "maxClauseCount" in str(reason):
        return SearchQueryError(f"the query is too large for Elasticsearch: {reason}")
    return SearchError(f"Elasticsearch refused the search on {alias}: {reason}")


def _es_error(exc: ApiError | TransportError, alias: str) -> SearchError:
    if isinstance(exc, ApiError):
        info = exc.info if isinstance(exc.info, dict) else {}
        error = info.get("error")
        return _refused(error if isinstance(error, dict) else {"reason": str(exc)}, alias)
    return SearchError(f"Elasticsearch cannot be reached to search {alias}: {exc}")
