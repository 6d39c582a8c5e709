"""The analyst's pages of issue 16 through the app: multi-select facets with names, spellings shown,
unknown filter values, singular/plural, the 0-result page, the article page's back link, archived
copy banner and missing WARC, prominence, and the saved-searches page."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.vnmon.web.conftest import Web
from vnmon.auth.roles import Role
from vnmon.kernel.article import Article


def _analyst(web: Web) -> TestClient:
    return web.logged_in(Role.ANALYST)


def test_facets_are_checkboxes_by_name_and_keep_their_counts(web: Web, corpus: list[Article]) -> None:
    client = _analyst(web)
    page = client.get("/", params=[("q", "rice OR рис OR riz OR Reis*"), ("lang", "ru"), ("ui", "en")])
    assert page.status_code == 200, page.text
    text = page.text
    # Picking ru keeps the other languages listed, with their counts, unchecked.
    assert re.search(r'name="lang" value="ru"[^>]*checked', text)
    assert re.search(r'name="lang" value="en"(?![^>]*checked)', text)
    assert "Русский / Russian" in text and "English" in text and "Deutsch / German" in text
    assert "Russia" in text  # countries by name (of the ru results)
    assert 'id="total">1 result<' in text
    # One hit: no histogram whose two ends are the same time.
    assert "<svg" not in text
    wide = "rice OR рис OR riz OR Reis*"
    two = client.get("/", params=[("q", wide), ("lang", "ru"), ("lang", "fr"), ("ui", "en")])
    assert 'id="total">2 results<' in two.text
    vi = client.get("/", params=[("q", "rice OR рис"), ("lang", "ru"), ("ui", "vi")])
    assert "Русский / Tiếng Nga" in vi.text and "1 kết quả" in vi.text


def test_every_spelling_finds_the_same_and_the_spellings_are_shown(web: Web, corpus: list[Article]) -> None:
    client = _analyst(web)
    found = {}
    for spelling in ("Hanoi", "Hà Nội", "Ханой", "Hanoï", "Hanói"):
        answer = client.get("/api/search", params={"q": spelling, "size": 50})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        found[spelling] = sorted(h["id"] for h in body["hits"])
        assert body["spellings"][0]["term"] == spelling
    assert len({tuple(ids) for ids in found.values()}) == 1 and found["Hanoi"]
    page = client.get("/", params={"q": "Hanoi", "ui": "en"})
    line = page.text[page.text.index('id="spellings"') :][:600]
    assert "Hà Nội" in line and "ハノイ" in line and re.search("Хано[йј]", line)


def test_unknown_filter_values_say_so_with_the_closest(web: Web, corpus: list[Article]) -> None:
    client = _analyst(web)
    api = client.get("/api/search", params={"q": "rice", "lang": "russian"})
    assert api.status_code == 400 and "unknown language 'russian'" in api.json()["detail"]
    assert "ru (" in api.json()["detail"]
    named = client.get("/api/search", params={"q": 'rice source:"The Herald"'})
    assert named.status_code == 400 and "source:herald" in named.json()["detail"]
    page = client.get("/", params={"q": "rice", "source": "heral", "ui": "vi"})
    assert page.status_code == 400
    assert "Không có nguồn “heral”" in page.text and "herald" in page.text
    assert 'id="search-form"' in page.text  # the error is shown above the page's own search form


def test_no_results_page_has_no_empty_headings_and_suggests(web: Web, corpus: list[Article]) -> None:
    client = _analyst(web)
    page = client.get("/", params={"q": "zzqxv nothingmatches", "lang": "en", "ui": "en"})
    assert 'id="total">0 results<' in page.text
    assert 'data-facet="source"' not in page.text and 'data-facet="country"' not in page.text
    assert 'class="suggestion"' in page.text and "without filters" in page.text


def test_results_page_offers_downloads_and_saving(web: Web, corpus: list[Article]) -> None:
    client = _analyst(web)
    page = client.get("/", params=[("q", "rice"), ("lang", "en"), ("ui", "en")])
    assert "/export/search?q=rice&amp;lang=en&amp;format=csv" in page.text
    assert "format=xlsx" in page.text and "format=jsonl" in page.text
    assert 'id="save-this-search"' in page.text and 'name="lang" value="en"' in page.text


def test_article_page_back_link_prominence_and_archive_banner(web: Web, corpus: list[Article]) -> None:
    client = _analyst(web)
    page = client.get("/articles/fr-1", params={"back": "q=riz&lang=fr&lang=en", "ui": "en"})
    assert page.status_code == 200
    assert 'href="/?q=riz&amp;lang=fr&amp;lang=en" class="back"' in page.text
    assert 'id="prominence" data-level="title"' in page.text
    assert 'id="archive-banner"' in page.text and "https://monde.example/news/fr-1.html" in page.text
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC\+07:00", page.text)
    # Elsewhere is never a destination.
    evil = client.get("/articles/fr-1", params={"back": "https://evil.example/"})
    assert 'href="/" class="back"' in evil.text
    evil2 = client.get("/articles/fr-1", params={"back": "//evil.example/?q=x"})
    assert "evil.example" not in evil2.text.split('class="back"')[0].rsplit("<a", 1)[-1]


def test_missing_warc_is_a_readable_message(web: Web, corpus: list[Article]) -> None:
    for path in Path(web.settings.data_dir, "warc").rglob("*.warc*"):
        path.unlink()
    client = _analyst(web)
    page = client.get("/articles/de-1", params={"ui": "en"})
    assert page.status_code == 200 and 'id="archive-missing"' in page.text and "<iframe" not in page.text
    link = client.get("/articles/de-1/archived", params={"ui": "en"})
    assert link.status_code == 404 and link.headers["content-type"].startswith("text/html")
    assert "WARC file is missing" in link.text


def test_date_presets_and_minimum_relevance(web: Web, corpus: list[Article]) -> None:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    client = _analyst(web)
    page = client.get("/", params={"q": "rice", "ui": "en", "min_relevance": "9"})
    assert 'id="total">0 results<' in page.text
    assert 'id="min-relevance"' in page.text and 'value="9"' in page.text
    assert client.get("/", params={"q": "rice", "min_relevance": "8"}).text.count('class="hit"') == 1
    today = datetime.now(ZoneInfo(web.settings.timezone)).date()
    week_ago = (today - timedelta(days=6)).isoformat()
    assert f"from={week_ago}&amp;to={today.isoformat()}" in page.text and "Last 7 days" in page.text
    assert "This week" in page.text and "Last month" in page.text
    bad = client.get("/", params={"q": "rice", "min_relevance": "lots", "ui": "vi"})
    assert bad.status_code == 422 and 'id="search-form"' in bad.text
    assert "“min_relevance” phải là một số từ 0 trở lên, không phải “lots”" in bad.text
    day = client.get("/", params={"q": "rice", "from": "2026-13-01", "ui": "en"})
    assert day.status_code == 422 and "“from” must be a date (YYYY-MM-DD), not “2026-13-01”" in day.text
    long = client.get("/", params={"q": "x" * 2001, "ui": "en"})
    assert long.status_code == 422 and "The query is 2001 characters long; at most 2000." in long.text
