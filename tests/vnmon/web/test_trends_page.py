"""The Trends page and `/api/trends`: the typhoon week's new phrases per language, with their
articles, narrowed by the search's filters; and the page in a real Chromium."""

from __future__ import annotations

import html
import re

from elasticsearch import Elasticsearch

from tests.indexer.search.corpus import index
from tests.indexer.search.trends_corpus import FOREGROUND_EN, FOREGROUND_TRADE, phrase_articles
from tests.vnmon.web.conftest import Web
from tests.vnmon.web.test_browser import ARTIFACTS, analyst_page, served  # noqa: F401
from vnmon.auth.roles import Role


def test_an_analyst_sees_what_is_new_per_language(web: Web, es_client: Elasticsearch) -> None:
    index(es_client, web.settings.index_prefix, phrase_articles())
    analyst = web.logged_in(Role.ANALYST)

    found = analyst.get("/api/trends").json()
    english = found["languages"][0]
    assert english["language"] == "en" and english["articles"] == len(FOREGROUND_EN) + len(FOREGROUND_TRADE)
    assert [(t["term"], t["phrase"]) for t in english["terms"]] == [
        ("typhoon yagi", True),
        ("free trade agreement", True),
    ]
    assert found["filters"] == {}

    page = analyst.get("/trends?ui=en")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert '<a href="/trends" aria-current="page">What is new</a>' in text
    section = text[text.index('id="trends-en"') : text.index('id="trends-vi"')]
    assert 'data-term="typhoon yagi"' in section and "Typhoon Yagi" in section
    assert section.count('class="example"') == 6  # three examples for each of the two phrases
    assert 'href="/?q="typhoon yagi"&lang=en&from=' in html.unescape(
        section.replace("%22", '"').replace("+", " ")
    )
    thai = text[text.index('id="trends-th"') :]
    assert "Words only: this language is written without spaces" in thai

    vietnamese = analyst.get("/trends?lang=vi&ui=vi")
    assert 'id="trends-en"' not in vietnamese.text and "Có gì mới" in vietnamese.text
    assert "Bão Yagi" in html.unescape(vietnamese.text)

    assert analyst.get("/api/trends?days=0").status_code == 422
    bad_lang = analyst.get("/api/trends?lang=en%20OR%20x")
    assert bad_lang.status_code == 422 and "'lang' must be ISO 639-1 codes" in bad_lang.json()["detail"]
    assert web.client().get("/api/trends").status_code == 401


def test_filters_narrow_the_trends(web: Web, es_client: Elasticsearch) -> None:
    index(es_client, web.settings.index_prefix, phrase_articles())
    analyst = web.logged_in(Role.ANALYST)

    disasters = analyst.get("/api/trends", params={"topic": "disasters", "lang": "en"}).json()
    assert disasters["filters"] == {"langs": ["en"], "topics": ["disasters"]}
    (english,) = disasters["languages"]
    assert [t["term"] for t in english["terms"]] == ["typhoon yagi"]
    assert english["background_articles"] == 8  # the floods before, not every English article

    trade = analyst.get("/api/trends", params={"q": "trade", "country": "GB"}).json()
    assert [[t["term"] for t in lang["terms"]] for lang in trade["languages"]] == [["free trade agreement"]]

    page = analyst.get("/trends", params={"place": "Quảng Ninh", "ui": "en"})
    text = html.unescape(page.text)
    assert "Among articles with places Quảng Ninh" in text and 'value="Quảng Ninh"' in text
    assert 'data-term="typhoon yagi"' in text and "free trade agreement" not in text
    assert "No article before to compare with." in text  # no Vietnamese Quang Ninh story before

    unknown = analyst.get("/api/trends", params={"topic": "disaster"})
    assert unknown.status_code in (400, 422) and "disaster" in unknown.json()["detail"]


def test_the_trends_form_filters_in_a_browser(web: Web, es_client: Elasticsearch, served: str) -> None:  # noqa: F811
    from playwright.sync_api import expect

    index(es_client, web.settings.index_prefix, phrase_articles())
    with analyst_page(served, "/trends?ui=en") as page:
        english = page.locator("#trends-en tr.trend")
        expect(english).to_have_count(2)
        expect(english.first).to_have_attribute("data-term", "typhoon yagi")
        expect(page.locator("#trends-zh tr.phrase").first).to_have_attribute("data-term", "台风摩羯")
        page.fill(".trends-form input[name=topic]", "disasters")
        page.click(".trends-form button[type=submit]")
        expect(page.locator("#trends-filters")).to_have_text("Among articles with topics disasters")
        expect(page.locator("#trends-en tr.trend")).to_have_count(1)
        expect(page.locator("#trends-zh")).to_have_count(0)
        page.screenshot(path=str(ARTIFACTS / "web-trends.png"), full_page=True)
        # The phrase's link searches it as a phrase, under the same filters.
        page.click("#trends-en tr.phrase a >> nth=0")
        expect(page).to_have_url(re.compile(r"q=%22typhoon\+yagi%22.*topic=disasters"))
        expect(page.locator("input[name=q]").first).to_have_value('"typhoon yagi"')
