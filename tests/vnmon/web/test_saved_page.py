"""The saved-searches page (issue 16): in the navigation, "Save this search" from the results,
edit, preview of the last 7 days, a test send through a real SMTP server, and the warning when
no mail server is configured."""

from __future__ import annotations

from datetime import UTC, datetime

from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from indexer.lifecycle import articles_alias
from indexer.mapping import article_document
from tests.smtp_fixture import Mailbox
from tests.vnmon.web.conftest import PASSWORD, Web, csrf_of, login
from vnmon.alerts import get_saved
from vnmon.auth.roles import Role
from vnmon.kernel.article import Article


def fresh_article(es_client: Elasticsearch, prefix: str, corpus: list[Article]) -> Article:
    """A copy of the French article fetched now (the corpus was fetched weeks ago): the preview's 7 days."""
    now = datetime.now(UTC)
    fresh = corpus[-1].model_copy(
        update={"id": "fr-fresh", "url": "https://monde.example/news/fr-fresh.html",
                "canonical_url": "https://monde.example/news/fr-fresh.html", "fetched_at": now,
                "published_at": now, "cluster_id": "cluster-fresh",
                "title": "Le riz du Vietnam cette semaine"}
    )  # fmt: skip
    alias = articles_alias(prefix)
    es_client.index(index=alias, id=fresh.id, document=article_document(fresh), refresh="wait_for")
    return fresh


