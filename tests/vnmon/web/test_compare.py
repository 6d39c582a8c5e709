"""The compare page and `/api/compare`: numbers that add up, errors naming the bad query, and
the page drawing one line per query in a real Chromium."""

from __future__ import annotations

import html

from elasticsearch import Elasticsearch

from tests.indexer.search.corpus import index, toned_articles
from tests.vnmon.web.conftest import Web
from tests.vnmon.web.test_browser import ARTIFACTS, analyst_page, served  # noqa: F401
from vnmon.auth.roles import Role
from vnmon.kernel.article import Article


def test_api_compares_queries_against_all_coverage(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    answer = client.get("/api/compare", params={"q": ["Vietnam", "Reisexporte"], "by": "language"})
    assert answer.status_code == 200, answer.text
    data = answer.json()
    # One per story by default (the wire story's three copies once), every copy on request.
    assert data["counting"] == "stories"
    assert data["coverage"]["total"] == len({a.cluster_id for a in corpus}) == len(corpus) - 2
    copies = client.get("/api/compare", params={"q": "Vietnam", "all_copies": "true"}).json()
    assert copies["counting"] == "articles" and copies["coverage"]["total"] == len(corpus)
    vietnam, german = data["series"]
    assert [s["query"] for s in data["series"]] == ["Vietnam", "Reisexporte"]
    assert sum(p["count"] for p in german["over_time"]) == german["total"] >= 1
    assert [p["key"] for p in german["breakdown"]] == ["de"]
    # Every series is on the same periods as all coverage.
    periods = [p["key"] for p in data["coverage"]["over_time"]]
    assert [p["key"] for p in vietnam["over_time"]] == periods == [p["key"] for p in german["over_time"]]
    assert all(0 <= p["share"] <= 1 for p in vietnam["over_time"])


def test_api_and_page_name_the_bad_input(web: Web, corpus: list[Article]) -> None:
    client = web.logged_in(Role.ANALYST)
    six = client.get("/api/compare", params={"q": list("abcdef")})
    assert six.status_code == 422 and "1 to 5 times, got 6" in six.json()["detail"]
    broken = client.get("/api/compare", params={"q": ["rice", "(rice"]})
    assert broken.status_code == 400 and broken.json()["detail"].startswith("query 2 ('(rice')")
    by = client.get("/api/compare", params={"q": "rice", "by": "source"})
    assert by.status_code == 422 and "'by' must be country or language" in by.json()["detail"]
    day = client.get("/api/compare", params={"q": "rice", "from": "yesterday"})
    assert day.status_code == 422 and "'from' must be a date" in day.json()["detail"]
    page = client.get("/compare", params={"q": ["rice", "(rice"], "ui": "en"})
    assert page.status_code == 400 and "Cannot compare: query 2" in page.text
    assert 'value="(rice"' in page.text  # what was typed stays in its box
    empty = client.get("/compare", params={"q": ["", " "], "ui": "vi"})
    assert empty.status_code == 422 and "Nhập ít nhất một truy vấn." in empty.text
    assert "So sánh truy vấn" in empty.text


def test_page_shows_gdelt_tone_only_where_there_is_some(web: Web, es_client: Elasticsearch) -> None:
    index(es_client, web.settings.index_prefix, toned_articles())
    client = web.logged_in(Role.ANALYST)
    page = client.get("/compare", params={"q": ["typhoon", "rice"], "ui": "en", "from": "2025-01-01"})
    assert page.status_code == 200, page.text
    text = html.unescape(page.text)
    assert "typhoon</code>: 3 stories (75.0%); " in text
    assert "mean GDELT tone -2.00 (4 articles GDELT scored)" in text
    assert "rice</code>: 1 stories (25.0%)</li>" in text  # no tone for rice: nothing said
    tone = text[text.index('id="compare-tone"') :]
    assert '<tr data-key="2025-01"><td>2025-01</td><td>-3.00 (3)</td><td></td></tr>' in tone
    every = client.get("/api/compare", params={"q": "typhoon", "all_copies": "true"}).json()
    assert every["series"][0]["total"] == 5 and every["series"][0]["tone"] == {"mean": -2.0, "articles": 4}


def test_page_draws_one_line_per_query(served: str) -> None:  # noqa: F811
    from playwright.sync_api import expect

    with analyst_page(served, "/compare?ui=en") as page:
        page.click("nav a[href='/compare']")
        boxes = page.locator("#compare-form input[name=q]")
        expect(boxes).to_have_count(5)
        for box, text in zip(boxes.all(), ["Vietnam", "rice", "Reisexporte"], strict=False):
            box.fill(text)
        page.select_option("select[name=by]", "language")
        page.click("#compare-form button[type=submit]")
        for measure in ("count", "share"):
            lines = page.locator(f"svg.compare-chart[data-measure={measure}] polyline.series")
            expect(lines).to_have_count(3)
            assert [line.get_attribute("data-query") for line in lines.all()] == [
                "Vietnam",
                "rice",
                "Reisexporte",
            ]
        expect(page.locator("#compare-breakdown tr[data-key=de] td").first).to_contain_text("German")
        expect(page.locator("#compare-counting")).to_contain_text("Counting stories")
        page.check("#compare-form input[name=all_copies]")
        page.click("#compare-form button[type=submit]")
        expect(page.locator("#compare-counting")).to_contain_text("every syndicated copy counts")
        expect(page.locator("#compare-form input[name=all_copies]")).to_be_checked()
        page.screenshot(path=str(ARTIFACTS / "web-compare.png"), full_page=True)
