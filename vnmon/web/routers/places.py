"""Coverage by province: the JSON API (`/api/places`) and the page with its bar chart (`/places`).

For the search the page is given (query, dates, languages, sources, countries, topics: the search
page's parameters, checked the same way), the stories about each current unit of Vietnam; each
bar links to that search filtered by the unit.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import HTMLResponse

from indexer.search import SearchError, SearchParams, SearchQueryError
from indexer.search.known import UnknownFilterError
from indexer.search.names import country_name, language_name
from indexer.search.provinces import ProvinceCounts, count_by_province
from indexer.search.vocabulary import place_label, topic_label
from vnmon.web.chart import Bar, bars_svg
from vnmon.web.context import web_context
from vnmon.web.i18n import pick_language, translator, unknown_message
from vnmon.web.openapi import errors
from vnmon.web.pages import render
from vnmon.web.routers.search import MAX_QUERY_CHARS, page_params, search_query
from vnmon.web.security import MaySearch

router = APIRouter(tags=["search"], responses=errors(400, 422, 503))

# This page's labels (the shared ones come from `t()`); Vietnamese first, as in the app.
LABELS: dict[str, dict[str, str]] = {
    "title": {"vi": "Theo tỉnh, thành phố", "en": "By province"},
    "intro": {
        "vi": "Số tin bài về từng tỉnh, thành phố (34 đơn vị sau sắp xếp năm 2025; tỉnh cũ được tính "
        "vào đơn vị mới). Bấm vào một thanh để xem các bài đó.",
        "en": "Stories about each province and centrally-run city (the 34 units since the 2025 reform; "
        "a former province counts for the unit it is now part of). Click a bar to read them.",
    },
    "show": {"vi": "Xem", "en": "Show"},
    "chart": {"vi": "Số tin bài theo tỉnh, thành phố", "en": "Stories per province"},
    "totals": {
        "vi": "{placed} trên {total} tin bài nhắc đến một tỉnh, thành phố.",
        "en": "{placed} of {total} stories name a province or city.",
    },
    "totals_copies": {
        "vi": "{placed} trên {total} bài (tính mọi bản sao) nhắc đến một tỉnh, thành phố.",
        "en": "{placed} of {total} articles (every copy counted) name a province or city.",
    },
    "to_search": {"vi": "Xem danh sách bài", "en": "See the articles"},
    "remove": {"vi": "Bỏ bộ lọc", "en": "Remove filter"},
    "unavailable": {"vi": "Không thể tìm kiếm lúc này: {error}", "en": "Search is unavailable: {error}"},
}

# The search page's parameters this view passes on (a place is what it breaks down by).
_DROPPED = ("place", "cursor", "search_after", "ui", "sort", "size")


class PlacesQuery(BaseModel):
    """The parameters of `/api/places` (the search page's, less paging and place)."""

    q: str = Field("", max_length=MAX_QUERY_CHARS, description=SearchParams.model_fields["q"].description)
    lang: list[str] = Field(default_factory=list, description="Languages (ISO 639-1), repeatable")
    source: list[str] = Field(default_factory=list, description="Source ids, repeatable")
    country: list[str] = Field(default_factory=list, description="Countries (ISO 3166 alpha-2), repeatable")
    topic: list[str] = Field(default_factory=list, description="Topic ids or labels, repeatable")
    date_from: str | None = Field(None, alias="from", description="Published on or after (YYYY-MM-DD)")
    date_to: str | None = Field(None, alias="to", description="Published on or before (YYYY-MM-DD)")
    min_relevance: float | None = Field(None, ge=0, description="Minimum relevance to Vietnam")
    all_copies: bool = Field(False, description="Count every syndicated copy instead of one per story")
    expand: bool = Field(True, description="Expand Vietnam terms to every language's forms")


def _count(request: Request, params: SearchParams) -> ProvinceCounts:
    """Run the count; a malformed query is a 400 naming it, a failing cluster a 503 (an unknown
    filter value raises `UnknownFilterError`, worded by the caller)."""
    context = web_context(request)
    try:
        return count_by_province(context.client, params, alias=context.alias)
    except UnknownFilterError:
        raise
    except SearchQueryError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    except SearchError as exc:
        raise HTTPException(status_code=503, detail=f"Elasticsearch at {context.es_shown}: {exc}") from exc


@router.get("/api/places")
def api_places(request: Request, _: MaySearch, query: Annotated[PlacesQuery, Query()]) -> dict[str, Any]:
    """Stories per current province or city of Vietnam (34 units) for a search:
    `{total, placed, counted, units: [{place, label, count}]}`, most first, units without a story
    at 0. `placed` counts the stories naming at least one unit; `counted` is `stories` (one per
    syndicated story, like the search) or `articles` with `all_copies`. `label` is the unit's
    Vietnamese name. A bad parameter answers 422, a malformed query or unknown filter value 400.
    """
    params = search_query(
        q=query.q,
        lang=query.lang or None,
        source=query.source or None,
        country=query.country or None,
        topic=query.topic or None,
        date_from=query.date_from,
        date_to=query.date_to,
        min_relevance=query.min_relevance,
        all_copies=query.all_copies,
        expand=query.expand,
    )
    try:
        counts = _count(request, params)
    except UnknownFilterError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    answer = counts.to_json()
    for unit in answer["units"]:
        unit["label"] = place_label(unit["place"], "vi")
    return answer


@router.get("/places", response_class=HTMLResponse, include_in_schema=False)
def places_page(request: Request, _: MaySearch) -> HTMLResponse:
    """The search's filters, the bar chart of stories per unit (each bar links to the search
    filtered by it) and the share of stories naming a unit."""
    language = pick_language(request)
    labels = {key: entry[language] for key, entry in LABELS.items()}
    params, error = page_params(request, language)
    params = params.model_copy(update={"places": (), "cursor": None})
    status = 422 if error else 200
    counts: ProvinceCounts | None = None
    if error is None:
        try:
            counts = _count(request, params)
        except UnknownFilterError as exc:
            status, error = 400, "; ".join(unknown_message(u, language) for u in exc.unknown)
        except HTTPException as exc:
            status = exc.status_code
            error = (
                labels["unavailable"].format(error=exc.detail)
                if status == 503
                else translator(language)("bad_query", error=exc.detail)
            )
    kept = _kept(request)
    chart = ""
    if counts is not None:
        bars = [
            Bar(u.place, place_label(u.place, language), u.count, _search_url(kept, place=u.place))
            for u in counts.units
        ]
        chart = bars_svg(bars, labels["chart"])
    return render(
        request,
        "places.html",
        status_code=status,
        L=labels,
        query=params,
        counts=counts,
        chart=chart,
        error=error,
        hidden=[(k, v) for k, v in kept if k not in ("q", "from", "to")],
        chips=_chips(kept, language),
        search_url=_search_url(kept),
    )


def _kept(request: Request) -> list[tuple[str, str]]:
    """The request's search parameters this view passes on (non-empty, without paging and place)."""
    return [(k, v) for k, v in request.query_params.multi_items() if k not in _DROPPED and v.strip()]


def _search_url(kept: list[tuple[str, str]], **extra: str) -> str:
    return "/?" + urlencode([*kept, *extra.items()])


def _chips(kept: list[tuple[str, str]], language: str) -> list[tuple[str, str, str]]:
    """(field label key, value by name in the UI language, URL of this page without it) of each
    language, country, source and topic filter in force."""
    names = {
        "lang": lambda v: language_name(v, language),
        "country": lambda v: country_name(v, language),
        "topic": lambda v: topic_label(v, language),
        "source": lambda v: v,
    }
    titles = {"lang": "language", "country": "country", "topic": "topic", "source": "source"}
    chips = []
    for index, (key, value) in enumerate(kept):
        if key in names:
            rest = kept[:index] + kept[index + 1 :]
            chips.append((titles[key], names[key](value), "/places?" + urlencode(rest)))
    return chips
