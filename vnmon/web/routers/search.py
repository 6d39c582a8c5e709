"""Search: the JSON API (`/api/search`) and the search page (`/`), with the CLI's parameters."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query
from fastapi.params import Depends
from starlette.requests import Request
from starlette.responses import HTMLResponse

from indexer.search import SearchError, SearchParams, SearchQueryError, SearchResult, make_params
from indexer.search.params import MAX_SIZE, Sort
from vnmon.web.chart import volume_svg
from vnmon.web.context import web_context
from vnmon.web.i18n import pick_language, translator
from vnmon.web.openapi import errors
from vnmon.web.pages import render
from vnmon.web.searching import run_search
from vnmon.web.security import MaySearch

router = APIRouter(tags=["search"], responses=errors(400, 503))

# Long enough for any real query; the search module bounds its own work too.
MAX_QUERY_CHARS = 2000


def search_query(
    q: Annotated[
        str, Query(max_length=MAX_QUERY_CHARS, description=SearchParams.model_fields["q"].description)
    ] = "",
    lang: Annotated[list[str] | None, Query(description="Languages (ISO 639-1), repeatable")] = None,
    source: Annotated[list[str] | None, Query(description="Source ids, repeatable")] = None,
    country: Annotated[
        list[str] | None, Query(description="Countries (ISO 3166 alpha-2), repeatable")
    ] = None,
    date_from: Annotated[
        str | None, Query(alias="from", description="Published on or after (YYYY-MM-DD)")
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", description="Published on or before (YYYY-MM-DD)")
    ] = None,
    min_relevance: Annotated[float | None, Query(ge=0, description="Minimum relevance to Vietnam")] = None,
    sort: Annotated[Sort, Query(description="relevance or date (newest first)")] = "relevance",
    size: Annotated[int, Query(ge=1, le=MAX_SIZE, description="Hits per page")] = 20,
    all_copies: Annotated[bool, Query(description="Every syndicated copy instead of one per story")] = False,
    expand: Annotated[bool, Query(description="Expand Vietnam terms to every language's forms")] = True,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
    search_after: Annotated[str | None, Query(description="Alias of cursor")] = None,
) -> SearchParams:
    """The search parameters of a request, as `vnmon search` takes them (shared by API and page)."""
    try:
        return make_params(
            q=q,
            langs=lang,
            sources=source,
            countries=country,
            date_from=_date("from", date_from),
            date_to=_date("to", date_to),
            min_relevance=min_relevance,
            sort=sort,
            size=size,
            all_copies=all_copies,
            expand=expand,
            cursor=cursor or search_after,
        )
    except SearchQueryError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


def _date(name: str, text: str | None) -> date | None:
    """A YYYY-MM-DD parameter; empty means unset (what an untouched date field of the form sends)."""
    if not text or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        detail = f"'{name}' must be a date YYYY-MM-DD, got {text!r}"
        raise HTTPException(status_code=422, detail=detail) from None


QueryParams = Annotated[SearchParams, Depends(search_query)]


def perform_search(request: Request, params: SearchParams) -> SearchResult:
    """Run `params`; a malformed query or cursor is a 400 naming the problem, a failing cluster a 503."""
    context = web_context(request)
    try:
        return run_search(context.client, context.alias, params)
    except SearchQueryError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    except SearchError as exc:
        detail = f"Elasticsearch at {context.es_shown}: {exc}"
        raise HTTPException(status_code=503, detail=detail) from exc


@router.get("/api/search")
def api_search(request: Request, query: QueryParams, _: MaySearch) -> dict[str, Any]:
    """Search the articles: `{total, hits: [...], facets: {...}, next_cursor}`.

    A malformed query or cursor answers 400 with what is wrong; an unreachable cluster 503.
    """
    return perform_search(request, query).to_json()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, query: QueryParams, _: MaySearch) -> HTMLResponse:
    """The search page: box, facet sidebar, volume chart, grouped results."""
    t = translator(pick_language(request))
    page: SearchResult | None = None
    error: str | None = None
    status = 200
    try:
        page = perform_search(request, query)
    except HTTPException as exc:
        status = exc.status_code
        error = t("bad_query" if status == 400 else "search_unavailable", error=exc.detail)
    chart = volume_svg(page.facets.histogram, t("volume")) if page and page.facets else ""
    return render(
        request,
        "search.html",
        status_code=status,
        query=query,
        source_names=_source_names(page),
        page=page,
        error=error,
        chart=chart,
        toggle=lambda key, value: _toggled_url(request, key, value),
        is_on=lambda key, value: value in request.query_params.getlist(key),
        next_url=_next_url(request, page.next_cursor) if page and page.next_cursor else None,
        first_url=_first_url(request) if query.cursor else None,
    )


def _source_names(page: SearchResult | None) -> dict[str, str]:
    """Source id -> outlet name, for labels (ids stay the filter values)."""
    if page is None:
        return {}
    names = {b.key: b.label for b in (page.facets.sources if page.facets else []) if b.label}
    names.update({h.source: h.source_name for h in page.hits if h.source_name})
    return names


def _toggled_url(request: Request, key: str, value: str) -> str:
    """This search with the filter `key=value` switched on or off (and back on page one)."""
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in ("cursor", "search_after")]
    if (key, value) in pairs:
        pairs.remove((key, value))
    else:
        pairs.append((key, value))
    return "/?" + urlencode(pairs)


def _first_url(request: Request) -> str:
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in ("cursor", "search_after")]
    return "/?" + urlencode(pairs)


def _next_url(request: Request, cursor: str) -> str:
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in ("cursor", "search_after")]
    return "/?" + urlencode([*pairs, ("cursor", cursor)])
