"""Builds the one Elasticsearch client vnmon uses, from settings."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from elasticsearch import ApiError, Elasticsearch, TransportError

from vnmon.kernel.errors import EsUnavailableError
from vnmon.kernel.settings import Settings, get_settings


def build_client(settings: Settings | None = None, url: str | None = None) -> Elasticsearch:
    """An `Elasticsearch` client configured from `VNMON_ES_*` settings (or an explicit URL)."""
    settings = settings or get_settings()
    hosts = [h.strip() for h in (url or settings.es_url).split(",") if h.strip()]
    kwargs: dict[str, Any] = {
        "request_timeout": settings.es_timeout,
        "max_retries": settings.es_max_retries,
        "retry_on_timeout": True,
    }
    if settings.es_api_key:
        kwargs["api_key"] = settings.es_api_key
    elif settings.es_username:
        kwargs["basic_auth"] = (settings.es_username, settings.es_password or "")
    if any(h.startswith("https") for h in hosts):
        kwargs["verify_certs"] = settings.es_verify_certs
        if settings.es_ca_certs:
            kwargs["ca_certs"] = str(settings.es_ca_certs)
    return Elasticsearch(hosts, **kwargs)


def connect(settings: Settings | None = None, url: str | None = None) -> Elasticsearch:
    """A client that has been checked to answer; `EsUnavailableError` names the URL otherwise."""
    settings = settings or get_settings()
    target = url or settings.es_url
    client = build_client(settings, target).options(max_retries=0, request_timeout=5)
    try:
        client.info()
    except (TransportError, ApiError) as exc:
        raise EsUnavailableError(
            f"Elasticsearch at {shown_url(target)} does not answer ({type(exc).__name__}: {exc}); "
            "start one with `vnmon es start` or set VNMON_ES_URL"
        ) from exc
    return build_client(settings, target)


def shown_url(url: str) -> str:
    """`url` (one or several comma-separated) without user names or passwords: safe to print."""
    hosts = [h.strip() for h in url.split(",") if h.strip()]
    return ",".join(_without_userinfo(h) for h in hosts)


def _without_userinfo(url: str) -> str:
    try:
        parts = urlsplit(url if "://" in url else f"//{url}")
    except ValueError:
        return "(an unparsable URL)"
    if "@" not in parts.netloc:
        return url
    return url.replace(parts.netloc, parts.netloc.rsplit("@", 1)[1], 1)
