"""The OpenAPI document of the JSON API, made to say what the app really answers.

FastAPI documents a 422 whose `detail` is an array and no other error; vnmon answers every error
as `{"detail": "<one line>"}` (422s add the validator's `errors`), and each route may answer the
statuses of its declared permission (401, 403) and those its router lists with `errors()`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from vnmon.web.security import declared_routes

_WHY = {
    400: "The query, cursor or body is malformed (the detail names the problem)",
    401: "No valid credentials: log in, or send 'Authorization: ApiKey <key>'",
    403: "The caller's role does not grant this route's permission",
    404: "Nothing with that id (or not the caller's)",
    409: "The resource is not in a state that allows this",
    422: "A parameter or the body is invalid (the detail names each problem)",
    503: "Elasticsearch cannot be reached or refused the request",
}


class ErrorOut(BaseModel):
    """Every error the API answers."""

    detail: str = Field(description="What is wrong, in one line")


class ValidationErrorOut(ErrorOut):
    """A 422: the one-line detail and the validator's own list of problems, when it made one."""

    errors: list[dict[str, Any]] = Field(default_factory=list, description="One entry per problem")


_ERROR_JSON = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route or router that may answer these error statuses (always JSON,
    whatever the route's own media type)."""
    return {code: {"description": _WHY[code], **_ERROR_JSON} for code in codes}


def install_openapi(app: FastAPI) -> None:
    """Make `app.openapi()` (served at /openapi.json) describe the errors as they are answered."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
            _true_errors(app, spec)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]


def _true_errors(app: FastAPI, spec: dict[str, Any]) -> None:
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorOut"] = ErrorOut.model_json_schema()
    schemas["HTTPValidationError"] = ValidationErrorOut.model_json_schema()
    for route in declared_routes(app):
        operations = spec.get("paths", {}).get(route.path, {})
        for method in route.methods:
            operation = operations.get(method.lower())
            if operation is None or route.access in (None, "public"):
                continue
            operation["description"] = (
                operation.get("description", "") + f"\n\nNeeds the permission `{route.access}`."
            ).strip()
            for code in (401, 403):
                operation["responses"].setdefault(str(code), {"description": _WHY[code], **_ERROR_JSON})
