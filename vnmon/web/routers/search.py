"""Search: the JSON API (`/api/search`) and the search page (`/`), with the CLI's parameters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Query
from fastapi.params import Depends
from starlette.requests import Request
from starlette.responses import HTMLResponse

from indexer.search import Bucket, SearchError, SearchParams, SearchQueryError, SearchResult, make_params
from indexer.search.known import UnknownFilterError
from indexer.search.names import country_name, language_name
from indexer.search.params import MAX_SIZE, Sort
from indexer.search.vocabulary import place_label, topic_label
from vnmon.web.chart import volume_svg
from vnmon.web.context import web_context
from vnmon.web.i18n import pick_language, translator, unknown_message
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
    place: Annotated[
        list[str] | None, Query(description="Places: ids or names in any script (hue, Huế), repeatable")
    ] = None,
    topic: Annotated[list[str] | None, Query(description="Topic ids, repeatable")] = None,
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
            places=place,
            topics=topic,
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
    except UnknownFilterError:
        raise  # the page words it in the UI language; the API's handler answers 400
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
    try:
        return perform_search(request, query).to_json()
    except UnknownFilterError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


class _BadField(ValueError):
    """A search page parameter that is not what it must be: a label key and its values."""

    def __init__(self, key: str, **values: str) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def page_params(request: Request, language: str) -> tuple[SearchParams, str | None]:
    """The search page's parameters; a bad one is an error in the UI language, shown above the
    page's own search form (with what was typed kept), not a bare error page."""
    values = request.query_params
    typed = values.get("q", "")

    def many(key: str) -> list[str] | None:
        return values.getlist(key) or None

    try:
        if len(typed) > MAX_QUERY_CHARS:
            raise _BadField("query_too_long", limit=str(MAX_QUERY_CHARS), length=str(len(typed)))
        for name in ("from", "to"):
            _day(name, values.get(name))
        params = search_query(
            q=typed,
            lang=many("lang"),
            source=many("source"),
            country=many("country"),
            place=many("place"),
            topic=many("topic"),
            date_from=values.get("from"),
            date_to=values.get("to"),
            min_relevance=_number("min_relevance", values.get("min_relevance")),
            sort=values.get("sort") if values.get("sort") in ("relevance", "date") else "relevance",  # type: ignore[arg-type]
            size=min(max(int(_number("size", values.get("size")) or 20), 1), MAX_SIZE),
            all_copies=values.get("all_copies", "").lower() in ("true", "1", "on"),
            expand=values.get("expand", "true").lower() not in ("false", "0", "off"),
            cursor=values.get("cursor") or values.get("search_after"),
        )
    except _BadField as exc:
        return SearchParams(q=typed[:MAX_QUERY_CHARS]), translator(language)(exc.key, **exc.values)
    except HTTPException as exc:
        return SearchParams(q=typed[:MAX_QUERY_CHARS]), translator(language)("bad_query", error=exc.detail)
    return params, None


def _day(name: str, text: str | None) -> None:
    if text and text.strip():
        try:
            date.fromisoformat(text.strip())
        except ValueError:
            raise _BadField("bad_date_field", field=name, value=text[:40]) from None


def _number(name: str, text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise _BadField("bad_number_field", field=name, value=text[:40]) from None
    if not value >= 0 or value == float("inf"):
        raise _BadField("bad_number_field", field=name, value=text[:40])
    return value


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, _: MaySearch) -> HTMLResponse:
    """The search page: box, facet sidebar (multi-select, by name), volume chart, grouped results."""
    language = pick_language(request)
    t = translator(language)
    query, invalid = page_params(request, language)
    page: SearchResult | None = None
    error: str | None = None
    status = 200
    if invalid is not None:
        status, error = 422, invalid
    else:
        try:
            page = perform_search(request, query)
        except UnknownFilterError as exc:
            status, error = 400, "; ".join(unknown_message(u, language) for u in exc.unknown)
        except HTTPException as exc:
            status = exc.status_code
            error = t("bad_query" if status == 400 else "search_unavailable", error=exc.detail)
    facets = page.facets if page else None
    # One bar, or one hit, makes no chart: its two ends would be the same time.
    chart = ""
    if facets is not None and len(facets.histogram) > 1 and page is not None and page.articles > 1:
        chart = volume_svg(facets.histogram, t("volume"), peak=t("chart_peak"))
    shown_query = request.url.query
    return render(
        request,
        "search.html",
        status_code=status,
        query=query,
        page=page,
        error=error,
        chart=chart,
        label=_labeller(page, language),
        facet_groups=_facet_groups(request, page),
        is_on=lambda key, value: value in request.query_params.getlist(key),
        presets=date_presets(request, web_context(request).settings.timezone),
        next_url=_next_url(request, page.next_cursor) if page and page.next_cursor else None,
        first_url=_first_url(request) if query.cursor else None,
        back_query=shown_query,
        export_urls={fmt: f"/export/search?{_without_cursor(request, format=fmt)}" for fmt in EXPORT_FORMATS},
        suggestions=_suggestions(request, query, page),
        save_defaults=_save_defaults(query),
        places_url="/places?" + _without_cursor(request, drop=("place", "sort", "size")),
    )


