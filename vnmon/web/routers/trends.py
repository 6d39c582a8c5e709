"""What is new: `GET /api/trends` (JSON) and the Trends page `GET /trends` (permission `search`).

Both take the search's query and filters (`q`, `lang`, `source`, `country`, `place`, `topic`),
which narrow the period and the weeks before alike."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse

from indexer.search import SearchParams
from indexer.search.errors import SearchError, SearchQueryError
from indexer.search.trends import MAX_DAYS, MAX_WEEKS, Trends, describe_filters, trends
from vnmon.web.context import web_context
from vnmon.web.i18n import pick_language
from vnmon.web.openapi import errors
from vnmon.web.pages import render
from vnmon.web.routers.search import MAX_QUERY_CHARS, search_query
from vnmon.web.security import MaySearch

router = APIRouter(tags=["trends"], responses=errors(503))

Days = Annotated[int, Query(ge=1, le=MAX_DAYS, description="The period: the last `days` days")]
Weeks = Annotated[int, Query(ge=1, le=MAX_WEEKS, description="Compared with the `weeks` weeks before it")]
Q = Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="Only articles matching this query")]
Langs = Annotated[
    list[str] | None, Query(description="Only these languages (ISO 639-1), repeatable; default: the top ones")
]
Sources = Annotated[list[str] | None, Query(description="Source ids, repeatable")]
Countries = Annotated[list[str] | None, Query(description="Outlet countries (ISO 3166 alpha-2), repeatable")]
Places = Annotated[list[str] | None, Query(description="Places: ids or names in any script, repeatable")]
Topics = Annotated[list[str] | None, Query(description="Topic ids, repeatable")]
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")

# This page's labels (the shared ones come from `t()`); Vietnamese first, as in the app.
LABELS: dict[str, dict[str, str]] = {
    "title": {"vi": "Có gì mới", "en": "What is new"},
    "intro": {
        "vi": "Những từ và cụm từ nổi bật trong các bài đăng {days} ngày qua so với {weeks} tuần "
        "trước đó, theo từng ngôn ngữ.",
        "en": "The words and phrases that stand out in articles published in the last {days} days "
        "against the {weeks} weeks before, per language.",
    },
    "days": {"vi": "Số ngày", "en": "Days"},
    "query": {"vi": "Truy vấn", "en": "Query"},
    "place": {"vi": "Địa danh", "en": "Place"},
    "topic": {"vi": "Chủ đề", "en": "Topic"},
    "country": {"vi": "Quốc gia", "en": "Country"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "among": {"vi": "Trong các bài có: {filters}", "en": "Among articles with {filters}"},
    "phrase": {"vi": "cụm từ", "en": "phrase"},
    "no_phrases": {
        "vi": "Chỉ có từ đơn: ngôn ngữ này viết liền không cách, không tìm cụm từ.",
        "en": "Words only: this language is written without spaces, so phrases are not looked for.",
    },
    "nothing_before": {
        "vi": "Không có bài nào trước đó để so sánh.",
        "en": "No article before to compare with.",
    },
    "weeks": {"vi": "So với số tuần trước", "en": "Against weeks before"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "all_languages": {"vi": "Mọi ngôn ngữ", "en": "All languages"},
    "show": {"vi": "Xem", "en": "Show"},
    "term": {"vi": "Từ / cụm từ", "en": "Word or phrase"},
    "articles": {"vi": "Số bài", "en": "Articles"},
    "before": {"vi": "Trước đó", "en": "Before"},
    "examples": {"vi": "Bài ví dụ", "en": "Example articles"},
    "counts": {
        "vi": "{articles} bài trong kỳ, {before} bài trước đó",
        "en": "{articles} articles, {before} before",
    },
    "nothing": {"vi": "Không có từ nào nổi bật.", "en": "Nothing stands out."},
    "empty": {
        "vi": "Không có bài nào được đăng trong kỳ này.",
        "en": "No article was published in this period.",
    },
}


def trend_filters(
    q: Q = "",
    lang: Langs = None,
    source: Sources = None,
    country: Countries = None,
    place: Places = None,
    topic: Topics = None,
) -> SearchParams:
    """The query and filters of a trends request (422 naming a bad value), as the search reads them."""
    langs = _values(lang)
    bad = next((code for code in langs if not _LANGUAGE.match(code)), None)
    if bad is not None:
        raise HTTPException(
            422, detail=f"'lang' must be ISO 639-1 codes such as 'en' or 'vi', got {bad[:40]!r}"
        )
    return search_query(
        q=q,
        lang=langs,
        source=_values(source),
        country=_values(country),
        place=_values(place),
        topic=_values(topic),
    )


def _values(given: list[str] | None) -> list[str]:
    """Repeated parameters, each of which may hold several comma-separated values (the form's)."""
    return [v.strip() for value in given or [] for v in value.split(",") if v.strip()]


Filters = Annotated[SearchParams, Depends(trend_filters)]


def _find(request: Request, days: int, weeks: int, filters: SearchParams) -> Trends:
    """The trends for the request; a bad window or filter is a 400 naming it, a failing cluster a 503."""
    context = web_context(request)
    try:
        return trends(context.client, context.alias, days=days, weeks=weeks, filters=filters)
    except SearchQueryError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    except SearchError as exc:
        raise HTTPException(status_code=503, detail=f"Elasticsearch at {context.es_shown}: {exc}") from exc


@router.get("/api/trends", responses=errors(400, 422))
def api_trends(
    request: Request, _: MaySearch, filters: Filters, days: Days = 7, weeks: Weeks = 8
) -> dict[str, Any]:
    """What is new: per language, the words and 2-3 word phrases (`phrase: true`) of the last
    `days` days that stand out against the `weeks` weeks before (by publication date), each with
    its counts and example articles. `q` and the filters narrow both periods; `filters` echoes
    them. `phrases: false` marks a language whose words the index cannot separate (Thai, Lao,
    Khmer, Burmese): words only there."""
    return _find(request, days, weeks, filters).to_json()


@router.get("/trends", response_class=HTMLResponse, include_in_schema=False)
def trends_page(
    request: Request, _: MaySearch, filters: Filters, days: Days = 7, weeks: Weeks = 8
) -> HTMLResponse:
    found = _find(request, days, weeks, filters)
    language = pick_language(request)
    labels = {key: entry[language] for key, entry in LABELS.items()}

    def search_url(term: str, code: str, phrase: bool) -> str:
        """The search page for the word or phrase in that language over the period, under the filters."""
        wanted = f'"{term}"' if phrase else term
        query = f"{wanted} ({filters.q})" if filters.q.strip() else wanted
        chosen = [("place", v) for v in filters.places] + [("topic", v) for v in filters.topics]
        chosen += [("country", v) for v in filters.countries] + [("source", v) for v in filters.sources]
        return "/?" + urlencode(
            [("q", query), ("lang", code), ("from", found.since[:10]), ("sort", "date"), *chosen]
        )

    return render(
        request,
        "trends.html",
        L=labels,
        found=found,
        days=days,
        weeks=weeks,
        form={
            "q": filters.q,
            "lang": ",".join(filters.langs),
            "place": ",".join(filters.places),
            "topic": ",".join(filters.topics),
            "country": ",".join(filters.countries),
            "source": ",".join(filters.sources),
        },
        among=labels["among"].format(filters=describe_filters(found.filters)) if found.filters else "",
        search_url=search_url,
    )
