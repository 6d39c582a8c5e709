"""The web app under hostile or unlucky use: bad parameters, secrets in settings, Elasticsearch away,
admins undoing themselves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from indexer.auth.roles import Role
from indexer.settings import Settings, get_settings
from indexer.web.app import create_app
from tests.indexer.web.conftest import PASSWORD, Web, csrf_of, login


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
    from indexer.auth.store import UserStore

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
    from indexer.auth.store import UserError

    with pytest.raises(UserError, match="last admin"):
        web.users.set_role("boss", Role.ANALYST)
    with pytest.raises(UserError, match="last admin"):
        web.users.remove("BOSS")
    boss_now = web.users.get("boss")
    assert boss_now is not None and boss_now.role is Role.ADMIN
