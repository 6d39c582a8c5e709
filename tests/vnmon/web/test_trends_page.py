"""The Trends page and `/api/trends`: the typhoon week's new words per language, with their articles."""

from __future__ import annotations

import html

from elasticsearch import Elasticsearch

from tests.indexer.search.corpus import index
from tests.indexer.search.trends_corpus import FOREGROUND_EN, trends_articles
from tests.vnmon.web.conftest import Web
from vnmon.auth.roles import Role


def test_an_analyst_sees_what_is_new_per_language(web: Web, es_client: Elasticsearch) -> None:
    index(es_client, web.settings.index_prefix, trends_articles())
    analyst = web.logged_in(Role.ANALYST)

    found = analyst.get("/api/trends").json()
    english = found["languages"][0]
    assert english["language"] == "en" and english["articles"] == len(FOREGROUND_EN)
    assert {t["term"] for t in english["terms"][:2]} == {"typhoon", "yagi"}
    assert "vietnam" not in {t["term"] for t in english["terms"]}

    page = analyst.get("/trends?ui=en")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert '<a href="/trends" aria-current="page">What is new</a>' in text
    section = text[text.index('id="trends-en"') : text.index('id="trends-vi"')]
    assert 'data-term="yagi"' in section and "Typhoon Yagi" in section
    assert section.count('class="example"') >= 6  # three examples for each of the two words
    assert 'href="/?q=yagi&lang=en&from=' in section

    vietnamese = analyst.get("/trends?lang=vi&ui=vi")
    assert 'id="trends-en"' not in vietnamese.text and "Có gì mới" in vietnamese.text
    assert "Bão Yagi" in html.unescape(vietnamese.text)

    assert analyst.get("/api/trends?days=0").status_code == 422
    assert analyst.get("/api/trends?lang=en%20OR%20x").status_code == 422
    assert web.client().get("/api/trends").status_code == 401
