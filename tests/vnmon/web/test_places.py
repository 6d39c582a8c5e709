"""Coverage by province (`/api/places`, `/places`, `vnmon places`) on a real index: stories per
current unit of Vietnam (old provinces and places counted for their new unit, one per story like
the search page), the search's filters, clear errors; in Chromium, in Vietnamese, click Huế's bar."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from elasticsearch import Elasticsearch

from indexer.search.vocabulary import default_gazetteer, default_topic_set
from tests.crawler.crawling import run_vnmon
from tests.indexer.search.corpus import article, index
from tests.vnmon.web.conftest import PASSWORD, Web
from tests.vnmon.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, served  # noqa: F401
from vnmon.auth.roles import Role
from vnmon.kernel.article import Article
from vnmon.kernel.settings import Settings
from vnmon.kernel.tagging import tag_article
from vnmon.web.chart import Bar, bars_svg

# (id, language, cluster, title, body, day of April 2026): tagged by the real gazetteer and topics.
ROWS = [
    ("uk-hue", "uk", None, "Тхуа Тхіен Хюе запрошує туристів до імператорської цитаделі",
     "Туристи з України відвідують Хюе та його храми.", 1),
    *[
        (f"wire-{n}", "en", "wire-hue", "Tourists flock to Hue imperial citadel",
         "The old capital of Vietnam draws record numbers of tourists and hotels are full.", 2)
        for n in range(3)
    ],
    ("en-hanoi", "en", None, "Hanoi hosts trade talks with the EU",
     "Exports and tariffs were discussed in Hanoi.", 3),
    ("en-both", "en", None, "Da Nang and Hue plan a joint festival",
     "The two cities of central Vietnam will hold a culture festival.", 4),
    ("en-none", "en", None, "Vietnam economy grows fast", "Growth of GDP reached 7 per cent.", 5),
    ("fr-hoian", "fr", None, "Hội An, la vieille ville, attire les touristes",
     "La ville de Hội An au Vietnam accueille des millions de visiteurs.", 6),
]  # fmt: skip


def _articles() -> list[Article]:
    found = []
    for ident, language, cluster, title, body, day in ROWS:
        tags = tag_article(title, None, body, default_gazetteer(), default_topic_set())
        written = article(
            ident, language=language, title=title, body=body, cluster=cluster,
            published=datetime(2026, 4, day, 8, tzinfo=UTC),
        )  # fmt: skip
        found.append(written.model_copy(update=tags.fields()))
    return found


@pytest.fixture
def provinces(vnmon_env: Settings, es_client: Elasticsearch) -> list[Article]:
    articles = _articles()
    index(es_client, vnmon_env.index_prefix, articles)
    return articles


def _counts(answer: dict[str, object]) -> dict[str, int]:
    units = answer["units"]
    assert isinstance(units, list)
    return {u["place"]: u["count"] for u in units if u["count"]}


def test_the_tagger_gives_the_corpus_its_old_and_new_units(provinces: list[Article]) -> None:
    tags = {a.id: set(a.places) for a in provinces}
    assert {"hue", "thua_thien_hue"} <= tags["uk-hue"]
    assert {"da_nang", "quang_nam", "hoi_an"} <= tags["fr-hoian"]  # Quảng Nam is now part of Đà Nẵng
    assert tags["en-none"] == set()


@pytest.mark.usefixtures("provinces")
def test_stories_per_unit_one_per_story_like_the_search(web: Web) -> None:
    client = web.logged_in(Role.ANALYST)
    answer = client.get("/api/places").json()
    # Huế: the Ukrainian article (Thừa Thiên Huế), the wire story (3 copies, 1 story), Da Nang and Hue.
    assert _counts(answer) == {"hue": 3, "da_nang": 2, "hanoi": 1}
    assert (answer["total"], answer["placed"], answer["counted"]) == (6, 5, "stories")
    assert len(answer["units"]) == 34 and answer["units"][0] == {"place": "hue", "count": 3, "label": "Huế"}
    # The search filtered by Huế finds as many stories as its bar says.
    assert client.get("/api/search", params={"place": "hue"}).json()["total"] == 3

    copies = client.get("/api/places", params={"all_copies": "true"}).json()
    assert _counts(copies) == {"hue": 5, "da_nang": 2, "hanoi": 1}
    assert (copies["total"], copies["counted"]) == (8, "articles")


@pytest.mark.usefixtures("provinces")
def test_the_search_filters_apply(web: Web) -> None:
    client = web.logged_in(Role.ANALYST)

    def counts(**params: object) -> dict[str, int]:
        answer = client.get("/api/places", params=params)
        assert answer.status_code == 200, answer.text
        return _counts(answer.json())

    assert counts(lang="en") == {"hue": 2, "da_nang": 1, "hanoi": 1}
    assert counts(lang=["uk", "fr"]) == {"hue": 1, "da_nang": 1}
    assert counts(q="festival") == {"hue": 1, "da_nang": 1}
    assert counts(**{"from": "2026-04-03", "to": "2026-04-05"}) == {"hue": 1, "da_nang": 1, "hanoi": 1}
    assert counts(topic="trade") == {"hanoi": 1}
    assert counts(topic="Du lịch & văn hóa") == {"hue": 3, "da_nang": 2}  # a topic by its Vietnamese label
    assert counts(q="Хюе") == {"hue": 3, "da_nang": 1}  # the name in any script, as the search expands it


@pytest.mark.usefixtures("provinces")
def test_bad_input_is_named(web: Web) -> None:
    client = web.logged_in(Role.ANALYST)
    bad_date = client.get("/api/places", params={"from": "2026-13-01"})
    assert bad_date.status_code == 422 and "'from' must be a date YYYY-MM-DD" in bad_date.text
    assert client.get("/api/places", params={"topic": "tourism"}).json()["detail"] == (
        "unknown topic 'tourism'; did you mean tourism_culture (Tourism & culture)?"
    )
    unknown_lang = client.get("/api/places", params={"lang": "russian"})
    assert unknown_lang.status_code == 400 and "unknown language 'russian'" in unknown_lang.text
    malformed = client.get("/api/places", params={"q": '"Hue'})
    assert malformed.status_code == 400 and "quote" in malformed.json()["detail"]

    page = client.get("/places", params={"topic": "tourism", "ui": "vi"})
    assert page.status_code == 400
    assert "Không có chủ đề “tourism”" in page.text and "tourism_culture (Du lịch &amp; văn hóa)" in page.text
    assert client.get("/places", params={"from": "hôm qua", "ui": "en"}).status_code == 422


@pytest.mark.usefixtures("provinces")
def test_the_page_links_each_bar_to_the_filtered_search_and_names_topics_in_the_ui_language(web: Web) -> None:
    client = web.logged_in(Role.ANALYST)
    page = client.get("/places", params={"lang": "en", "topic": "tourism_culture", "ui": "vi"})
    assert page.status_code == 200, page.text
    bars = dict(re.findall(r'<a class="bar" href="([^"]+)" data-key="(\w+)"', page.text))
    assert {key: url for url, key in bars.items()} == {
        "hue": "/?lang=en&amp;topic=tourism_culture&amp;place=hue",
        "da_nang": "/?lang=en&amp;topic=tourism_culture&amp;place=da_nang",
    }
    assert 'data-key="hue" data-count="2"' in page.text
    assert '<span class="name">Du lịch &amp; văn hóa</span>' in page.text  # the filter chip
    assert "Theo tỉnh, thành phố" in page.text and 'href="/places"' in page.text  # title, navigation
    english = client.get("/places", params={"topic": "tourism_culture", "ui": "en"})
    assert '<span class="name">Tourism &amp; culture</span>' in english.text
    assert "4 of 4 stories name a province or city." in english.text

    search = client.get("/", params={"q": "Hue", "place": "hue", "sort": "date", "ui": "en"})
    assert 'href="/places?q=Hue" id="by-province"' in search.text


def test_cli_table_and_json(vnmon_env: Settings, provinces: list[Article]) -> None:
    table = run_vnmon(vnmon_env, "places", "--lang", "en,uk")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0] == "4 of 5 stories name a province or city"
    assert [line.split()[-2:] for line in lines[2:]] == [["3", "#" * 40], ["1", "#" * 13], ["1", "#" * 13]]
    assert lines[2].startswith("Huế ")

    answer = run_vnmon(vnmon_env, "places", "Hội An", "--format", "json")
    assert answer.returncode == 0, answer.stderr
    data = json.loads(answer.stdout)
    assert data["units"][0] == {"place": "da_nang", "count": 1, "label": "Đà Nẵng"}
    assert (data["total"], data["placed"], len(data["units"])) == (1, 1, 34)

    bad = run_vnmon(vnmon_env, "places", "--topic", "sports")
    assert bad.returncode == 1 and bad.stderr.startswith("error: unknown topic 'sports'; did you mean sport")


def test_an_analyst_opens_the_view_in_vietnamese_and_clicks_hue(
    served: str,  # noqa: F811
    provinces: list[Article],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    assert CHROMIUM.exists(), "install Debian's chromium (apt-get install -y chromium)"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="vi-VN", viewport={"width": 1280, "height": 1000})
            page.goto(served + "/login?ui=vi")
            page.fill("input[name=username]", "lan")
            page.fill("input[name=password]", PASSWORD)
            page.click("form.login button[type=submit]")

            link = page.locator("header nav a[href='/places']")
            expect(link).to_have_text("Theo tỉnh thành")
            link.click()
            expect(page.locator("h1")).to_have_text("Theo tỉnh, thành phố")
            page.fill("#places-form input[name=q]", "Huế")
            page.click("#places-form button[type=submit]")
            hue = page.locator('svg.bars a.bar[data-key="hue"]')
            expect(hue).to_have_attribute("data-count", "3")
            expect(hue.locator("text").first).to_have_text("Huế")
            expect(hue.locator("text").last).to_have_text("3")
            page.screenshot(path=str(ARTIFACTS / "web-places.png"), full_page=True)

            hue.locator("rect").click()
            expect(page).to_have_url(re.compile(r"/\?q=Hu%E1%BA%BF&place=hue$"))
            expect(page.locator("#total")).to_have_text("3 kết quả")
            ticked = page.locator('fieldset[data-facet="place"] input:checked')
            expect(ticked).to_have_attribute("value", "hue")
            # The topic facet speaks Vietnamese too.
            topic = page.locator('fieldset[data-facet="topic"] input[value="tourism_culture"] ~ span.name')
            expect(topic).to_have_text("Du lịch & văn hóa")
        finally:
            browser.close()


def test_the_api_is_in_the_openapi_spec(web: Web) -> None:
    operation = web.app.openapi()["paths"]["/api/places"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "lang", "country", "topic", "from", "to", "all_copies"} <= names
    assert "place" not in names and {"400", "422", "503"} <= set(operation["responses"])


def test_bars_escape_their_labels_and_link_only_bars_with_stories() -> None:
    svg = bars_svg([Bar("x", "<b>&", 2, "/?q=a&place=x"), Bar("y", "Y", 0, "/?place=y")], "t")
    assert '<a class="bar" href="/?q=a&amp;place=x" data-key="x" data-count="2">' in svg
    assert "&lt;b&gt;&amp;" in svg and "<b>" not in svg
    assert '<g class="bar empty" data-key="y" data-count="0">' in svg and "/?place=y" not in svg
