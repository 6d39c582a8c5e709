"""Search: the JSON API (`/api/search`) and the search page (`/`), with the CLI's parameters."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from elasticsearch import ApiError, BadRequestError, TransportError
from fastapi import APIRouter, HTTPException, Query
from fastapi.params import Depends
from starlette.requests import Request
from starlette.responses import HTMLResponse

from indexer.web.chart import volume_svg
from indexer.web.context import web_context
from indexer.web.i18n import pick_language, translator
from indexer.web.pages import render
from indexer.web.searching import SearchPage, SearchQuery, Sort, run_search
from indexer.web.security import MaySearch

router = APIRouter(tags=["search"])

MAX_SIZE = 100


def search_query(
    q: Annotated[
        str, Query(description='Query: words, "phrases", AND/OR/NOT, -word, prefix*, field:value')
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
    sort: Annotated[Sort, Query(description="relevance or date")] = "relevance",
    size: Annotated[int, Query(ge=1, le=MAX_SIZE, description="Hits per page")] = 20,
    all_copies: Annotated[bool, Query(description="Every syndicated copy instead of one per story")] = False,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
    search_after: Annotated[str | None, Query(description="Alias of cursor")] = None,
) -> SearchQuery:
    """The search parameters of a request (shared by the API and the page)."""
    start, end = _date("from", date_from), _date("to", date_to)
    if start and end and start > end:
        raise HTTPException(status_code=422, detail=f"'from' ({start}) is after 'to' ({end})")
    return SearchQuery(
        q=q,
        languages=tuple(v for v in (lang or []) if v),
        sources=tuple(v for v in (source or []) if v),
        countries=tuple(v.upper() for v in (country or []) if v),
        date_from=start,
        date_to=end,
        sort=sort,
        size=size,
        all_copies=all_copies,
        cursor=cursor or search_after,
    )


def _date(name: str, text: str | None) -> date | None:
    """A YYYY-MM-DD parameter; empty means unset (what an untouched date field of the form sends)."""
    if not text or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        detail = f"'{name}' must be a date YYYY-MM-DD, got {text!r}"
        raise HTTPException(status_code=422, detail=detail) from None


QueryParams = Annotated[SearchQuery, Depends(search_query)]


def perform_search(request: Request, query: SearchQuery) -> SearchPage:
    """Run `query`; a bad query is a 400 naming the problem, an unreachable cluster a 503."""
    context = web_context(request)
    try:
        return run_search(context.client, context.alias, query)
    except ValueError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    except BadRequestError as exc:
        raise HTTPException(status_code=400, detail=f"the search was refused: {exc.message}") from exc
    except (ApiError, TransportError) as exc:
        detail = f"Elasticsearch at {context.settings.es_url} cannot search {context.alias}: {exc}"
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
    page: SearchPage | None = None
    error: str | None = None
    status = 200
    try:
        page = perform_search(request, query)
    except HTTPException as exc:
        status = exc.status_code
        error = t("bad_query" if status == 400 else "search_unavailable", error=exc.detail)
    chart = volume_svg(page.facets.histogram, t("volume")) if page else ""
    return render(
        request,
        "search.html",
        status_code=status,
        query=query,
        page=page,
        error=error,
        chart=chart,
        toggle=lambda key, value: _toggled_url(request, key, value),
        is_on=lambda key, value: value in request.query_params.getlist(key),
        next_url=_next_url(request, page.next_cursor) if page and page.next_cursor else None,
    )


def _toggled_url(request: Request, key: str, value: str) -> str:
    """This search with the filter `key=value` switched on or off (and back on page one)."""
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in ("cursor", "search_after")]
    if (key, value) in pairs:
        pairs.remove((key, value))
    else:
        pairs.append((key, value))
    return "/?" + urlencode(pairs)


def _next_url(request: Request, cursor: str) -> str:
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in ("cursor", "search_after")]
    return "/?" + urlencode([*pairs, ("cursor", cursor)])
