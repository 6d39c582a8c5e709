"""Reporters' weekly exports: the list page (every report vnmon made, with its filter), making one
for a chosen week and saved search, the JSON list, and file downloads."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Path, Query
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from indexer.search import SearchQueryError
from vnmon.alerts.models import SavedSearch
from vnmon.alerts.store import get_saved, list_saved
from vnmon.exports import ExportError, export_file, exports_dir, last_complete_week, list_exports, media_type
from vnmon.exports.files import FOLDER_PATTERN
from vnmon.exports.job import run_weekly_export
from vnmon.exports.weeks import parse_week
from vnmon.web.context import web_context
from vnmon.web.i18n import pick_language
from vnmon.web.pages import render
from vnmon.web.security import MayExport, Principal

router = APIRouter(tags=["exports"])

WeekLabel = Annotated[
    str, Path(pattern=FOLDER_PATTERN, description="ISO week, e.g. 2026-W47 (filtered: 2026-W47-filtered-…)")
]
# Weeks the page offers to make a report for: the current one and the complete ones before it.
WEEKS_OFFERED = 12
# The files a report made from the page holds (a PDF takes Chromium a while: `vnmon export weekly`).
PAGE_FORMATS = ("csv", "xlsx", "jsonl", "html")

# This page's own labels (Vietnamese first, as in the app); the title and top bar are the app's.
LABELS: dict[str, dict[str, str]] = {
    "filter": {"vi": "Bộ lọc", "en": "Filter"},
    "full_report": {"vi": "Báo cáo đầy đủ (tất cả bài)", "en": "Full report (every article)"},
    "generated": {"vi": "Tạo lúc", "en": "Made"},
    "make": {"vi": "Tạo báo cáo tuần", "en": "Make a weekly report"},
    "make_intro": {
        "vi": "Chọn tuần và (nếu muốn) một tìm kiếm đã lưu: báo cáo có bộ lọc được lưu trong thư mục riêng, "
        "không thay thế báo cáo đầy đủ của tuần.",
        "en": "Choose a week and, if you like, one of your saved searches: a filtered report is kept in its "
        "own folder and never replaces the week's full report.",
    },
    "week": {"vi": "Tuần", "en": "Week"},
    "saved_search": {"vi": "Tìm kiếm đã lưu", "en": "Saved search"},
    "none_saved": {"vi": "Không (tất cả bài)", "en": "None (every article)"},
    "make_button": {"vi": "Tạo báo cáo", "en": "Make the report"},
    "made": {"vi": "Đã tạo báo cáo {folder}: {count} bài.", "en": "Made report {folder}: {count} articles."},
    "made_one": {"vi": "Đã tạo báo cáo {folder}: 1 bài.", "en": "Made report {folder}: 1 article."},
    "reports": {"vi": "Các báo cáo đã tạo", "en": "Reports made"},
    "failed": {"vi": "Không tạo được báo cáo: {error}", "en": "The report could not be made: {error}"},
    "current_week": {"vi": "tuần này, chưa hết", "en": "this week, not over yet"},
    "week_hint": {"vi": "Tuần ISO: năm-Wsố, ví dụ 2026-W47", "en": "ISO week: year-Wnumber, e.g. 2026-W47"},
    "query": {"vi": "Truy vấn", "en": "Query"},
    "languages": {"vi": "Ngôn ngữ", "en": "Languages"},
    "sources": {"vi": "Nguồn", "en": "Sources"},
    "countries": {"vi": "Quốc gia", "en": "Countries"},
    "min_relevance": {"vi": "Liên quan tối thiểu", "en": "Minimum relevance"},
    "time_zone": {"vi": "Giờ {zone}", "en": "Times in {zone}"},
}
FileName = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$", description="File name")]

# The HTML report opens in the browser but stays inert: its own inline styles and SVG, nothing else.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; sandbox"


def _weeks(request: Request) -> list[dict[str, Any]]:
    root = exports_dir(web_context(request).settings)
    return [
        {
            "week": week.week_label,
            "folder": week.week,
            "filtered": week.filtered,
            "articles": week.articles,
            "generated_at": week.manifest.get("generated_at"),
            "filters": week.manifest.get("filters"),
            "files": [{"name": name, "url": f"/exports/{week.week}/{name}"} for name in week.files],
        }
        for week in list_exports(root)
    ]


def _labels(request: Request) -> dict[str, str]:
    language = pick_language(request)
    return {key: entry[language] for key, entry in LABELS.items()}


def _week_choices(request: Request) -> list[tuple[str, str]]:
    """(label, text) of the weeks the form offers: the current week first, then complete ones."""
    tz_name = web_context(request).settings.timezone
    current = last_complete_week(tz_name).shifted(1)
    weeks = [current.shifted(-n) for n in range(WEEKS_OFFERED + 1)]
    return [(w.label, f"{w.label} ({w.monday:%d/%m} – {w.sunday:%d/%m/%Y})") for w in weeks]


def _mine(request: Request, principal: Principal) -> list[SavedSearch]:
    context = web_context(request)
    return list_saved(context.client, principal.username, context.settings.index_prefix)


def _page(
    request: Request, principal: Principal, status_code: int = 200, **values: Any
) -> HTMLResponse:
    labels = _labels(request)
    settings = web_context(request).settings
    return render(
        request,
        "exports.html",
        status_code=status_code,
        weeks=_weeks(request),
        L=labels,
        week_choices=_week_choices(request),
        saved_searches=_mine(request, principal),
        default_week=last_complete_week(settings.timezone).label,
        zone=settings.timezone,
        **values,
    )


@router.get("/api/exports")
def api_exports(request: Request, _: MayExport) -> list[dict[str, Any]]:
    """Published weeks, newest first, with their files' download URLs."""
    return _weeks(request)


