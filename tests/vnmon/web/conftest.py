"""Fixtures of the web tests: an app on an isolated install, users of every role, an indexed corpus."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from elasticsearch import Elasticsearch
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.vnmon.web.corpus import index_corpus
from vnmon.auth.roles import Role
from vnmon.auth.store import UserStore
from vnmon.kernel.article import Article
from vnmon.kernel.settings import Settings
from vnmon.web.app import create_app

PASSWORD = "correct horse battery staple"


@dataclass
class Web:
    """An app under test and its install's user store."""

    app: FastAPI
    users: UserStore
    settings: Settings

    def client(self, **kwargs: object) -> TestClient:
        return TestClient(self.app, base_url="http://127.0.0.1", **kwargs)  # type: ignore[arg-type]

    def logged_in(self, role: Role) -> TestClient:
        """A client with a session of the user `<role>` (created on demand)."""
        name = role.value
        if self.users.get(name) is None:
            self.users.add(name, PASSWORD, role)
        client = self.client()
        login(client, name, PASSWORD)
        return client


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token the page at `path` embeds in its forms."""
    page = client.get(path)
    marker = 'name="csrf_token" value="'
    start = page.text.index(marker) + len(marker)
    return page.text[start : page.text.index('"', start)]


def login(client: TestClient, username: str, password: str) -> None:
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(client), "next": "/account"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


@pytest.fixture
def web(vnmon_env: Settings) -> Iterator[Web]:
    app = create_app(vnmon_env)
    yield Web(app, UserStore.for_data_dir(vnmon_env.data_dir), vnmon_env)


@pytest.fixture
def corpus(vnmon_env: Settings, es_client: Elasticsearch) -> list[Article]:
    return index_corpus(es_client, vnmon_env.index_prefix, vnmon_env.data_dir)
