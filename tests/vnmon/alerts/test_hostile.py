"""Alerts under hostile input: a huge article, broken and redirecting webhooks, an address that moves."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.smtp_fixture import Mailbox
from tests.vnmon.alerts.conftest import Install, WebhookReceiver, article
from tests.vnmon.alerts.test_web import Site, save_form
from vnmon.alerts import AlertsRunResult, ensure_alert_indices, run_alerts, save_search, saved_index
from vnmon.alerts.models import SavedSearch
from vnmon.kernel.settings import get_settings

RICE = "Vietnam's rice exporters signed new contracts as prices for rice rose again this week."


def run(install: Install) -> AlertsRunResult:
    return run_alerts(get_settings(), client=install.client)


def watch_by_email(install: Install) -> None:
    save_search(install.client, "Mail", {"q": "rice"}, emails=["analyst@example.org"], frequency="always")


def test_a_digest_of_an_article_longer_than_the_highlight_limit_is_delivered(
    install: Install, smtp_server: Mailbox
) -> None:
    watch_by_email(install)
    huge = article("huge", "Rice prices climb", "x").model_dump(mode="json", exclude={"id"})
    huge["body"] = RICE * 15_000  # >1M characters, stored whole as an older vnmon did
    install.client.index(index=f"{install.settings.index_prefix}-articles", id="huge", document=huge)
    install.client.indices.refresh(index=f"{install.settings.index_prefix}-articles")

    result = run(install)

    assert result.ok, result.errors()
    [message] = smtp_server.messages
    assert "Rice prices climb" in message.as_string()


@pytest.mark.parametrize(
    "url",
    [
        "http://93.184.216.34/a b",
        "http://93.184.216.34/a\tb",
        "http://93.184.216.34:99999/hook",
        "http://93.184.216.34:port/hook",
        "http://user:secret@93.184.216.34/hook",
        "http://93.184.216.34/ü",
        "ftp://93.184.216.34/hook",
    ],
)
def test_a_webhook_url_that_cannot_be_posted_to_is_refused_when_saved(install: Install, url: str) -> None:
    site = Site(install)
    lan = site.logged_in("lan")
    csrf = lan.get("/saved").text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    answer = lan.post(
        "/api/saved-searches", json={"name": "Hook", "webhook": url}, headers={"X-CSRF-Token": csrf}
    )

    assert answer.status_code == 422, answer.text
    assert "webhook" in answer.json()["detail"]
    page = lan.post("/saved", data=save_form(lan, webhook=url))
    assert page.status_code == 400 and "webhook" in page.text


def test_a_broken_webhook_stored_earlier_fails_only_its_own_search(
    install: Install, smtp_server: Mailbox
) -> None:
    # Written before URLs were checked fully: the document no longer validates.
    legacy = SavedSearch(name="Old hook", owner="lan", query={"q": "rice"}, frequency="always").to_document()
    legacy["webhook"] = "http://93.184.216.34/a b"
    ensure_alert_indices(install.client, install.settings.index_prefix)
    install.client.index(index=saved_index(install.settings.index_prefix), id="legacy", document=legacy)
    watch_by_email(install)
    install.index(article("rice-1", "Rice prices climb", RICE))

    result = run(install)

    [message] = smtp_server.messages
    assert message["To"] == "analyst@example.org"
    [broken] = [s for s in result.searches if s.name == "Old hook"]
    assert broken.status == "error" and broken.owner == "lan"
    assert "webhook" in (broken.error or "")


@pytest.fixture
def redirector(webhook: WebhookReceiver) -> Iterator[str]:
    """A webhook that answers 302 pointing at the loopback receiver `webhook`."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(302)
            self.send_header("Location", webhook.url)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


def test_a_webhook_redirect_is_not_followed(
    install: Install, webhook: WebhookReceiver, redirector: str, smtp_server: Mailbox
) -> None:
    save_search(
        install.client, "Hook", {"q": "rice"}, webhook=redirector, webhook_internal=True, frequency="always"
    )
    watch_by_email(install)
    install.index(article("rice-1", "Rice prices climb", RICE))

    result = run(install)

    assert webhook.payloads == []  # the loopback address the redirect named was never posted to
    [hook] = [s for s in result.searches if s.name == "Hook"]
    assert hook.failed == 1 and "302" in (hook.targets[0].error or "")
    assert len(smtp_server.messages) == 1  # the other search was delivered all the same


def test_a_public_webhook_whose_name_now_resolves_to_loopback_is_not_posted_to(
    install: Install, webhook: WebhookReceiver
) -> None:
    # Saved by an analyst while its host was public (DNS rebinding later points it at loopback):
    # the address is checked when connecting, not only when saving.
    save_search(install.client, "Hook", {"q": "rice"}, owner="lan", webhook=webhook.url, frequency="always")
    install.index(article("rice-1", "Rice prices climb", RICE))

    result = run(install)

    assert webhook.payloads == []
    [hook] = result.searches
    assert hook.failed == 1 and "loopback, private or reserved" in (hook.targets[0].error or "")
    # Its owner sees why on their page.
    page = Site(install).logged_in("lan").get("/saved?ui=en")
    assert "loopback, private or reserved" in page.text
