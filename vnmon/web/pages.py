"""Rendering a server-side page: template + labels in the user's language + who is logged in + CSRF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse

from indexer.search.names import language_name
from indexer.search.vocabulary import place_label, topic_label
from vnmon.alerts.models import SavedQuery
from vnmon.auth.roles import Permission
from vnmon.web.context import web_context
from vnmon.web.i18n import LANG_COOKIE, LANGUAGES, count_label, pick_language, status_label, translator
from vnmon.web.security import Principal, ensure_session


@dataclass(frozen=True)
class NavItem:
    """A top-bar link, shown to users whose role has `permission`."""

    label: str
    path: str
    permission: Permission


# The top-bar links, each shown to the users whose role has its permission.
NAV_ITEMS: list[NavItem] = [
    NavItem("search", "/", Permission.SEARCH),
    NavItem("compare", "/compare", Permission.SEARCH),
    NavItem("nav_trends", "/trends", Permission.SEARCH),
    NavItem("nav_places", "/places", Permission.SEARCH),
    NavItem("saved_searches", "/saved", Permission.SAVED_SEARCHES),
    NavItem("exports", "/exports", Permission.EXPORTS),
    NavItem("users", "/admin/users", Permission.USERS),
    NavItem("nav_operator", "/operator", Permission.CRAWLS),
    NavItem("account", "/account", Permission.ACCOUNT),
]


def render(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """The page `template` rendered for this request's user, in their language."""
    language = pick_language(request)
    principal: Principal | None = getattr(request.state, "principal", None)
    session = ensure_session(request)
    context = {
        "request": request,
        "t": translator(language),
        "ui_lang": language,
        "switch_lang_url": _switch_url(request, next(code for code in LANGUAGES if code != language)),
        "principal": principal,
        "nav": [item for item in NAV_ITEMS if principal is not None and principal.can(item.permission)],
        "csrf_token": session.csrf,
        "local_mode": principal is not None and principal.via == "local",
        "when": _local_time(web_context(request).settings.timezone),
        "count_label": lambda n, one="result_one", many="result_many": count_label(n, language, one, many),
        "status_label": lambda value: status_label(str(value), language),
        "language_label": lambda code: language_name(str(code), language),
        "describe": lambda query: describe(query, language),
        **values,
    }
    response = web_context(request).templates.TemplateResponse(
        request, template, context, status_code=status_code
    )
    if request.query_params.get("ui") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, language, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


def describe(query: SavedQuery, language: str) -> str:
    """A saved search's one-line summary with its places and topics by name in the UI language
    (`topic=Du lịch & văn hóa`, not `topic=tourism_culture`)."""
    named = query.model_copy(
        update={
            "places": [place_label(p, language) for p in query.places],
            "topics": [topic_label(t, language) for t in query.topics],
        }
    )
    return named.describe()


def _switch_url(request: Request, language: str) -> str:
    """This page again, in `language`."""
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k != "ui"]
    return request.url.path + "?" + urlencode([*pairs, ("ui", language)])


def zone_label(moment: datetime) -> str:
    """"UTC+07:00" for an aware time (the zone every shown time carries), "UTC" at offset 0."""
    offset = moment.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _local_time(timezone: str) -> Any:
    """`when(value, date_only=False)`: a stored instant shown in VNMON_TIMEZONE with its zone
    ("2025-03-03 15:00 UTC+07:00"; '—' when unknown). Dates alone carry no zone."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(timezone)

    def when(value: datetime | str | None, date_only: bool = False) -> str:
        if value is None or value == "":
            return "—"
        try:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)  # stored instants without a zone are UTC
        moment = moment.astimezone(zone)
        if date_only:
            return moment.strftime("%Y-%m-%d")
        return f"{moment:%Y-%m-%d %H:%M} {zone_label(moment)}"

    return when
