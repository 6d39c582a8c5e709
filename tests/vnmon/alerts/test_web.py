"""The saved-searches pages and API of the web app: each analyst's own, CSRF-checked, webhooks kept public."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.smtp_fixture import Mailbox
from tests.vnmon.alerts.conftest import Install, WebhookReceiver, article
from vnmon.alerts import list_saved, run_alerts
from vnmon.auth.roles import Role
from vnmon.auth.store import UserStore
from vnmon.kernel.settings import get_settings
from vnmon.web.app import create_app

PASSWORD = "correct horse battery staple"
RICE = "Rice exporters in Vietnam signed new contracts this week."


class Site:
    """The web app of the install, with users of each role."""

    def __init__(self, install: Install) -> None:
        self.app = create_app(install.settings)
        self.users = UserStore.for_data_dir(install.settings.data_dir)

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://127.0.0.1")

    def logged_in(self, username: str, role: Role = Role.ANALYST) -> TestClient:
        if self.users.get(username) is None:
            self.users.add(username, PASSWORD, role)
        client = self.client()
        form = {"username": username, "password": PASSWORD, "csrf_token": csrf(client, "/login"), "next": "/"}
        assert client.post("/login", data=form, follow_redirects=False).status_code == 303
        return client


def csrf(client: TestClient, path: str = "/saved") -> str:
    page = client.get(path)
    marker = 'name="csrf_token" value="'
    start = page.text.index(marker) + len(marker)
    return page.text[start : page.text.index('"', start)]


def save_form(client: TestClient, **fields: str) -> dict[str, str]:
    return {"csrf_token": csrf(client), "name": "Rice", "q": "rice", "frequency": "always", **fields}


def test_an_analyst_saves_lists_and_deletes_their_own(install: Install, smtp_server: Mailbox) -> None:
    site = Site(install)
    lan = site.logged_in("lan")

    answer = lan.post(
        "/saved",
        data=save_form(lan, lang="en, ru", country="us", emails="lan@example.org"),
        follow_redirects=False,
    )
    assert answer.status_code == 303

    page = lan.get("/saved")
    assert "Rice" in page.text and "lan@example.org" in page.text
    assert 'href="/?q=rice&amp;lang=en&amp;lang=ru&amp;country=US"' in page.text
    [mine] = lan.get("/api/saved-searches").json()
    assert mine["owner"] == "lan" and mine["query"]["langs"] == ["en", "ru"]

    # What the web saved, the alerts run delivers.
    install.index(article("rice-1", "Rice contracts", RICE))
    run_alerts(get_settings(), client=install.client)
    [message] = smtp_server.messages
    assert message["To"] == "lan@example.org"

    minh = site.logged_in("minh")
    assert minh.get("/api/saved-searches").json() == []
    refused = minh.post(f"/saved/{mine['id']}/delete", data={"csrf_token": csrf(minh)})
    assert refused.status_code == 404
    assert len(list_saved(install.client)) == 1

    gone = lan.post(f"/saved/{mine['id']}/delete", data={"csrf_token": csrf(lan)}, follow_redirects=False)
    assert gone.status_code == 303
    assert list_saved(install.client) == []


def test_forms_without_the_csrf_token_are_refused(install: Install) -> None:
    site = Site(install)
    lan = site.logged_in("lan")
    form = save_form(lan)
    form["csrf_token"] = "forged"

    assert lan.post("/saved", data=form).status_code == 403
    assert list_saved(install.client) == []


def test_nobody_logged_in_gets_nothing(install: Install) -> None:
    site = Site(install)
    site.users.add("admin", PASSWORD, Role.ADMIN)  # users exist: local mode is off
    anonymous = site.client()

    assert anonymous.get("/api/saved-searches").status_code == 401
    assert anonymous.post("/api/saved-searches", json={"name": "x"}).status_code == 401
    assert anonymous.get("/saved", follow_redirects=False).status_code == 303  # to the login form


def test_bad_input_is_shown_on_the_form(install: Install) -> None:
    site = Site(install)
    lan = site.logged_in("lan")

    page = lan.post("/saved", data=save_form(lan, emails="not-an-address", q='"unclosed'))

    assert page.status_code == 400
    assert 'role="alert"' in page.text
    assert list_saved(install.client) == []


def test_an_analyst_cannot_aim_a_webhook_inside_the_machine(
    install: Install, webhook: WebhookReceiver
) -> None:
    site = Site(install)
    lan = site.logged_in("lan")

    page = lan.post("/saved", data=save_form(lan, webhook=webhook.url))

    assert page.status_code == 400
    assert "127.0.0.1" in page.text and "loopback, private or reserved" in page.text
    boss = site.logged_in("boss", Role.ADMIN)
    assert (
        boss.post("/saved", data=save_form(boss, webhook=webhook.url), follow_redirects=False).status_code
        == 303
    )


def test_scripts_use_the_json_api_with_a_key(install: Install) -> None:
    site = Site(install)
    site.users.add("bot", PASSWORD, Role.ANALYST)
    key, _ = site.users.create_api_key("bot", "alerts")
    api = site.client()
    headers = {"Authorization": f"ApiKey {key}"}

    created = api.post(
        "/api/saved-searches",
        json={"name": "Rice", "query": {"q": "rice", "langs": ["en"]}, "emails": ["bot@example.org"]},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    assert created.json()["owner"] == "bot"
    bad = api.post("/api/saved-searches", json={"name": "Bad", "query": {"q": "(rice"}}, headers=headers)
    assert bad.status_code == 422 and "saved search 'Bad'" in bad.json()["detail"]

    deleted = api.delete(f"/api/saved-searches/{created.json()['id']}", headers=headers)
    assert deleted.status_code == 204
    assert api.get("/api/saved-searches", headers=headers).json() == []
