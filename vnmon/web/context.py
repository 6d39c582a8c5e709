"""What every request handler of one app shares: settings, user store, session signer, ES client."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from elasticsearch import Elasticsearch
from fastapi.templating import Jinja2Templates
from starlette.requests import Request

from indexer.client import build_client, shown_url
from indexer.lifecycle import articles_alias
from vnmon.auth.sessions import SessionSigner
from vnmon.auth.store import UserStore
from vnmon.auth.throttle import LoginThrottle
from vnmon.kernel.settings import Settings

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


@dataclass
class WebContext:
    """One app's shared state (stored on `app.state.web`)."""

    settings: Settings
    users: UserStore
    signer: SessionSigner
    templates: Jinja2Templates
    local_admin: bool
    # Failed logins per (name, address), per address and per account: guessing one password,
    # many names from one place, or one account from many places (see `login_limits`).
    throttle: LoginThrottle = field(default_factory=lambda: LoginThrottle(window=900))
    _client: Elasticsearch | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def client(self) -> Elasticsearch:
        """The Elasticsearch client, built on first use so the app starts while ES is away."""
        with self._lock:
            if self._client is None:
                self._client = build_client(self.settings)
            return self._client

    @property
    def es_shown(self) -> str:
        """The Elasticsearch URL as users may see it: never with its user name or password."""
        return shown_url(self.settings.es_url)

    @property
    def alias(self) -> str:
        return articles_alias(self.settings.index_prefix)

    @property
    def warc_dir(self) -> Path:
        return Path(self.settings.data_dir) / "warc"


def web_context(request: Request) -> WebContext:
    """The shared state of the app serving `request`."""
    context: WebContext = request.app.state.web
    return context
