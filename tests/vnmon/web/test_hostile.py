"""The web app under hostile or unlucky use: bad parameters, secrets in settings, Elasticsearch away,
admins undoing themselves."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx2 as httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from tests.vnmon.web.conftest import PASSWORD, Web, csrf_of, login
from vnmon.auth.roles import Role
from vnmon.kernel.settings import Settings, get_settings
from vnmon.web.app import create_app
from vnmon.web.server import server_config


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("to=9999-12-31", "date_to"),
        ("from=0001-01-01", "date_from"),
        ("min_relevance=inf", "min_relevance"),
        ("min_relevance=nan", "min_relevance"),
        ("source=" + "x" * 60_000, "sources"),
    ],
)
def test_out_of_range_parameters_are_a_clear_4xx(web: Web, query: str, named: str) -> None:
    analyst = web.logged_in(Role.ANALYST)
    answer = analyst.get(f"/api/search?{query}")
    assert answer.status_code == 422, answer.text[:300]
    assert named in answer.json()["detail"] and "Elasticsearch" not in answer.json()["detail"]
    page = analyst.get(f"/?{query}")
    assert page.status_code == 422 and named in page.text


@pytest.fixture
def away(vnmon_env: Settings, dead_es_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    """The app of an install whose Elasticsearch (reached with a password) does not answer."""
    monkeypatch.setenv("VNMON_ES_URL", dead_es_url.replace("http://", "http://elastic:s3cret-pw@"))
    monkeypatch.setenv("VNMON_ES_MAX_RETRIES", "0")
    get_settings.cache_clear()
    settings = get_settings()
    from vnmon.auth.store import UserStore

    yield Web(create_app(settings), UserStore.for_data_dir(settings.data_dir), settings)
    get_settings.cache_clear()


def test_elasticsearch_credentials_are_never_shown(away: Web) -> None:
    analyst = away.logged_in(Role.ANALYST)
    for path in ("/api/search", "/?q=rice", "/api/articles/abc", "/articles/abc"):
        answer = analyst.get(path)
        assert answer.status_code == 503, (path, answer.status_code)
        assert "s3cret-pw" not in answer.text and "elastic:" not in answer.text, path
        assert "127.0.0.1" in answer.text, path  # the cluster is still named


def test_saved_searches_answer_503_while_elasticsearch_is_away(away: Web) -> None:
    analyst = away.logged_in(Role.ANALYST)
    token = csrf_of(analyst, "/account")
    for method, path in (("GET", "/api/saved-searches"), ("POST", "/api/saved-searches")):
        answer = analyst.request(method, path, json={"name": "Rice"}, headers={"X-CSRF-Token": token})
        assert answer.status_code == 503, (path, answer.text[:200])
        assert "Elasticsearch" in answer.json()["detail"] and "s3cret-pw" not in answer.text
    page = analyst.get("/saved?ui=en")
    assert page.status_code == 503 and "Elasticsearch cannot be reached" in page.text


def test_user_names_are_case_insensitive_for_self_protection(web: Web) -> None:
    web.users.add("admin2", PASSWORD, Role.ADMIN)
    web.users.add("other", PASSWORD, Role.ADMIN)
    admin = web.client()
    login(admin, "admin2", PASSWORD)
    token = csrf_of(admin, "/admin/users")

    demoted = admin.post("/admin/users/ADMIN2/role", data={"role": "analyst", "csrf_token": token})
    assert demoted.status_code == 400 and "own admin role" in demoted.text
    removed = admin.post("/admin/users/Admin2/delete", data={"csrf_token": token})
    assert removed.status_code == 400 and "own account" in removed.text
    me = web.users.get("admin2")
    assert me is not None and me.role is Role.ADMIN


def test_the_last_admin_cannot_be_removed_or_demoted(web: Web) -> None:
    web.users.add("boss", PASSWORD, Role.ADMIN)
    web.users.add("deputy", PASSWORD, Role.ADMIN)
    web.users.add("ana", PASSWORD, Role.ANALYST)
    boss = web.client()
    login(boss, "boss", PASSWORD)
    token = csrf_of(boss, "/admin/users")
    assert boss.post("/admin/users/deputy/delete", data={"csrf_token": token}).status_code == 200
    # Now boss is the only admin: another admin's session (or the CLI) cannot take that away.
    from vnmon.auth.store import UserError

    with pytest.raises(UserError, match="last admin"):
        web.users.set_role("boss", Role.ANALYST)
    with pytest.raises(UserError, match="last admin"):
        web.users.remove("BOSS")
    boss_now = web.users.get("boss")
    assert boss_now is not None and boss_now.role is Role.ADMIN


def _wrong_login(client: TestClient | httpx.Client, name: str = "alice", **headers: str) -> int:
    form = {"username": name, "password": "not the password", "csrf_token": csrf_of(client)}  # type: ignore[arg-type]
    return client.post("/login", data=form, headers=headers).status_code


def test_concurrent_wrong_passwords_are_all_counted(web: Web) -> None:
    web.users.add("alice", PASSWORD, Role.ANALYST)
    clients = [web.client() for _ in range(12)]
    tokens = [csrf_of(c) for c in clients]
    start = threading.Barrier(len(clients))

    def attempt(index: int) -> int:
        start.wait()
        form = {"username": "alice", "password": "not the password", "csrf_token": tokens[index]}
        return clients[index].post("/login", data=form).status_code

    with ThreadPoolExecutor(len(clients)) as pool:
        codes = list(pool.map(attempt, range(len(clients))))

    assert sorted(codes) == [401] * 5 + [429] * 7


def test_an_account_is_throttled_whatever_the_addresses(web: Web) -> None:
    web.users.add("alice", PASSWORD, Role.ANALYST)
    codes = [
        _wrong_login(TestClient(web.app, base_url="http://127.0.0.1", client=(f"192.0.2.{n}", 4000)))
        for n in range(11)
    ]
    assert codes == [401] * 10 + [429]


@pytest.fixture
def served(web: Web) -> Iterator[str]:
    """The app behind a real uvicorn on loopback, configured as `vnmon serve` does."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(server_config(web.app, "127.0.0.1", port, web.settings))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.05)  # waiting for startup, not racing anything
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def test_a_forged_forwarded_for_header_does_not_make_a_new_client(web: Web, served: str) -> None:
    web.users.add("alice", PASSWORD, Role.ANALYST)
    with httpx.Client(base_url=served) as client:
        codes = [_wrong_login(client, **{"X-Forwarded-For": f"198.51.100.{n}"}) for n in range(6)]
    assert codes == [401] * 5 + [429]