EXPORT_FORMATS = ("csv", "xlsx", "jsonl")


def _labeller(page: SearchResult | None, language: str) -> Callable[[str, str], str]:
    """`label(key, value)`: a facet value by name in the UI language (codes stay the values)."""
    sources = _source_names(page)

    def label(key: str, value: str) -> str:
        if key == "lang":
            return language_name(value, language)
        if key == "country":
            return country_name(value, language)
        if key == "place":
            return place_label(value, language)
        if key == "topic":
            return topic_label(value, language)
        return sources.get(value, value)

    return label


def _facet_groups(request: Request, page: SearchResult | None) -> list[tuple[str, str, list[Bucket]]]:
    """(parameter, title, buckets) of each facet that has values to show, the chosen ones included
    even with no hits left; a facet with nothing to show gets no heading."""
    if page is None or page.facets is None:
        return []
    groups = []
    for key, title, buckets in (
        ("lang", "language", page.facets.languages),
        ("source", "source", page.facets.sources),
        ("country", "country", page.facets.countries),
        ("place", "place", page.facets.places),
        ("topic", "topic", page.facets.topics),
    ):
        shown = list(buckets)
        keys = {b.key for b in buckets}
        shown += [Bucket(key=v, count=0) for v in request.query_params.getlist(key) if v not in keys]
        if shown:
            groups.append((key, title, shown))
    return groups


def date_presets(request: Request, timezone: str) -> list[tuple[str, str, bool]]:
    """(label key, URL, active) of the date presets, counted in the display zone."""
    today = datetime.now(ZoneInfo(timezone)).date()
    month_end = today.replace(day=1) - timedelta(days=1)
    ranges = {
        "preset_7_days": (today - timedelta(days=6), today),
        "preset_this_week": (today - timedelta(days=today.weekday()), today),
        "preset_last_month": (month_end.replace(day=1), month_end),
    }
    current = (request.query_params.get("from"), request.query_params.get("to"))
    presets = []
    for key, (start, end) in ranges.items():
        pairs = [
            (k, v)
            for k, v in request.query_params.multi_items()
            if k not in ("cursor", "search_after", "from", "to")
        ]
        url = "/?" + urlencode([*pairs, ("from", start.isoformat()), ("to", end.isoformat())])
        presets.append((key, url, current == (start.isoformat(), end.isoformat())))
    return presets


def _suggestions(request: Request, query: SearchParams, page: SearchResult | None) -> list[tuple[str, str]]:
    """(label key, URL) of ways to widen a search that found nothing."""
    if page is None or page.total:
        return []
    found: list[tuple[str, str]] = []
    filtered = ("lang", "source", "country", "place", "topic", "from", "to", "min_relevance")
    if any(request.query_params.get(k) for k in filtered):
        found.append(("suggest_no_filters", "/?" + urlencode([("q", query.q)])))
    if not query.expand:
        pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in ("expand", "cursor")]
        found.append(("suggest_expand", "/?" + urlencode(pairs)))
    if len(query.q.split()) > 1:
        found.append(("suggest_any_word", "/?" + urlencode([("q", " OR ".join(query.q.split()))])))
    return found


def _save_defaults(query: SearchParams) -> dict[str, str]:
    """The search as the hidden fields of the "Save this search" form (the saved-search form's names)."""
    return {
        "q": query.q,
        "lang": ",".join(query.langs),
        "source": ",".join(query.sources),
        "country": ",".join(query.countries),
        "place": ",".join(query.places),
        "topic": ",".join(query.topics),
        "min_relevance": "" if query.min_relevance is None else f"{query.min_relevance:g}",
        "all_copies": "true" if query.all_copies else "",
    }


def _source_names(page: SearchResult | None) -> dict[str, str]:
    """Source id -> outlet name, for labels (ids stay the filter values)."""
    if page is None:
        return {}
    names = {b.key: b.label for b in (page.facets.sources if page.facets else []) if b.label}
    names.update({h.source: h.source_name for h in page.hits if h.source_name})
    return names


def _without_cursor(request: Request, drop: tuple[str, ...] = (), **extra: str) -> str:
    dropped = ("cursor", "search_after", "ui", *drop)
    # The form sends its untouched fields empty (from=&to=&min_relevance=): the page reads them as
    # unset, the API and the export route refuse an empty number, so links leave them out.
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in dropped and v.strip()]
    return urlencode([*pairs, *extra.items()])


def _first_url(request: Request) -> str:
    return "/?" + _without_cursor(request)


def _next_url(request: Request, cursor: str) -> str:
    return "/?" + _without_cursor(request, cursor=cursor)
