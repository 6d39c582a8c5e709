"""Alert digests against the real node and a real local SMTP server: new matches only, each once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from tests.smtp_fixture import Mailbox
from tests.vnmon.alerts.conftest import Install, WebhookReceiver, article
from vnmon.alerts import AlertsRunResult, deliveries_index, run_alerts, save_search, set_paused
from vnmon.alerts.locks import run_lock
from vnmon.kernel.settings import get_settings

RICE = "Vietnam's rice exporters signed new contracts as prices for rice rose again this week."
COFFEE = "Coffee growers in the Central Highlands of Vietnam expect a smaller harvest this year."


def run(install: Install, name: str | None = None) -> AlertsRunResult:
    """One `vnmon alerts run`, with the settings as the environment has them now."""
    return run_alerts(get_settings(), name=name, client=install.client)


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def html_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("html",))
    assert body is not None
    return str(body.get_content())


def urls_in(message: EmailMessage) -> set[str]:
    return {line.strip() for line in text_of(message).splitlines() if line.strip().startswith("https://")}


def test_digest_email_lists_the_new_matching_articles(install: Install, smtp_server: Mailbox) -> None:
    save_search(
        install.client, "Rice watch", {"q": "rice"}, emails=["analyst@example.org"], frequency="always"
    )
    first = article("rice-1", "Rice prices climb in Vietnam", RICE)
    second = article("rice-2", "Rice contracts signed", RICE, source="herald", country="GB")
    other = article("coffee-1", "Smaller coffee harvest", COFFEE)
    install.index(first, second, other)

    result = run(install)

    [message] = smtp_server.messages
    assert message["To"] == "analyst@example.org"
    assert message["Subject"] == "vnmon: 2 bài mới / 2 new articles — Rice watch"
    assert urls_in(message) == {first.url, second.url}
    assert "Rice prices climb in Vietnam" in text_of(message)
    assert "<mark>rice</mark>" in html_of(message).lower()
    assert other.url not in html_of(message)
    [outcome] = result.searches
    assert (outcome.matches, outcome.delivered, outcome.failed) == (2, 2, 0)


def test_a_second_run_sends_nothing_and_a_third_only_the_new_article(
    install: Install, smtp_server: Mailbox
) -> None:
    save_search(
        install.client, "Rice watch", {"q": "rice"}, emails=["analyst@example.org"], frequency="always"
    )
    install.index(article("rice-1", "Rice prices climb", RICE))
    run(install)
    assert len(smtp_server.messages) == 1

    again = run(install)
    assert len(smtp_server.messages) == 1
    assert (again.matches, again.delivered, again.failed) == (0, 0, 0)

    fresh = article("rice-3", "Rice harvest ahead of schedule", RICE)
    install.index(fresh)
    run(install)
    assert len(smtp_server.messages) == 2
    assert urls_in(smtp_server.messages[1]) == {fresh.url}
    assert smtp_server.messages[1]["Subject"].startswith("vnmon: 1 bài mới / 1 new article — ")


def test_each_recipient_gets_each_article_once(install: Install, smtp_server: Mailbox) -> None:
    save_search(
        install.client,
        "Rice watch",
        {"q": "rice"},
        emails=["an@example.org", "binh@example.org"],
        frequency="always",
    )
    install.index(article("rice-1", "Rice prices climb", RICE))
    run(install)
    run(install)

    by_recipient = sorted((m["To"], tuple(sorted(urls_in(m)))) for m in smtp_server.messages)
    url = "https://globe.example/news/rice-1.html"
    assert by_recipient == [("an@example.org", (url,)), ("binh@example.org", (url,))]


def test_webhook_gets_the_digest_as_json_once(install: Install, webhook: WebhookReceiver) -> None:
    save_search(
        install.client,
        "Rice hook",
        {"q": "rice", "langs": ["en"]},
        webhook=webhook.url,
        webhook_internal=True,
        frequency="always",
    )
    install.index(article("rice-1", "Rice prices climb", RICE), article("coffee-1", "Coffee", COFFEE))

    run(install)
    run(install)

    [payload] = webhook.payloads
    assert payload["event"] == "vnmon.alert"
    assert payload["saved_search"]["name"] == "Rice hook"
    assert payload["saved_search"]["query"]["langs"] == ["en"]
    assert payload["count"] == 1
    [sent] = payload["articles"]
    assert sent["id"] == "rice-1"
    assert sent["url"] == "https://globe.example/news/rice-1.html"
    assert sent["language"] == "en"
    assert "rice" in sent["snippet"].lower()


def test_smtp_down_is_reported_and_retried_without_loss_or_duplicates(
    install: Install, smtp_server: Mailbox, webhook: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_search(
        install.client,
        "Rice watch",
        {"q": "rice"},
        emails=["analyst@example.org"],
        webhook=webhook.url,
        webhook_internal=True,
        frequency="daily",
    )
    install.index(article("rice-1", "Rice prices climb", RICE), article("rice-2", "Rice deals", RICE))
    live_port = get_settings().smtp_port
    monkeypatch.setenv("VNMON_SMTP_PORT", str(_dead_port()))
    get_settings.cache_clear()

    down = run(install)

    assert not down.ok
    assert (down.delivered, down.failed) == (2, 2)  # the webhook got both, the mailbox none
    [error] = down.errors()
    assert "email:analyst@example.org" in error and "failed" in error
    assert smtp_server.messages == []
    assert len(webhook.payloads) == 1

    # Another article arrives while the mail server is away; then it comes back.
    install.index(article("rice-3", "Rice exports up", RICE))
    monkeypatch.setenv("VNMON_SMTP_PORT", str(live_port))
    get_settings.cache_clear()
    # `daily`, yet the failure makes it due at the very next run.
    back = run(install)

    assert back.ok
    [message] = smtp_server.messages
    assert {u.rsplit("/", 1)[-1] for u in urls_in(message)} == {"rice-1.html", "rice-2.html", "rice-3.html"}
    assert [a["id"] for a in webhook.payloads[1]["articles"]] == ["rice-3"]

    run(install, name="Rice watch")
    assert len(smtp_server.messages) == 1
    assert len(webhook.payloads) == 2


def test_webhook_error_status_is_a_failure_retried_next_run(
    install: Install, webhook: WebhookReceiver
) -> None:
    save_search(
        install.client,
        "Rice hook",
        {"q": "rice"},
        webhook=webhook.url,
        webhook_internal=True,
        frequency="always",
    )
    install.index(article("rice-1", "Rice prices climb", RICE))
    webhook.status = 503

    failed = run(install)
    assert failed.failed == 1
    assert "503" in failed.errors()[0] and webhook.url in failed.errors()[0]

    webhook.status = 200
    run(install)
    run(install)
    assert [[a["id"] for a in p["articles"]] for p in webhook.payloads] == [["rice-1"]]


def test_an_article_indexed_late_is_still_sent(install: Install, smtp_server: Mailbox) -> None:
    save_search(
        install.client, "Rice watch", {"q": "rice"}, emails=["analyst@example.org"], frequency="always"
    )
    fetched_before_the_run = datetime.now(UTC)
    run(install)  # nothing yet: the article sits in a crawler's spool
    late = article("rice-late", "Rice from a spool", RICE, fetched_at=fetched_before_the_run)
    install.index(late)

    run(install)

    [message] = smtp_server.messages
    assert urls_in(message) == {late.url}


def test_a_flood_is_sent_in_digests_of_the_configured_size(
    install: Install, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VNMON_ALERTS_MAX_ARTICLES", "2")
    get_settings.cache_clear()
    save_search(
        install.client, "Rice watch", {"q": "rice"}, emails=["analyst@example.org"], frequency="daily"
    )
    start = datetime.now(UTC)
    articles = [
        article(f"rice-{n}", f"Rice story {n}", RICE, fetched_at=start + timedelta(seconds=n))
        for n in range(5)
    ]
    install.index(*articles)

    first = run(install)
    assert first.searches[0].more
    second = run(install)  # `daily`, but the rest is pending: sent now
    third = run(install)
    fourth = run(install)

    sent = [sorted(urls_in(m)) for m in smtp_server.messages]
    assert [len(batch) for batch in sent] == [2, 2, 1]
    assert sorted(u for batch in sent for u in batch) == sorted(a.url for a in articles)
    assert sent[0] == sorted(a.url for a in articles[:2])  # oldest first
    assert (second.delivered, third.delivered) == (2, 1)
    assert fourth.searches[0].status == "not due"


def test_syndicated_copies_are_sent_once_unless_all_copies(install: Install, smtp_server: Mailbox) -> None:
    save_search(install.client, "One copy", {"q": "rice"}, emails=["one@example.org"], frequency="always")
    save_search(
        install.client,
        "Every copy",
        {"q": "rice", "all_copies": True},
        emails=["all@example.org"],
        frequency="always",
    )
    install.index(
        article("wire-a", "Rice deal", RICE, source="globe", cluster_id="wire"),
        article("wire-b", "Rice deal", RICE, source="herald", cluster_id="wire"),
    )
    run(install)
    install.index(article("wire-c", "Rice deal", RICE, source="courier", cluster_id="wire"))
    run(install)

    one = [m for m in smtp_server.messages if m["To"] == "one@example.org"]
    every = [m for m in smtp_server.messages if m["To"] == "all@example.org"]
    assert [len(urls_in(m)) for m in one] == [1]
    assert [len(urls_in(m)) for m in every] == [2, 1]


def test_filters_and_inflected_russian_forms(install: Install, smtp_server: Mailbox) -> None:
    save_search(
        install.client,
        "Russian press",
        {"q": "Вьетнам", "langs": ["ru"]},
        emails=["ru@example.org"],
        frequency="always",
    )
    russian = article(
        "ru-1", "Рис дорожает", "Цены на рис во Вьетнаме выросли.", language="ru", source="mir", country="RU"
    )
    english = article("en-1", "Vietnam rice", RICE)
    install.index(russian, english)

    run(install)

    [message] = smtp_server.messages
    assert urls_in(message) == {russian.url}


def test_a_search_saved_after_an_article_was_fetched_does_not_send_it(
    install: Install, smtp_server: Mailbox
) -> None:
    install.index(article("old", "Rice last week", RICE, fetched_at=datetime.now(UTC) - timedelta(days=7)))
    save_search(
        install.client, "Rice watch", {"q": "rice"}, emails=["analyst@example.org"], frequency="always"
    )

    result = run(install)

    assert smtp_server.messages == []
    assert result.matches == 0


def _dead_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_run_in_progress_elsewhere_is_left_alone(install: Install, smtp_server: Mailbox) -> None:
    saved = save_search(
        install.client, "Rice watch", {"q": "rice"}, emails=["analyst@example.org"], frequency="always"
    )
    install.index(article("rice-1", "Rice prices climb", RICE))

    with run_lock(install.client, saved.id) as held:
        assert held
        busy = run(install)  # e.g. `vnmon alerts run` while the scheduler's job is sending
    assert busy.searches[0].status == "busy"
    assert smtp_server.messages == []

    run(install)
    assert len(smtp_server.messages) == 1


def test_a_lock_left_by_a_dead_run_is_taken_over(install: Install, smtp_server: Mailbox) -> None:
    saved = save_search(
        install.client, "Rice watch", {"q": "rice"}, emails=["analyst@example.org"], frequency="always"
    )
    install.index(article("rice-1", "Rice prices climb", RICE))
    stale = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    install.client.index(
        index=deliveries_index(),
        id=f"lock-{saved.id}",
        document={"lock_token": "dead", "locked_at": stale, "holder": "gone:1"},
        refresh=True,
    )

    result = run(install)

    assert result.searches[0].status == "ran"
    assert len(smtp_server.messages) == 1


def test_a_recipient_added_later_gets_recent_matches_only(
    install: Install, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VNMON_ALERTS_LOOKBACK_HOURS", "1")
    get_settings.cache_clear()
    saved = save_search(install.client, "Rice watch", {"q": "rice"}, frequency="always")
    install.index(article("rice-old", "Rice, earlier", RICE))
    later = datetime.now(UTC) + timedelta(hours=3)
    run_alerts(get_settings(), client=install.client, now=later)  # no targets yet: nothing sent
    save_search(
        install.client, "Rice watch", {"q": "rice"}, emails=["analyst@example.org"], frequency="always"
    )
    fresh = article("rice-new", "Rice, now", RICE, fetched_at=later + timedelta(minutes=1))
    install.index(fresh)

    result = run_alerts(get_settings(), client=install.client, now=later + timedelta(minutes=2))

    assert result.searches[0].id == saved.id
    [message] = smtp_server.messages
    assert urls_in(message) == {fresh.url}  # not the article from before the recipient's time window


def test_a_paused_search_sends_nothing_and_resumes_from_that_moment(
    install: Install, smtp_server: Mailbox
) -> None:
    saved = save_search(
        install.client, "Rice watch", {"q": "rice"}, emails=["analyst@example.org"], frequency="always"
    )
    paused = set_paused(install.client, saved, True)
    install.index(article("rice-1", "Rice prices climb in Vietnam", RICE))

    [outcome] = run(install).searches
    assert outcome.status == "paused" and smtp_server.messages == []

    set_paused(install.client, paused, False)
    assert run(install).searches[0].delivered == 0  # found while paused: not sent after resuming
    install.index(article("rice-2", "Rice contracts signed", RICE))
    assert run(install).searches[0].delivered == 1
    [message] = smtp_server.messages
    assert urls_in(message) == {article("rice-2", "Rice contracts signed", RICE).url}
