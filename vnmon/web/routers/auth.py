"""Logging in and out, and a user's own account page with their API keys."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from vnmon.auth.roles import Permission, Role, allows
from vnmon.auth.sessions import anonymous_session
from vnmon.web.context import web_context
from vnmon.web.pages import NAV_ITEMS, render
from vnmon.web.security import (
    Anyone,
    MayUseAccount,
    check_csrf,
    ensure_session,
    require_person,
    set_session,
)

router = APIRouter(tags=["auth"])


def _safe_next(target: str | None) -> str:
    """Only paths of this site: never `//host` or `http://...` (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def login_limits(name: str, address: str) -> dict[str, int]:
    """Failed attempts allowed per 15 minutes: for this name from this address, from this address
    whatever the names, and for this account whatever the addresses (the first key comes first)."""
    return {f"pair:{name}|{address}": 5, f"address:{address}": 20, f"account:{name}": 10}


def _landing(target: str, role: Role) -> str:
    """Where a login goes: `target`, unless that is the search page and the role may not search
    (an operator), then the first top-bar page the role may see."""
    if target != "/" or allows(role, Permission.SEARCH):
        return target
    return next((item.path for item in NAV_ITEMS if allows(role, item.permission)), "/account")


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, _: Anyone, next: str = "/") -> HTMLResponse:
    """The login form."""
    ensure_session(request)
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login", include_in_schema=False)
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    _: Anyone,
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password (rate limited), then start a fresh session with a new CSRF token."""
    await check_csrf(request)
    context = web_context(request)
    # The connecting address: a forwarded header counts only when `vnmon serve` trusts the proxy
    # that sent it (VNMON_TRUSTED_PROXIES), so rotating X-Forwarded-For gains nothing.
    address = request.client.host if request.client else "unknown"
    name = username.strip().lower()
    limits = login_limits(name, address)
    wait = context.throttle.reserve(limits)
    if wait > 0:
        error = ("login_throttled", {"minutes": math.ceil(wait / 60)})
        return render(
            request, "login.html", status_code=429, next=_safe_next(next), error=error, username=name
        )
    # Argon2 takes tens of milliseconds on purpose: keep it off the event loop.
    user = await run_in_threadpool(context.users.authenticate, name, password)
    if user is None:
        return render(
            request,
            "login.html",
            status_code=401,
            next=_safe_next(next),
            error=("login_failed", {}),
            username=name,
        )
    pair, *others = limits
    context.throttle.succeeded(pair, forgive=tuple(others))
    set_session(request, anonymous_session().logged_in(user.username, user.session_epoch))
    return RedirectResponse(_landing(_safe_next(next), user.role), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request, principal: MayUseAccount) -> Response:
    """End this session and every other session of the user (a logout must not leave a copy alive)."""
    if principal.via == "session":
        web_context(request).users.end_sessions(principal.username)
    set_session(request, anonymous_session())
    return RedirectResponse("/login", status_code=303)


@router.get("/api/me")
def me(principal: MayUseAccount) -> dict[str, Any]:
    """Who the credentials belong to, their role and permissions (to check an API key)."""
    from vnmon.auth.roles import ROLE_PERMISSIONS

    return {
        "username": principal.username,
        "role": principal.role.value,
        "via": principal.via,
        "permissions": sorted(p.value for p in ROLE_PERMISSIONS[principal.role]),
    }


@router.get("/account", response_class=HTMLResponse, include_in_schema=False)
def account(request: Request, principal: MayUseAccount) -> HTMLResponse:
    """The user's role and API keys."""
    return render(
        request, "account.html", user=web_context(request).users.get(principal.username), new_key=None
    )


@router.post("/account/api-keys", response_class=HTMLResponse, include_in_schema=False)
def create_key(
    request: Request,
    principal: MayUseAccount,
    name: Annotated[str, Form(max_length=100)] = "",
) -> HTMLResponse:
    """Create an API key for the logged-in user and show it, once."""
    users = web_context(request).users
    if principal.via == "local":
        raise HTTPException(
            status_code=403, detail="local mode has no user to own an API key; add a user first"
        )
    require_person(principal, "creating an API key")
    key, _ = users.create_api_key(principal.username, name)
    return render(request, "account.html", user=users.get(principal.username), new_key=key)


@router.post("/account/api-keys/{key_id}/revoke", include_in_schema=False)
def revoke_key(request: Request, key_id: str, principal: MayUseAccount) -> Response:
    """Revoke one of the logged-in user's own API keys; an API key may revoke only itself (a
    stolen key must not lock its owner's other scripts out)."""
    from vnmon.auth.store import UserError

    if principal.via == "api_key" and principal.key_id != key_id:
        raise HTTPException(
            status_code=403, detail="revoking another API key needs a logged-in session, not an API key"
        )
    try:
        web_context(request).users.revoke_api_key(key_id, principal.username)
    except UserError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    return RedirectResponse("/account", status_code=303)
