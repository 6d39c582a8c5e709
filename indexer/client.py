"""Builds the one Elasticsearch client vnmon uses, from settings."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from elasticsearch import ApiError, Elasticsearch, TransportError

from vnmon.kernel.errors import EsUnavailableError
from vnmon.kernel.settings import Settings, es_hosts, get_settings


def build_client(settings: Settings | None = None, url: str | None = None) -> Elasticsearch:
    """An `Elasticsearch` client configured from `VNMON_ES_*` settings (or an explicit URL).

    With several URLs (nodes of one cluster), a request whose node does not answer is retried on
    the next, and that node is left out for a while (the transport's dead-node backoff, 1 s
    doubling up to 30 s); so every request may try each node once, however low
    VNMON_ES_MAX_RETRIES is. `ValueError` names a malformed URL.
    """
    settings = settings or get_settings()
    hosts = es_hosts(url or settings.es_url)
    kwargs: dict[str, Any] = {
        "request_timeout": settings.es_timeout,
        "max_retries": max(settings.es_max_retries, len(hosts) - 1),
        "retry_on_timeout": True,
        "dead_node_backoff_factor": 1.0,
        "max_dead_node_backoff": 30.0,
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
    client = fail_fast(build_client(settings, target))
    try:
        client.info()
    except (TransportError, ApiError) as exc:
        raise EsUnavailableError(
            f"Elasticsearch at {shown_url(target)} does not answer ({type(exc).__name__}: {exc}); "
            "start one with `vnmon es start` or set VNMON_ES_URL"
        ) from exc
    return build_client(settings, target)


def fail_fast(client: Elasticsearch, timeout: float = 5.0) -> Elasticsearch:
    """`client` for requests that must not hold anything up: a short timeout, and no retry
    beyond trying each of its nodes once (one node: no retry at all)."""
    nodes = len(client.transport.node_pool.all())
    return client.options(request_timeout=timeout, max_retries=max(nodes - 1, 0))


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