def test_an_admin_api_key_cannot_create_lasting_credentials(web: Web) -> None:
    web.users.add("boss", PASSWORD, Role.ADMIN)
    web.users.add("ana", PASSWORD, Role.ANALYST)
    key, _ = web.users.create_api_key("boss", "script")
    api = web.client(headers={"Authorization": f"ApiKey {key}"})

    added = api.post("/admin/users", data={"username": "mallory", "password": PASSWORD, "role": "admin"})
    promoted = api.post("/admin/users/ana/role", data={"role": "admin"})
    removed = api.post("/admin/users/ana/delete")

    assert [r.status_code for r in (added, promoted, removed)] == [403, 403, 403]
    assert "session" in added.text
    assert web.users.get("mallory") is None
    ana = web.users.get("ana")
    assert ana is not None and ana.role is Role.ANALYST
    assert api.get("/api/users").status_code == 200  # reading stays open to the key


def test_an_api_key_revokes_itself_but_not_its_owners_other_keys(web: Web) -> None:
    web.users.add("ana", PASSWORD, Role.ANALYST)
    stolen, stolen_info = web.users.create_api_key("ana", "laptop script")
    _, other_info = web.users.create_api_key("ana", "server script")
    api = web.client(headers={"Authorization": f"ApiKey {stolen}"})

    refused = api.post(f"/account/api-keys/{other_info.id}/revoke", follow_redirects=False)
    assert refused.status_code == 403 and "session" in refused.text
    ana = web.users.get("ana")
    assert ana is not None and {k.id for k in ana.api_keys} == {stolen_info.id, other_info.id}

    itself = api.post(f"/account/api-keys/{stolen_info.id}/revoke", follow_redirects=False)
    assert itself.status_code == 303
    assert web.users.user_for_api_key(stolen) is None
    ana = web.users.get("ana")
    assert ana is not None and {k.id for k in ana.api_keys} == {other_info.id}