@router.get("/exports", response_class=HTMLResponse, include_in_schema=False)
def exports_page(
    request: Request,
    principal: MayExport,
    made: Annotated[str | None, Query(pattern=FOLDER_PATTERN)] = None,
    count: Annotated[int | None, Query(ge=0)] = None,
) -> HTMLResponse:
    """The reporters' page: every report made (full and filtered), and the form to make one."""
    notice = None
    if made is not None and count is not None:
        notice = _labels(request)["made_one" if count == 1 else "made"].format(folder=made, count=count)
    return _page(request, principal, notice=notice, made=made)


@router.post("/exports/make", include_in_schema=False)
def make_report(
    request: Request,
    principal: MayExport,
    week: Annotated[str, Form(max_length=20, description="ISO week, e.g. 2026-W47")],
    saved: Annotated[str, Form(max_length=200, description="A saved search id, or empty")] = "",
) -> Response:
    """Make the weekly report of `week`, filtered by one of the caller's saved searches (or not),
    then back to the list with it marked; a failure is shown on the same page."""
    context = web_context(request)
    settings = context.settings
    labels = _labels(request)
    try:
        parsed = parse_week(week, settings.timezone)
        filters = None
        if saved:
            search = get_saved(context.client, saved, settings.index_prefix)
            if search is None or search.owner != principal.username:
                raise ExportError(f"you have no saved search {saved!r}")
            # The week is the report's period: a saved search's own dates do not narrow it.
            filters = search.query.to_params(size=1).model_copy(update={"date_from": None, "date_to": None})
        result = run_weekly_export(
            settings, parsed, formats=PAGE_FORMATS, email_to=(), client=context.client, filters=filters
        )
    except (ExportError, SearchQueryError) as exc:
        return _page(request, principal, status_code=400, error=labels["failed"].format(error=exc))
    folder = result.folder.name
    return RedirectResponse(f"/exports?made={quote(folder)}&count={result.count}#{folder}", status_code=303)


# A browser link (its errors are pages); scripts find the files through /api/exports.
@router.get("/exports/{week}/{name}", include_in_schema=False)
def download(request: Request, week: WeekLabel, name: FileName, _: MayExport) -> FileResponse:
    """One file of a week: the HTML report shown (sandboxed), every other file downloaded."""
    try:
        path = export_file(week, name, exports_dir(web_context(request).settings))
    except ExportError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    if path.suffix == ".html":
        headers = {"Content-Security-Policy": REPORT_CSP, "X-Content-Type-Options": "nosniff"}
        return FileResponse(path, media_type=media_type(path), headers=headers)
    return FileResponse(
        path,
        media_type=media_type(path),
        filename=path.name,
        headers={"X-Content-Type-Options": "nosniff"},
    )
