"""Access control for every route: who is calling (API key, session, local mode) and may they.

Deny by default: each route declares `require(Permission.X)` or `public()`; a test walks the
app's routes and fails on any route that declares neither. State-changing requests made with a
session cookie must carry the session's CSRF token (form field `csrf_token` or header
`X-CSRF-Token`); API-key requests carry no cookie, so they need none.
"""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, HTTPException
from starlette.requests import Request

from vnmon.auth.roles import Permission, Role, allows
from vnmon.auth.sessions import Session, anonymous_session
from vnmon.auth.store import api_key_id
from vnmon.web.context import web_context

SESSION_COOKIE = "vnmon_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOCAL_ADMIN = "local"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Principal:
    """Who a request acts for."""

    username: str
    role: Role
    via: Literal["session", "api_key", "local"]
    key_id: str | None = None  # the API key's id when via == "api_key"

    def can(self, permission: Permission) -> bool:
        return allows(self.role, permission)


class NotAuthenticated(Exception):
    """No valid credentials: APIs answer 401, pages redirect to the login form."""


class CsrfRejected(Exception):
    """A state-changing request without the session's CSRF token (answered 403)."""


class PermissionCheck:
    """The dependency `require()` installs: resolves the caller, checks the permission and CSRF."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    async def __call__(self, request: Request) -> Principal:
        principal = resolve_principal(request)
        if principal is None:
            raise NotAuthenticated()
        if not principal.can(self.permission):
            raise HTTPException(
                status_code=403, detail=f"role {principal.role.value} may not {self.permission.value}"
            )
        if request.method not in _SAFE_METHODS and principal.via != "api_key":
            await check_csrf(request)
        request.state.principal = principal
        return principal


class PublicAccess:
    """The dependency `public()` installs: marks a route as open to everyone, on purpose."""

    async def __call__(self, request: Request) -> Principal | None:
        principal = resolve_principal(request)
        request.state.principal = principal
        return principal


_PUBLIC = PublicAccess()


def require(permission: Permission) -> Any:
    """The dependency declaring that a route needs `permission`, for `dependencies=[...]` lists;
    route parameters use the annotated types below (`principal: MaySearch`)."""
    return Depends(PermissionCheck(permission))


# Route parameter types: declaring one is declaring the permission the route needs.
MaySearch = Annotated[Principal, Depends(PermissionCheck(Permission.SEARCH))]
MaySaveSearches = Annotated[Principal, Depends(PermissionCheck(Permission.SAVED_SEARCHES))]
MayUseAccount = Annotated[Principal, Depends(PermissionCheck(Permission.ACCOUNT))]
MayRunCrawls = Annotated[Principal, Depends(PermissionCheck(Permission.CRAWLS))]
MayExport = Annotated[Principal, Depends(PermissionCheck(Permission.EXPORTS))]
MayManageUsers = Annotated[Principal, Depends(PermissionCheck(Permission.USERS))]
# Open to everyone on purpose (login, health); the caller, if any, is still resolved.
Anyone = Annotated[Principal | None, Depends(_PUBLIC)]


def require_person(principal: Principal, action: str) -> None:
    """403 unless a person is at the keyboard (a session, or local mode): an API key must not
    create credentials (keys, users, roles) that would outlive the revocation of a stolen key."""
    if principal.via == "api_key":
        raise HTTPException(status_code=403, detail=f"{action} needs a logged-in session, not an API key")


def resolve_principal(request: Request) -> Principal | None:
    """The caller: an API key if one is sent, else the session, else local mode, else nobody."""
    context = web_context(request)
    key = _api_key(request)
    if key is not None:
        user = context.users.user_for_api_key(key)
        # A wrong key is an error, not a fall-back to the cookie: scripts must learn it is wrong.
        if user is None:
            raise NotAuthenticated()
        return Principal(user.username, user.role, "api_key", api_key_id(key))
    session = current_session(request)
    if session is not None and session.username:
        user = context.users.get(session.username)
        if user is not None and user.session_epoch == session.epoch:
            return Principal(user.username, user.role, "session")
    if context.local_admin and _is_local_request(request) and not context.users.has_users():
        return Principal(LOCAL_ADMIN, Role.ADMIN, "local")
    return None


def current_session(request: Request) -> Session | None:
    """The valid session of this request's cookie (set by the session middleware), if any."""
    session: Session | None = getattr(request.state, "session", None)
    return session


def ensure_session(request: Request) -> Session:
    """The request's session, starting an anonymous one (sent back as a cookie) when there is none."""
    session = current_session(request)
    if session is None:
        session = anonymous_session()
        set_session(request, session)
    return session


def set_session(request: Request, session: Session | None) -> None:
    """Replace the session; the middleware writes the cookie (or deletes it for None)."""
    request.state.session = session
    request.state.session_changed = True


async def check_csrf(request: Request) -> None:
    """Raise CsrfRejected unless the request carries this session's CSRF token."""
    session = current_session(request)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if session is None or not sent or not hmac.compare_digest(sent.encode(), session.csrf.encode()):
        raise CsrfRejected()


def _api_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "apikey" and value.strip():
        return value.strip()
    explicit = request.headers.get("x-api-key")
    return explicit.strip() if explicit and explicit.strip() else None


_PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")


def _is_local_request(request: Request) -> bool:
    """A request from this machine, addressed to a loopback name (a rebinding page sends another Host),
    and not relayed by a reverse proxy (which would make every visitor look local)."""
    if any(name in request.headers for name in _PROXY_HEADERS):
        return False
    client = request.client.host if request.client else ""
    host = _host_name(request.headers.get("host", ""))
    return _is_loopback(client) and (host == "localhost" or _is_loopback(host))


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_loopback(text: str) -> bool:
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class DeclaredRoute:
    """A route of the app and what it declared: a permission, `public`, or nothing (a bug)."""

    methods: frozenset[str]
    path: str
    access: Permission | Literal["public"] | None


def declared_routes(app: Any) -> list[DeclaredRoute]:
    """Every endpoint of `app` (included routers too) with the access it declared; mounts are skipped."""
    from fastapi.routing import iter_route_contexts

    found = []
    for route in iter_route_contexts(app.routes):
        dependant = getattr(route, "dependant", None)
        if dependant is None:
            continue  # a Mount (static files) or a plain Starlette route
        found.append(DeclaredRoute(frozenset(route.methods or ()), str(route.path), _access(dependant)))
    return found


def _access(dependant: Any) -> Permission | Literal["public"] | None:
    for dependency in dependant.dependencies:
        if isinstance(dependency.call, PermissionCheck):
            return dependency.call.permission
        if isinstance(dependency.call, PublicAccess):
            return "public"
        nested = _access(dependency)
        if nested is not None:
            return nested
    return None
