"""Saved searches and their alerts in the web app: each analyst's own list, save and delete
(permission `saved_searches`; forms carry the session's CSRF token, checked by the permission)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Form, HTTPException, Path
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from vnmon.alerts import (
    FREQUENCIES,
    AlertError,
    SavedQuery,
    SavedSearch,
    delete_saved,
    get_saved,
    list_saved,
    save_search,
    set_paused,
)
from vnmon.alerts.matching import Match
from vnmon.alerts.preview import preview_matches, send_test
from vnmon.alerts.webhooks import check_public_webhook
from vnmon.auth.roles import Role
from vnmon.web.context import web_context
from vnmon.web.i18n import pick_language
from vnmon.web.openapi import errors
from vnmon.web.pages import render
from vnmon.web.security import MaySaveSearches, Principal

router = APIRouter(tags=["saved searches"], responses=errors(503))

SavedId = Annotated[str, Path(pattern=r"^[0-9a-f]{24}$", description="Saved search id")]

# This page's labels (the shared ones come from `t()`); Vietnamese first, as in the app.
LABELS: dict[str, dict[str, str]] = {
    "title": {"vi": "Tìm kiếm đã lưu và cảnh báo", "en": "Saved searches and alerts"},
    "intro": {
        "vi": "Bài mới khớp với tìm kiếm được gửi theo tần suất bạn chọn, "
        "mỗi bài một lần cho mỗi người nhận.",
        "en": "New articles matching a search are sent at the frequency you choose, once per recipient.",
    },
    "none": {"vi": "Bạn chưa lưu tìm kiếm nào.", "en": "You have no saved searches yet."},
    "name": {"vi": "Tên", "en": "Name"},
    "query": {"vi": "Truy vấn", "en": "Query"},
    "emails": {"vi": "Email người nhận (cách nhau bởi dấu phẩy)", "en": "Recipient emails (comma-separated)"},
    "webhook": {"vi": "Webhook (URL)", "en": "Webhook (URL)"},
    "targets": {"vi": "Gửi đến", "en": "Sent to"},
    "frequency": {"vi": "Tần suất", "en": "Frequency"},
    "last_run": {"vi": "Lần chạy gần nhất", "en": "Last run"},
    "never": {"vi": "chưa chạy", "en": "never"},
    "pause": {"vi": "Tạm dừng", "en": "Pause"},
    "resume": {"vi": "Tiếp tục", "en": "Resume"},
    "paused": {"vi": "đang tạm dừng", "en": "paused"},
    "sent": {"vi": "đã gửi", "en": "sent"},
    "failed": {"vi": "lỗi, sẽ gửi lại", "en": "failed, will retry"},
    "save": {"vi": "Lưu tìm kiếm", "en": "Save search"},
    "open": {"vi": "Mở", "en": "Open"},
    "min_relevance": {"vi": "Mức liên quan tối thiểu", "en": "Minimum relevance"},
    "freq_always": {"vi": "mỗi lần chạy", "en": "every run"},
    "freq_hourly": {"vi": "hằng giờ", "en": "hourly"},
    "freq_daily": {"vi": "hằng ngày", "en": "daily"},
    "freq_weekly": {"vi": "hằng tuần", "en": "weekly"},
    "edit": {"vi": "Sửa", "en": "Edit"},
    "editing": {"vi": "Sửa tìm kiếm đã lưu", "en": "Edit saved search"},
    "preview": {"vi": "Xem trước", "en": "Preview"},
    "preview_title": {
        "vi": "Những gì 7 ngày qua lẽ ra đã gửi cho “{name}”",
        "en": "What the last 7 days would have sent for “{name}”",
    },
    "preview_empty": {
        "vi": "Không có bài nào được thu thập trong 7 ngày qua khớp với tìm kiếm này.",
        "en": "No article fetched in the last 7 days matches this search.",
    },
    "test_send": {"vi": "Gửi thử", "en": "Test send"},
    "test_sent": {"vi": "Đã gửi email thử tới: {to}", "en": "Test email sent to: {to}"},
    "no_smtp": {
        "vi": "Chưa cấu hình máy chủ thư (VNMON_SMTP_HOST): cảnh báo qua email sẽ KHÔNG được gửi "
        "cho đến khi quản trị viên cấu hình.",
        "en": "No mail server is configured (VNMON_SMTP_HOST): email alerts will NOT be sent "
        "until an admin sets one up.",
    },
    "search_link": {"vi": "Mở kết quả", "en": "Open results"},
}


class SavedSearchIn(BaseModel):
    """A saved search as the JSON API takes it."""

    name: str = Field(min_length=1, max_length=120)
    query: SavedQuery = Field(default_factory=SavedQuery)
    emails: list[str] = Field(default_factory=list, max_length=20)
    webhook: str | None = Field(None, max_length=2000)
    frequency: str = Field("hourly", max_length=20)


def _labels(request: Request) -> dict[str, str]:
    language = pick_language(request)
    return {key: entry[language] for key, entry in LABELS.items()}


def _save(request: Request, principal: Principal, data: SavedSearchIn) -> SavedSearch:
    """Save for the caller; AlertError says what is wrong (an internal webhook only for admins)."""
    context = web_context(request)
    internal = principal.role is Role.ADMIN
    if data.webhook and not internal:
        check_public_webhook(data.webhook)
    return save_search(
        context.client,
        data.name,
        data.query,
        owner=principal.username,
        emails=data.emails,
        webhook=data.webhook,
        webhook_internal=internal,
        frequency=data.frequency,
        prefix=context.settings.index_prefix,
    )


def _own(request: Request, principal: Principal, saved_id: str) -> SavedSearch:
    context = web_context(request)
    saved = get_saved(context.client, saved_id, context.settings.index_prefix)
    # Another user's search is answered as missing: its existence is none of the caller's business.
    if saved is None or saved.owner != principal.username:
        raise HTTPException(status_code=404, detail=f"no saved search {saved_id} of {principal.username}")
    return saved


def _mine(request: Request, principal: Principal) -> list[SavedSearch]:
    context = web_context(request)
    return list_saved(context.client, principal.username, context.settings.index_prefix)


@router.get("/api/saved-searches")
def api_list(request: Request, principal: MaySaveSearches) -> list[dict[str, Any]]:
    """The caller's saved searches, with targets and the last run's report."""
    return [s.model_dump(mode="json") for s in _mine(request, principal)]


@router.post("/api/saved-searches", status_code=201, responses=errors(400))
def api_save(
    request: Request, principal: MaySaveSearches, data: Annotated[SavedSearchIn, Body()]
) -> dict[str, Any]:
    """Save (or replace, by name) one of the caller's searches."""
    try:
        return _save(request, principal, data).model_dump(mode="json")
    except AlertError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.delete("/api/saved-searches/{saved_id}", status_code=204, responses=errors(404))
