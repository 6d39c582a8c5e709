"""The account page (own API keys) and the admin's user pages, driven through their forms."""

from __future__ import annotations

import re

from tests.vnmon.web.conftest import PASSWORD, Web, csrf_of
from vnmon.auth.roles import Role


def test_a_user_creates_an_api_key_sees_it_once_and_revokes_it(web: Web) -> None:
    client = web.logged_in(Role.ANALYST)
    token = csrf_of(client, "/account")
    created = client.post("/account/api-keys", data={"name": "laptop", "csrf_token": token})
    key = re.search(r'<pre class="key" id="new-key">([^<]+)</pre>', created.text)
    assert key, created.text
    script = web.client()
    assert script.get("/api/me", headers={"X-API-Key": key.group(1)}).json()["username"] == "analyst"
    again = client.get("/account")
    assert "laptop" in again.text and key.group(1) not in again.text, "a key is shown only once"

    key_id = key.group(1).split("_")[1]
    revoked = client.post(
        f"/account/api-keys/{key_id}/revoke", data={"csrf_token": token}, follow_redirects=False
    )
    assert revoked.status_code == 303
    assert script.get("/api/me", headers={"X-API-Key": key.group(1)}).status_code == 401


def test_one_user_cannot_revoke_another_users_key(web: Web) -> None:
    web.users.add("owner", PASSWORD, Role.ANALYST)
    key, info = web.users.create_api_key("owner")
    client = web.logged_in(Role.ANALYST)
    response = client.post(
        f"/account/api-keys/{info.id}/revoke", data={"csrf_token": csrf_of(client, "/account")}
    )
    assert response.status_code == 404
    assert web.users.user_for_api_key(key) is not None


def test_admin_changes_roles_and_removes_users_but_not_themselves(web: Web) -> None:
    admin = web.logged_in(Role.ADMIN)
    web.users.add("bob", PASSWORD, Role.ANALYST)
    token = csrf_of(admin, "/admin/users")
    moved = admin.post(
        "/admin/users/bob/role", data={"role": "reporter", "csrf_token": token}, follow_redirects=False
    )
    assert moved.status_code == 303
    bob = web.users.get("bob")
    assert bob is not None and bob.role is Role.REPORTER

    own = admin.post("/admin/users/admin/role", data={"role": "analyst", "csrf_token": token})
    assert own.status_code == 400 and "own admin role" in own.text
    assert admin.post("/admin/users/admin/delete", data={"csrf_token": token}).status_code == 400

    weak = admin.post(
        "/admin/users", data={"username": "eve", "password": "short", "role": "analyst", "csrf_token": token}
    )
    assert weak.status_code == 400 and "at least 10 characters" in weak.text

    removed = admin.post("/admin/users/bob/delete", data={"csrf_token": token}, follow_redirects=False)
    assert removed.status_code == 303 and web.users.get("bob") is None
    listed = admin.get("/api/users").json()
    assert [u["username"] for u in listed] == ["admin"]
    assert "password" not in str(listed) and "sha256" not in str(listed)
