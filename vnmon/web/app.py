"""The vnmon web application: JSON API and server-rendered UI over the articles index."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from elasticsearch import ApiError, TransportError
from fastapi import FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from vnmon.auth.sessions import SessionSigner, load_secret
from vnmon.auth.store import UserStore
from vnmon.kernel.settings import Settings, get_settings
from vnmon.web.context import STATIC_DIR, TEMPLATES_DIR, WebContext, web_context
from vnmon.web.middleware import SecurityHeadersMiddleware, SessionMiddleware
from vnmon.web.openapi import errors, install_openapi
from vnmon.web.pages import render
from vnmon.web.routers import (
    articles,
    auth,
    compare,
    export_search,
    exports,
    health,
    operator,
    places,
    saved,
    search,
    trends,
    users,
)
from vnmon.web.security import CsrfRejected, NotAuthenticated

log = logging.getLogger(__name__)

def create_app(settings: Settings | None = None, *, local_admin: bool = False) -> FastAPI:
    """The app for `settings`.

    `local_admin`: while no user exists, requests from this machine act as an admin (what
    `vnmon serve` turns on for a loopback address); once a user is added, everyone logs in.
    """
    settings = settings or get_settings()
    app = FastAPI(
        title="vnmon",
        summary="Search foreign press coverage of Vietnam",
        version="1",
        # Swagger/ReDoc pages load their code from a CDN; the schema is served by a protected route.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.web = WebContext(
        settings=settings,
        users=UserStore.for_data_dir(settings.data_dir),
        signer=SessionSigner(load_secret(settings.data_dir)),
        templates=Jinja2Templates(directory=str(TEMPLATES_DIR)),
        local_admin=local_admin,
    )
    for router in (
        search.router,
        articles.router,
        auth.router,
        users.router,
        health.router,
        exports.router,
        saved.router,
        export_search.router,
        compare.router,
        trends.router,
        places.router,
    ):
        app.include_router(router)
    # What the operator page's JSON routes may answer besides their permission's 401/403.
    app.include_router(operator.router, responses=errors(404, 409, 503))
    install_openapi(app)
    health.add_openapi_route(app)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    # Added last = runs first: the session must be loaded before anything reads it.
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(SessionMiddleware)
    _add_error_handlers(app)
    return app


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path != "/openapi.json"


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotAuthenticated)
    async def _login_first(request: Request, exc: NotAuthenticated) -> Response:
        if _wants_html(request) and request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return JSONResponse(
            {"detail": "authentication required: log in, or send 'Authorization: ApiKey <key>'"},
            status_code=401,
            headers={"WWW-Authenticate": "ApiKey"},
        )

    @app.exception_handler(CsrfRejected)
    async def _csrf(request: Request, exc: CsrfRejected) -> Response:
        if _wants_html(request):
            return render(request, "error.html", status_code=403, message_key="session_expired")
        return JSONResponse({"detail": "missing or wrong CSRF token"}, status_code=403)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{_where(error['loc'])}: {error['msg']}" for error in exc.errors())
        if _wants_html(request):
            return render(request, "error.html", status_code=422, message_key="bad_request", detail=problems)
        return JSONResponse({"detail": problems, "errors": jsonable_encoder(exc.errors())}, status_code=422)

    @app.exception_handler(ApiError)
    @app.exception_handler(TransportError)
    async def _cluster(request: Request, exc: ApiError | TransportError) -> Response:
        # Any route reading Elasticsearch (saved searches, users' pages...) while it is away or
        # refusing: a clear 503 naming the cluster (never its credentials), not a bare 500.
        context = web_context(request)
        log.warning("Elasticsearch error on %s: %s", request.url.path, exc)
        detail = f"Elasticsearch at {context.es_shown} cannot be used: {type(exc).__name__}"
        return await _http(request, HTTPException(status_code=503, detail=detail))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if _wants_html(request) and exc.status_code in (400, 403, 404, 422, 503):
            key = {400: "bad_request", 403: "forbidden", 404: "not_found", 422: "bad_request"}.get(
                exc.status_code, "unavailable"
            )
            return render(
                request, "error.html", status_code=exc.status_code, message_key=key, detail=exc.detail
            )
        headers: dict[str, Any] = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names only the methods of the first route matching the path.
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)


def _where(location: tuple[Any, ...] | list[Any]) -> str:
    """`q`, `body.name`... for a validation error; the part (`body`) itself when it is missing."""
    parts = [str(part) for part in location]
    return ".".join(parts[1:]) if len(parts) > 1 and parts[0] in ("query", "path") else ".".join(parts)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app answers at this request's path."""
    from starlette.routing import Match, Route

    methods: set[str] = set()
    for route in request.app.routes:
        if isinstance(route, Route) and route.methods:
            match, _ = route.matches({**request.scope, "method": next(iter(route.methods))})
            if match is Match.FULL:
                methods |= route.methods
    return sorted(methods)
