"""The JSON API and pages over a real index: search, filters, grouping, articles, the safe archived copy."""

from __future__ import annotations

import re

from tests.vnmon.web.conftest import Web
from vnmon.auth.roles import Role
from vnmon.kernel.article import Article


def test_search_groups_syndicated_copies_and_counts_facets(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    result = client.get("/api/search", params={"q": "rice OR riz"}).json()
    wire = [h for h in result["hits"] if h["cluster_id"] == "cluster-wire"]
    assert len(wire) == 1, "three copies of one wire story are one hit"
    assert wire[0]["copies"] == 3
    assert {c["source"] for c in wire[0]["outlets"]} == {"globe", "herald", "courier"}
    languages = {b["key"]: b["count"] for b in result["facets"]["languages"]}
    assert languages["en"] == 3 and languages["fr"] == 1

    every = client.get("/api/search", params={"q": "rice", "all_copies": "true"}).json()
    assert sum(1 for h in every["hits"] if h["cluster_id"] == "cluster-wire") == 3


def test_search_filters_by_language_source_country_and_date(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)

    def ids(**params: object) -> set[str]:
        response = client.get("/api/search", params={"all_copies": "true", **params})
        assert response.status_code == 200, response.text
        return {h["id"] for h in response.json()["hits"]}

    assert ids(lang=["de", "fr"]) == {"de-1", "fr-1"}
    assert ids(source="herald") == {"wire-b"}
    assert ids(country=["au", "RU"]) == {"wire-c", "ru-1"}
    assert ids(**{"from": "2026-11-04", "to": "2026-11-10"}) == {"ru-1", "de-1"}
    newest = client.get("/api/search", params={"sort": "date", "all_copies": "true"}).json()["hits"]
    assert newest[0]["id"] == "fr-1"


def test_snippets_highlight_the_match_and_stay_escaped(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    hits = client.get("/api/search", params={"q": "Hanoi", "lang": "en"}).json()["hits"]
    assert hits and "<mark>Hanoi</mark>" in hits[0]["snippet"]
    assert "<mark>" not in hits[0]["snippet_text"] and "Hanoi" in hits[0]["snippet_text"]


def test_bad_parameters_say_what_is_wrong(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    response = client.get("/api/search", params={"from": "2026-12-01", "to": "2026-11-01"})
    assert response.status_code == 422 and "after" in response.json()["detail"]
    assert client.get("/api/search", params={"size": 1000}).status_code == 422
    response = client.get("/api/search", params={"cursor": "!!not-a-cursor"})
    assert response.status_code == 400 and "cursor" in response.json()["detail"]


def test_pages_follow_the_cursor(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    seen: list[str] = []
    params: dict[str, object] = {"size": 2, "all_copies": "true", "sort": "date"}
    while True:
        page = client.get("/api/search", params=params).json()
        seen += [h["id"] for h in page["hits"]]
        if not page["next_cursor"]:
            break
        params["cursor"] = page["next_cursor"]
    assert sorted(seen) == sorted(a.id for a in corpus)


def test_article_api_returns_text_metadata_and_copies(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    doc = client.get("/api/articles/wire-a").json()
    assert doc["title"] == "Vietnam signs rice export deal"
    assert doc["body"].startswith("Vietnam and its partners")
    assert {c["source"] for c in doc["copies"]} == {"herald", "courier"}
    assert doc["archived_url"] == "/api/articles/wire-a/archived"
    missing = client.get("/api/articles/no-such-article")
    assert missing.status_code == 404 and "no-such-article" in missing.json()["detail"]


def test_archived_copy_is_inert_and_fenced_by_csp(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    response = client.get("/api/articles/ru-1/archived")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    for directive in ("default-src 'none'", "img-src data:", "style-src 'unsafe-inline'", "sandbox"):
        assert directive in csp
    html = response.text
    assert "Цены на рис из Вьетнама выросли" in html  # the page's text, decoded
    assert "evil.example/" not in html.replace('title="http://evil.example/elsewhere"', "")
    assert not re.search(r"<script|<iframe|<link|\son\w+=|url\(|@import", html, re.I), html


def test_article_page_frames_the_archived_copy_in_a_sandbox(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    page = client.get("/articles/de-1")
    assert page.status_code == 200
    assert re.search(r'<iframe[^>]*sandbox=""[^>]*src="/api/articles/de-1/archived"', page.text)
    assert "Reisexporte aus Vietnam" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_search_page_renders_facets_chart_and_grouped_results(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    page = client.get("/", params={"q": "rice", "ui": "en"})
    assert page.status_code == 200
    assert "<svg" in page.text and "Articles over time" in page.text
    assert "3 copies" in page.text
    # A facet value is a checkbox of the search form: ticking it adds the filter.
    assert 'form="search-form" class="autosubmit" name="lang" value="en"' in page.text
    vietnamese = client.get("/", params={"q": "rice", "ui": "vi"})
    assert "Số bài theo thời gian" in vietnamese.text and "3 bản sao" in vietnamese.text
    # The choice sticks (cookie) without the parameter.
    assert "Số bài theo thời gian" in client.get("/", params={"q": "rice"}).text


def test_search_reports_an_unreachable_cluster(web: Web, dead_es_url: str) -> None:
    from vnmon.web.app import create_app

    app = create_app(web.settings.model_copy(update={"es_url": dead_es_url, "es_max_retries": 0}))
    dead = Web(app, web.users, web.settings)
    client = dead.logged_in(Role.ANALYST)
    response = client.get("/api/search", params={"q": "x"})
    assert response.status_code == 503 and dead_es_url in response.json()["detail"]
    page = client.get("/", params={"q": "x", "ui": "en"})
    assert page.status_code == 503 and "Search is unavailable" in page.text


def test_vietnam_terms_expand_across_languages_unless_turned_off(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)

    def ids(**params: object) -> set[str]:
        response = client.get("/api/search", params={"q": "Vietnam", "all_copies": "true", **params})
        assert response.status_code == 200, response.text
        return {h["id"] for h in response.json()["hits"]}

    assert "ru-1" in ids(), "'Vietnam' finds 'Вьетнама' through the lexicon"
    assert "ru-1" not in ids(expand="false")
    assert ids(min_relevance=9) == set(), "every corpus article has relevance 8"


def test_openapi_documents_the_search_parameters_for_logged_in_users(web: Web) -> None:
    assert web.client().get("/openapi.json").status_code == 401
    schema = web.logged_in(Role.ANALYST).get("/openapi.json").json()
    names = {p["name"] for p in schema["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "lang", "source", "country", "from", "to", "sort", "size", "all_copies", "cursor"} <= names
    assert "/api/articles/{article_id}/archived" in schema["paths"]


def test_dates_are_shown_in_the_configured_time_zone(web: Web, corpus: list[Article]) -> None:
    # 2026-11-10T07:00Z is 14:00 in Ho Chi Minh City (the default VNMON_TIMEZONE).
    page = web.logged_in(Role.ANALYST).get("/articles/de-1")
    assert "2026-11-10 14:00" in page.text


def test_search_page_links_to_the_next_and_back_to_the_first_page(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    first = client.get("/", params={"q": "Vietnam", "size": 2, "sort": "date", "ui": "en"})
    titles = re.findall(r'class="hit-title">([^<]+)<', first.text)
    match = re.search(r'href="([^"]+)" rel="next"', first.text)
    assert match and len(titles) == 2
    second = client.get(match.group(1).replace("&amp;", "&"))
    later = re.findall(r'class="hit-title">([^<]+)<', second.text)
    assert later and not set(later) & set(titles), "the next page shows other stories"
    back = re.search(r'href="([^"]+)" id="first-page"', second.text)
    assert back and "cursor" not in back.group(1)
    again = client.get(back.group(1).replace("&amp;", "&"))
    assert re.findall(r'class="hit-title">([^<]+)<', again.text) == titles
