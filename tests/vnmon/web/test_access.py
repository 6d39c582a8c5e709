"""Access control of every route: declared permissions, role matrix, 401 vs 403, CSRF, API keys."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.vnmon.web.conftest import PASSWORD, Web, csrf_of, login
from vnmon.auth.roles import ROLE_PERMISSIONS, Permission, Role
from vnmon.web.app import create_app
from vnmon.web.security import declared_routes

PUBLIC_ROUTES = {("GET", "/login"), ("POST", "/login"), ("GET", "/health")}

# One concrete request per route (path parameters filled in); a new route must be added here.
EXAMPLES: dict[tuple[str, str], str] = {
    ("GET", "/"): "/",
    ("GET", "/api/search"): "/api/search",
    ("GET", "/api/compare"): "/api/compare?q=rice&q=coffee",
    ("GET", "/compare"): "/compare?q=rice",
    ("GET", "/api/trends"): "/api/trends",
    ("GET", "/trends"): "/trends",
    ("GET", "/api/places"): "/api/places",
    ("GET", "/places"): "/places",
    ("GET", "/api/articles/{article_id}"): "/api/articles/nope",
    ("GET", "/api/articles/{article_id}/archived"): "/api/articles/nope/archived",
    ("GET", "/articles/{article_id}"): "/articles/nope",
    ("GET", "/articles/{article_id}/archived"): "/articles/nope/archived",
    ("POST", "/logout"): "/logout",
    ("GET", "/api/me"): "/api/me",
    ("GET", "/account"): "/account",
    ("POST", "/account/api-keys"): "/account/api-keys",
    ("POST", "/account/api-keys/{key_id}/revoke"): "/account/api-keys/000000000000/revoke",
    ("GET", "/api/users"): "/api/users",
    ("GET", "/admin/users"): "/admin/users",
    ("POST", "/admin/users"): "/admin/users",
    ("POST", "/admin/users/{username}/role"): "/admin/users/nobody/role",
    ("POST", "/admin/users/{username}/delete"): "/admin/users/nobody/delete",
    ("GET", "/openapi.json"): "/openapi.json",
    ("GET", "/api/exports"): "/api/exports",
    ("GET", "/exports"): "/exports",
    ("GET", "/exports/{week}/{name}"): "/exports/2026-W01/vnmon-2026-W01.csv",
    ("POST", "/exports/make"): "/exports/make",
    ("GET", "/export/search"): "/export/search?format=csv",
    ("GET", "/api/saved-searches"): "/api/saved-searches",
    ("POST", "/api/saved-searches"): "/api/saved-searches",
    ("DELETE", "/api/saved-searches/{saved_id}"): "/api/saved-searches/000000000000000000000000",
    ("GET", "/saved"): "/saved",
    ("POST", "/saved"): "/saved",
    ("POST", "/saved/{saved_id}/delete"): "/saved/000000000000000000000000/delete",
    ("POST", "/saved/{saved_id}/pause"): "/saved/000000000000000000000000/pause",
    ("POST", "/saved/{saved_id}/resume"): "/saved/000000000000000000000000/resume",
    ("GET", "/saved/{saved_id}/edit"): "/saved/000000000000000000000000/edit",
    ("GET", "/saved/{saved_id}/preview"): "/saved/000000000000000000000000/preview",
    ("POST", "/saved/{saved_id}/test"): "/saved/000000000000000000000000/test",
    # The operator page (vnmon/web/routers/operator.py).
    ("GET", "/operator"): "/operator",
    ("GET", "/api/operator/schedules"): "/api/operator/schedules",
    ("GET", "/api/operator/runs"): "/api/operator/runs",
    ("GET", "/api/operator/health"): "/api/operator/health",
    ("GET", "/api/operator/runs/{run_id}"): "/api/operator/runs/no-such-run",
    ("GET", "/operator/runs/{run_id}"): "/operator/runs/no-such-run",
    ("POST", "/operator/schedules"): "/operator/schedules",
    **{
        ("POST", f"{base}/schedules/{{name}}/{action}"): f"{base}/schedules/nothing-such/{action}"
        for base in ("/operator", "/api/operator")
        for action in ("pause", "resume", "run")
    },
    ("GET", "/api/operator/outlets"): "/api/operator/outlets",
    **{
        ("POST", f"{base}/outlets/{{domain}}/{action}"): f"{base}/outlets/nothing-such.example/{action}"
        for base in ("/operator", "/api/operator")
        for action in ("block", "unblock", "promote")
    },
}


def _protected(web: Web) -> list[tuple[str, str, Permission]]:
    found = []
    for route in declared_routes(web.app):
        for method in route.methods - {"HEAD"}:
            if isinstance(route.access, Permission):
                found.append((method, route.path, route.access))
    return found


def test_every_route_declares_its_permission(web: Web) -> None:
    undeclared = [(sorted(r.methods), r.path) for r in declared_routes(web.app) if r.access is None]
    assert not undeclared, f"routes without require(...) or public(): {undeclared}"
    public = {
        (m, r.path) for r in declared_routes(web.app) if r.access == "public" for m in r.methods - {"HEAD"}
    }
    assert public == PUBLIC_ROUTES
    assert {(m, p) for m, p, _ in _protected(web)} == set(EXAMPLES), "every protected route needs an example"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_refused_exactly_what_it_may_not_do(web: Web, role: Role) -> None:
    client = web.logged_in(role)
    token = csrf_of(client, "/account")
    for method, path, permission in _protected(web):
        response = client.request(
            method, EXAMPLES[(method, path)], data={"csrf_token": token}, follow_redirects=False
        )
        allowed = permission in ROLE_PERMISSIONS[role]
        if allowed:
            assert response.status_code != 403, (role, method, path, response.text[:300])
        else:
            assert response.status_code == 403, (role, method, path, response.status_code)
        if path == "/logout" and allowed:
            client = web.logged_in(role)  # logging out ended the session; log in again
            token = csrf_of(client, "/account")


def test_roles_are_what_the_jobs_are() -> None:
    search = {Permission.SEARCH, Permission.SAVED_SEARCHES, Permission.ACCOUNT}
    assert ROLE_PERMISSIONS[Role.ANALYST] == search
    assert ROLE_PERMISSIONS[Role.OPERATOR] == {Permission.CRAWLS, Permission.ACCOUNT}
    assert ROLE_PERMISSIONS[Role.REPORTER] == search | {Permission.EXPORTS}  # may not pause crawls
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)


def test_an_operator_lands_on_a_page_their_role_may_see(web: Web) -> None:
    web.users.add("olga", PASSWORD, Role.OPERATOR)
    client = web.client()
    form = {"username": "olga", "password": PASSWORD, "csrf_token": csrf_of(client), "next": "/"}
    landed = client.post("/login", data=form, follow_redirects=False)
    assert landed.status_code == 303 and landed.headers["location"] != "/"
    assert client.get(landed.headers["location"]).status_code == 200


def test_anonymous_api_calls_get_401_and_pages_redirect_to_login(web: Web) -> None:
    web.users.add("someone", PASSWORD, Role.ANALYST)
    client = web.client()
    for method, path, _ in _protected(web):
        response = client.request(method, EXAMPLES[(method, path)], follow_redirects=False)
        if path.startswith("/api/") or path == "/openapi.json":
            assert response.status_code == 401, (method, path)
            assert response.headers["www-authenticate"] == "ApiKey"
        elif method == "GET":
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/login?next=")
        else:
            assert response.status_code == 401, (method, path)
    assert client.get("/health").json() == {"status": "ok"}


def test_login_with_a_wrong_password_fails_and_is_rate_limited(web: Web) -> None:
    web.users.add("alice", PASSWORD, Role.ANALYST)
    client = web.client()
    codes = []
    for _ in range(6):
        token = csrf_of(client)
        response = client.post(
            "/login", data={"username": "alice", "password": "wrong password!", "csrf_token": token}
        )
        codes.append(response.status_code)
    assert codes == [401] * 5 + [429]
    # Locked out even with the right password until the window passes.
    response = client.post(
        "/login", data={"username": "alice", "password": PASSWORD, "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 429
    assert client.get("/api/me").status_code == 401


def test_state_changing_forms_need_the_session_csrf_token(web: Web) -> None:
    admin = web.logged_in(Role.ADMIN)
    form = {"username": "bob", "password": PASSWORD, "role": "analyst"}
    assert admin.post("/admin/users", data=form, follow_redirects=False).status_code == 403
    assert (
        admin.post("/admin/users", data={**form, "csrf_token": "forged"}, follow_redirects=False).status_code
        == 403
    )
    # A token from another session is no good either.
    other = web.client()
    assert admin.post("/admin/users", data={**form, "csrf_token": csrf_of(other)}).status_code == 403
    assert web.users.get("bob") is None
    response = admin.post(
        "/admin/users", data={**form, "csrf_token": csrf_of(admin, "/admin/users")}, follow_redirects=False
    )
    assert response.status_code == 303
    assert web.users.get("bob") is not None


def test_login_itself_needs_a_csrf_token(web: Web) -> None:
    web.users.add("alice", PASSWORD, Role.ANALYST)
    client = web.client()
    response = client.post("/login", data={"username": "alice", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 403
    assert client.get("/api/me").status_code == 401


def test_logging_out_ends_the_session_everywhere(web: Web) -> None:
    client = web.logged_in(Role.ANALYST)
    copied = web.client(cookies=dict(client.cookies))
    assert copied.get("/api/me").json()["username"] == "analyst"
    response = client.post(
        "/logout", data={"csrf_token": csrf_of(client, "/account")}, follow_redirects=False
    )
    assert response.status_code == 303
    assert client.get("/api/me").status_code == 401
    assert copied.get("/api/me").status_code == 401, "a copied cookie must not outlive the logout"


def test_a_tampered_session_cookie_is_ignored(web: Web) -> None:
    client = web.logged_in(Role.ANALYST)
    cookie = client.cookies["vnmon_session"]
    body, mac = cookie.split(".")
    forged = web.client(cookies={"vnmon_session": body.replace("Y", "Z", 1) + "." + mac})
    assert forged.get("/api/me").status_code == 401


def test_a_demoted_user_loses_access_at_once(web: Web) -> None:
    web.users.add("deputy", PASSWORD, Role.ADMIN)  # the last admin cannot be demoted
    client = web.logged_in(Role.ADMIN)
    assert client.get("/api/users").status_code == 200
    web.users.set_role("admin", Role.ANALYST)
    assert client.get("/api/users").status_code == 401  # role changes end sessions
    login(client, "admin", PASSWORD)
    assert client.get("/api/users").status_code == 403


@pytest.mark.parametrize("header", ["Authorization", "X-API-Key"])
def test_api_keys_authenticate_scripts_until_revoked(web: Web, header: str) -> None:
    web.users.add("script-owner", PASSWORD, Role.OPERATOR)
    key, info = web.users.create_api_key("script-owner", "nightly")
    value = f"ApiKey {key}" if header == "Authorization" else key
    client = web.client()
    me = client.get("/api/me", headers={header: value})
    assert me.status_code == 200
    assert me.json()["username"] == "script-owner" and me.json()["via"] == "api_key"
    assert client.get("/api/users", headers={header: value}).status_code == 403
    # A key cannot mint keys: they would outlive the revocation of this one.
    minted = client.post("/account/api-keys", headers={header: value}, data={"name": "x"})
    assert minted.status_code == 403 and "session" in minted.text
    owner = web.users.get("script-owner")
    assert owner is not None and [k.id for k in owner.api_keys] == [info.id]
    web.users.revoke_api_key(info.id)
    assert client.get("/api/me", headers={header: value}).status_code == 401
    assert client.get("/api/me", headers={header: value[:-3] + "abc"}).status_code == 401


def test_a_wrong_api_key_is_refused_even_with_a_valid_session(web: Web) -> None:
    client = web.logged_in(Role.ADMIN)
    assert (
        client.get(
            "/api/me", headers={"X-API-Key": "vnmon_000000000000_notakeyatallnotakeyatall"}
        ).status_code
        == 401
    )


def test_local_mode_makes_this_machine_admin_until_a_user_exists(web: Web) -> None:
    app = create_app(web.settings, local_admin=True)
    local = TestClient(app, base_url="http://127.0.0.1:8000", client=("127.0.0.1", 5555))
    assert local.get("/api/me").json() == {
        "username": "local",
        "role": "admin",
        "via": "local",
        "permissions": sorted(p.value for p in Permission),
    }
    # A page reached through another host name (DNS rebinding) or from another machine gets nothing.
    rebound = TestClient(app, base_url="http://attacker.example", client=("127.0.0.1", 5555))
    assert rebound.get("/api/me").status_code == 401
    remote = TestClient(app, base_url="http://127.0.0.1:8000", client=("192.0.2.7", 5555))
    assert remote.get("/api/me").status_code == 401
    # A reverse proxy on this machine relays everyone's requests from loopback: not local.
    proxied = local.get("/api/me", headers={"X-Forwarded-For": "192.0.2.7"})
    assert proxied.status_code == 401
    # The first user ends local mode.
    token = csrf_of(local, "/admin/users")
    form = {"username": "first", "password": PASSWORD, "role": "admin", "csrf_token": token}
    assert local.post("/admin/users", data=form, follow_redirects=False).status_code == 303
    assert local.get("/api/me").status_code == 401


def test_without_local_mode_nothing_is_open(web: Web) -> None:
    assert not web.users.has_users()
    assert web.client().get("/api/search").status_code == 401