def save_from_results(client: TestClient, name: str, **query: str) -> None:
    page = client.get("/", params={**query, "ui": "en"})
    assert 'id="save-this-search"' in page.text
    form = {"csrf_token": csrf_of(client, "/?ui=en"), "name": name, **query}
    answer = client.post("/saved", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text


def test_save_from_results_then_preview_edit_and_warning_without_smtp(
    web: Web, corpus: list[Article], es_client: Elasticsearch
) -> None:
    fresh_article(es_client, web.settings.index_prefix, corpus)
    client = web.logged_in(Role.ANALYST)
    assert 'href="/saved"' in client.get("/", params={"ui": "en"}).text  # in the navigation
    save_from_results(client, "rice fr", q="riz", lang="fr")
    page = client.get("/saved", params={"ui": "en"})
    assert "rice fr" in page.text and 'id="no-smtp"' in page.text and "VNMON_SMTP_HOST" in page.text
    saved_id = page.text.split('data-saved="')[1].split('"')[0]

    preview = client.get(f"/saved/{saved_id}/preview", params={"ui": "en"})
    assert "What the last 7 days would have sent" in preview.text
    assert "Le riz du Vietnam cette semaine" in preview.text and "1 article<" in preview.text
    assert "Le Vietnam et le riz" not in preview.text.split('id="preview"')[1]  # fetched weeks ago

    edit = client.get(f"/saved/{saved_id}/edit", params={"ui": "en"})
    assert 'name="original_id" value="' + saved_id in edit.text and 'value="fr"' in edit.text
    form = {"csrf_token": csrf_of(client, "/saved"), "name": "riz (renamed)", "q": "riz", "lang": "fr, en",
            "original_id": saved_id, "frequency": "daily"}  # fmt: skip
    assert client.post("/saved", data=form, follow_redirects=False).status_code == 303
    after = client.get("/saved", params={"ui": "en"}).text
    assert "riz (renamed)" in after and "rice fr" not in after and "lang=fr,en" in after

    test = client.post(f"/saved/{saved_id}/test", data={"csrf_token": csrf_of(client, "/saved")})
    assert test.status_code == 404  # the old id is gone after the rename


def test_test_send_reaches_the_recipients_through_smtp(
    smtp_server: Mailbox, web: Web, corpus: list[Article], es_client: Elasticsearch
) -> None:
    fresh_article(es_client, web.settings.index_prefix, corpus)
    client = web.logged_in(Role.ANALYST)
    form = {"csrf_token": csrf_of(client, "/saved"), "name": "rice", "q": "riz", "emails": "desk@example.org"}
    assert client.post("/saved", data=form, follow_redirects=False).status_code == 303
    page = client.get("/saved", params={"ui": "en"}).text
    assert 'id="no-smtp"' not in page
    saved_id = page.split('data-saved="')[1].split('"')[0]
    sent = client.post(f"/saved/{saved_id}/test", data={"csrf_token": csrf_of(client, "/saved")},
                       params={"ui": "en"})  # fmt: skip
    assert sent.status_code == 200 and "Test email sent to: desk@example.org" in sent.text
    [message] = smtp_server.messages
    assert message["To"] == "desk@example.org" and message["Subject"].startswith(
        "[TEST / THỬ] vnmon: 1 bài mới"
    )
    assert "Le riz du Vietnam cette semaine" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_saved_pages_need_the_analyst_role_and_csrf(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    form = {"csrf_token": csrf_of(client, "/saved"), "name": "x", "q": "riz"}
    assert client.post("/saved", data=form, follow_redirects=False).status_code == 303
    saved_id = client.get("/saved").text.split('data-saved="')[1].split('"')[0]
    assert client.post(f"/saved/{saved_id}/test", data={}).status_code == 403  # no CSRF token
    operator = web.logged_in(Role.OPERATOR)  # runs crawls, keeps no saved searches
    for path in ("/saved", f"/saved/{saved_id}/preview", f"/saved/{saved_id}/edit"):
        assert operator.get(path).status_code == 403, path
    # Another analyst's search is answered as missing.
    other = web.logged_in(Role.REPORTER)
    assert other.get(f"/saved/{saved_id}/preview").status_code == 404


def test_an_analyst_pauses_and_resumes_a_saved_search_from_the_page(
    web: Web, corpus: list[Article], es_client: Elasticsearch
) -> None:
    client = web.logged_in(Role.ANALYST)
    save_from_results(client, "rice fr", q="riz", lang="fr")
    page = client.get("/saved", params={"ui": "vi"}).text
    saved_id = page.split('data-saved="')[1].split('"')[0]
    assert f'action="/saved/{saved_id}/pause"' in page and "Tạm dừng" in page

    paused = client.post(f"/saved/{saved_id}/pause", data={"csrf_token": csrf_of(client, "/saved")})
    assert paused.status_code == 200 and "đang tạm dừng" in client.get("/saved", params={"ui": "vi"}).text
    stored = get_saved(es_client, saved_id, web.settings.index_prefix)
    assert stored is not None and stored.paused and not stored.is_due(datetime.now(UTC))

    web.users.add("someone-else", PASSWORD, Role.ANALYST)
    other = web.client()
    login(other, "someone-else", PASSWORD)
    refused = other.post(f"/saved/{saved_id}/resume", data={"csrf_token": csrf_of(other, "/saved")})
    assert refused.status_code == 404  # another user's search is none of theirs

    client.post(f"/saved/{saved_id}/resume", data={"csrf_token": csrf_of(client, "/saved")})
    stored = get_saved(es_client, saved_id, web.settings.index_prefix)
    assert stored is not None and not stored.paused and stored.resumed_at is not None
    assert "đang tạm dừng" not in client.get("/saved", params={"ui": "vi"}).text


def test_a_search_by_place_and_topic_is_saved_with_them(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    save_from_results(client, "Huế tourism", q="Vietnam", place="hue", topic="tourism_culture")
    page = client.get("/saved", params={"ui": "en"}).text
    assert "place=hue" in page and "topic=tourism_culture" in page
    # The description names the place and the topic in the UI language.
    assert "Vietnam&#34; place=Hue topic=Tourism &amp; culture</code>" in page
    vietnamese = client.get("/saved", params={"ui": "vi"}).text
    assert "Vietnam&#34; place=Huế topic=Du lịch &amp; văn hóa</code>" in vietnamese
    saved_id = page.split('data-saved="')[1].split('"')[0]
    edit = client.get(f"/saved/{saved_id}/edit", params={"ui": "en"}).text
    assert 'name="place" value="hue"' in edit and 'name="topic" value="tourism_culture"' in edit