def api_delete(request: Request, principal: MaySaveSearches, saved_id: SavedId) -> Response:
    """Delete one of the caller's saved searches."""
    _own(request, principal, saved_id)
    context = web_context(request)
    delete_saved(context.client, saved_id, context.settings.index_prefix)
    return Response(status_code=204)


@router.get("/saved", response_class=HTMLResponse, include_in_schema=False)
def saved_page(request: Request, principal: MaySaveSearches) -> HTMLResponse:
    return _page(request, principal)


@router.post("/saved", response_class=HTMLResponse, include_in_schema=False)
def save_form(
    request: Request,
    principal: MaySaveSearches,
    name: Annotated[str, Form(max_length=120)],
    q: Annotated[str, Form(max_length=2000)] = "",
    lang: Annotated[str, Form(max_length=1000)] = "",
    source: Annotated[str, Form(max_length=2000)] = "",
    country: Annotated[str, Form(max_length=1000)] = "",
    place: Annotated[str, Form(max_length=1000)] = "",
    topic: Annotated[str, Form(max_length=1000)] = "",
    min_relevance: Annotated[str, Form(max_length=20)] = "",
    all_copies: Annotated[bool, Form()] = False,
    emails: Annotated[str, Form(max_length=2000)] = "",
    webhook: Annotated[str, Form(max_length=2000)] = "",
    frequency: Annotated[str, Form(max_length=20)] = "hourly",
    original_id: Annotated[str, Form(pattern=r"^([0-9a-f]{24})?$")] = "",
) -> Response:
    form = {"name": name, "q": q, "lang": lang, "source": source, "country": country, "place": place,
            "topic": topic, "emails": emails,
            "webhook": webhook, "frequency": frequency, "min_relevance": min_relevance,
            "original_id": original_id}  # fmt: skip
    try:
        data = SavedSearchIn(
            name=name,
            query=SavedQuery(
                q=q,
                langs=_split(lang),
                sources=_split(source),
                countries=_split(country),
                places=_split(place),
                topics=_split(topic),
                min_relevance=float(min_relevance) if min_relevance.strip() else None,
                all_copies=all_copies,
            ),
            emails=_split(emails),
            webhook=webhook or None,
            frequency=frequency,
        )
        if original_id:
            _own(request, principal, original_id)  # editing: only one's own search
        saved = _save(request, principal, data)
    except (AlertError, ValueError) as exc:
        return _page(request, principal, error=str(exc), form=form, status_code=400)
    if original_id and original_id != saved.id:  # renamed: the edited search replaces the old one
        delete_saved(web_context(request).client, original_id, web_context(request).settings.index_prefix)
    return RedirectResponse("/saved", status_code=303)


