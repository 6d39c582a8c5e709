"""What is new: `GET /api/trends` (JSON) and the Trends page `GET /trends` (permission `search`)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse

from indexer.search.errors import SearchError, SearchQueryError
from indexer.search.trends import MAX_DAYS, MAX_WEEKS, Trends, trends
from vnmon.web.context import web_context
from vnmon.web.i18n import pick_language
from vnmon.web.openapi import errors
from vnmon.web.pages import render
from vnmon.web.security import MaySearch

router = APIRouter(tags=["trends"], responses=errors(503))

Days = Annotated[int, Query(ge=1, le=MAX_DAYS, description="The period: the last `days` days")]
Weeks = Annotated[int, Query(ge=1, le=MAX_WEEKS, description="Compared with the `weeks` weeks before it")]
Lang = Annotated[str | None, Query(pattern=r"^([a-z]{2,3})?$", description="Only this language (ISO 639-1)")]

# This page's labels (the shared ones come from `t()`); Vietnamese first, as in the app.
LABELS: dict[str, dict[str, str]] = {
    "title": {"vi": "Có gì mới", "en": "What is new"},
    "intro": {
        "vi": "Những từ nổi bật trong các bài đăng {days} ngày qua so với {weeks} tuần trước đó, "
        "theo từng ngôn ngữ.",
        "en": "The words that stand out in articles published in the last {days} days "
        "against the {weeks} weeks before, per language.",
    },
    "days": {"vi": "Số ngày", "en": "Days"},
    "weeks": {"vi": "So với số tuần trước", "en": "Against weeks before"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "all_languages": {"vi": "Mọi ngôn ngữ", "en": "All languages"},
    "show": {"vi": "Xem", "en": "Show"},
    "term": {"vi": "Từ", "en": "Word"},
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


def _find(request: Request, days: int, weeks: int, lang: str | None) -> Trends:
    """The trends for the request; a bad window is a 400 naming it, a failing cluster a 503."""
    context = web_context(request)
    try:
        return trends(context.client, context.alias, days=days, weeks=weeks, language=lang or None)
    except SearchQueryError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    except SearchError as exc:
        raise HTTPException(status_code=503, detail=f"Elasticsearch at {context.es_shown}: {exc}") from exc


@router.get("/api/trends")
def api_trends(
    request: Request, _: MaySearch, days: Days = 7, weeks: Weeks = 8, lang: Lang = None
) -> dict[str, Any]:
    """What is new: per language, the words of the last `days` days that stand out against the
    `weeks` weeks before (by publication date), each with its counts and example articles."""
    return _find(request, days, weeks, lang).to_json()


@router.get("/trends", response_class=HTMLResponse, include_in_schema=False)
def trends_page(
    request: Request, _: MaySearch, days: Days = 7, weeks: Weeks = 8, lang: Lang = None
) -> HTMLResponse:
    found = _find(request, days, weeks, lang)
    language = pick_language(request)
    labels = {key: entry[language] for key, entry in LABELS.items()}

    def search_url(term: str, code: str) -> str:
        """The search page for the word in that language over the period."""
        return "/?" + urlencode({"q": term, "lang": code, "from": found.since[:10], "sort": "date"})

    return render(
        request,
        "trends.html",
        L=labels,
        found=found,
        days=days,
        weeks=weeks,
        lang=lang or "",
        search_url=search_url,
    )
