"""Per-request plumbing: load/write the session cookie and send security headers on every response."""

from __future__ import annotations

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from vnmon.auth.sessions import SESSION_SECONDS
from vnmon.web.context import web_context
from vnmon.web.security import SESSION_COOKIE

# The app's own pages: only its own scripts, styles and frames; nothing from elsewhere.
APP_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class SessionMiddleware(BaseHTTPMiddleware):
    """Puts the cookie's valid session on `request.state.session`; writes it back when changed."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        context = web_context(request)
        raw = request.cookies.get(SESSION_COOKIE)
        request.state.session = context.signer.loads(raw) if raw else None
        request.state.session_changed = False
        response = await call_next(request)
        if request.state.session_changed:
            session = request.state.session
            secure = request.url.scheme == "https"
            if session is None:
                response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure)
            else:
                response.set_cookie(
                    SESSION_COOKIE,
                    context.signer.dumps(session),
                    max_age=SESSION_SECONDS,
                    path="/",
                    httponly=True,
                    samesite="lax",
                    secure=secure,
                )
        return response


class SecurityHeadersMiddleware(BaseHTTPMiddleware):
    """CSP and friends; a route that sets its own CSP (the archived copy) keeps it."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", APP_CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        # Pages carry CSRF tokens and search results: no shared or back-button caches keep them.
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