@router.get("/saved/{saved_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_page(request: Request, principal: MaySaveSearches, saved_id: SavedId) -> HTMLResponse:
    """The saved-searches page with the form filled with this search, to change and save."""
    saved = _own(request, principal, saved_id)
    query = saved.query
    form = {
        "name": saved.name, "q": query.q, "lang": ", ".join(query.langs),
        "source": ", ".join(query.sources), "country": ", ".join(query.countries),
        "place": ", ".join(query.places), "topic": ", ".join(query.topics),
        "min_relevance": "" if query.min_relevance is None else f"{query.min_relevance:g}",
        "all_copies": "true" if query.all_copies else "", "emails": ", ".join(saved.emails),
        "webhook": saved.webhook or "", "frequency": saved.frequency, "original_id": saved.id,
    }  # fmt: skip
    return _page(request, principal, form=form)


@router.get("/saved/{saved_id}/preview", response_class=HTMLResponse, include_in_schema=False)
def preview_page(request: Request, principal: MaySaveSearches, saved_id: SavedId) -> HTMLResponse:
    """The saved-searches page with what the last 7 days would have sent for this search."""
    saved = _own(request, principal, saved_id)
    context = web_context(request)
    matches = preview_matches(context.client, saved, context.settings)
    return _page(request, principal, preview=(saved, matches))


@router.post("/saved/{saved_id}/test", response_class=HTMLResponse, include_in_schema=False)
def test_send_form(request: Request, principal: MaySaveSearches, saved_id: SavedId) -> HTMLResponse:
    """Email the preview to the search's recipients, marked as a test (nothing is logged as sent)."""
    saved = _own(request, principal, saved_id)
    context = web_context(request)
    matches = preview_matches(context.client, saved, context.settings)
    try:
        sent = send_test(saved, matches, context.settings)
    except AlertError as exc:
        return _page(request, principal, error=str(exc), preview=(saved, matches), status_code=400)
    notice = _labels(request)["test_sent"].format(to=", ".join(sent))
    return _page(request, principal, notice=notice, preview=(saved, matches))


@router.post("/saved/{saved_id}/pause", include_in_schema=False)
def pause_form(request: Request, principal: MaySaveSearches, saved_id: SavedId) -> Response:
    """Scheduled alert runs skip this search until it is resumed."""
    return _pause(request, principal, saved_id, paused=True)


@router.post("/saved/{saved_id}/resume", include_in_schema=False)
def resume_form(request: Request, principal: MaySaveSearches, saved_id: SavedId) -> Response:
    """Deliver again, from now on."""
    return _pause(request, principal, saved_id, paused=False)


def _pause(request: Request, principal: Principal, saved_id: str, paused: bool) -> Response:
    saved = _own(request, principal, saved_id)
    context = web_context(request)
    set_paused(context.client, saved, paused, context.settings.index_prefix)
    return RedirectResponse("/saved", status_code=303)


@router.post("/saved/{saved_id}/delete", include_in_schema=False)
def delete_form(request: Request, principal: MaySaveSearches, saved_id: SavedId) -> Response:
    _own(request, principal, saved_id)
    context = web_context(request)
    delete_saved(context.client, saved_id, context.settings.index_prefix)
    return RedirectResponse("/saved", status_code=303)


def _search_link(saved: SavedSearch) -> str:
    """The search page showing what this saved search matches."""
    query = saved.query
    pairs: list[tuple[str, str]] = [("q", query.q)]
    pairs += [("lang", v) for v in query.langs] + [("source", v) for v in query.sources]
    pairs += [("country", v) for v in query.countries]
    pairs += [("place", v) for v in query.places] + [("topic", v) for v in query.topics]
    if query.date_from:
        pairs.append(("from", query.date_from.isoformat()[:10]))
    if query.date_to:
        pairs.append(("to", query.date_to.isoformat()[:10]))
    if query.min_relevance is not None:
        pairs.append(("min_relevance", f"{query.min_relevance:g}"))
    if query.all_copies:
        pairs.append(("all_copies", "true"))
    return "/?" + urlencode(pairs)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _page(
    request: Request,
    principal: Principal,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
    preview: tuple[SavedSearch, list[Match]] | None = None,
    notice: str | None = None,
) -> HTMLResponse:
    searches = _mine(request, principal)
    settings = web_context(request).settings
    return render(
        request,
        "saved.html",
        status_code=status_code,
        L=_labels(request),
        searches=searches,
        links={s.id: _search_link(s) for s in searches},
        frequencies=list(FREQUENCIES),
        error=error,
        notice=notice,
        form=form or {"frequency": "hourly"},
        preview=preview,
        smtp_missing=not settings.smtp_host,
    )
