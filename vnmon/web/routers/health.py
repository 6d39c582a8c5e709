"""Liveness for monitors, and the OpenAPI schema for script writers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI

from vnmon.web.security import Anyone, MayUseAccount

router = APIRouter(tags=["health"])


@router.get("/health")
def health(_: Anyone) -> dict[str, str]:
    """The server is up (says nothing about Elasticsearch, so monitors can tell the two apart)."""
    return {"status": "ok"}


def add_openapi_route(app: FastAPI) -> None:
    """`/openapi.json`, for any logged-in user or API key (FastAPI's own route would be public)."""

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(_: MayUseAccount) -> dict[str, Any]:
        return app.openapi()
