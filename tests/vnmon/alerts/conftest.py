"""Fixtures of the alerts tests: an isolated install with an articles index, a webhook receiver."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias, setup
from indexer.mapping import article_document
from vnmon.kernel.article import Article
from vnmon.kernel.settings import Settings


@dataclass
class Install:
    """A vnmon install under test: its settings and a client of the real node."""

    settings: Settings
    client: Elasticsearch

    def index(self, *articles: Article) -> None:
        """Index articles the way the store does (by id), visible to the next search."""
        alias = articles_alias(self.settings.index_prefix)
        for article in articles:
            self.client.index(index=alias, id=article.id, document=article_document(article))
        self.client.indices.refresh(index=alias)


@pytest.fixture
def install(vnmon_env: Settings, es_client: Elasticsearch) -> Install:
    setup(es_client, vnmon_env.index_prefix)
    return Install(vnmon_env, es_client)


def article(
    ident: str,
    title: str,
    body: str,
    *,
    language: str = "en",
    source: str = "globe",
    country: str = "US",
    fetched_at: datetime | None = None,
    cluster_id: str | None = None,
) -> Article:
    """An article fetched just now (or at `fetched_at`), as the crawler would index it."""
    url = f"https://{source}.example/news/{ident}.html"
    return Article(
        id=ident,
        url=url,
        canonical_url=url,
        source=source,
        source_name=source.title(),
        country=country,
        title=title,
        body=body,
        language=language,
        published_at=datetime.now(UTC) - timedelta(hours=1),
        fetched_at=fetched_at or datetime.now(UTC),
        relevance=6.0,
        cluster_id=cluster_id or f"cluster-{ident}",
    )


@dataclass
class WebhookReceiver:
    """A local HTTP server keeping the JSON body of every POST; answers `status`."""

    url: str
    payloads: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if receiver.status < 300:
                assert self.headers["Content-Type"] == "application/json"
                receiver.payloads.append(json.loads(body))
            self.send_response(receiver.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/vnmon"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
