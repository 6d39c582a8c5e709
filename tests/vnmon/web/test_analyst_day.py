"""An analyst's day in real headless Chromium (issue 16): two languages picked by clicking facet
checkboxes → download the results as CSV → save the search → preview what it would send → open an
article → back to the results with the query kept → the archived copy under its banner; the
Vietnamese UI shows no English status words. Screenshots of the pages go to
artifacts/screenshots/ (untracked); the copies under docs/screenshots/ were taken from there."""

from __future__ import annotations

import csv as csv_module
import io
import re
from pathlib import Path

from elasticsearch import Elasticsearch
from playwright.sync_api import Page, expect, sync_playwright

from tests.vnmon.web.conftest import PASSWORD
from tests.vnmon.web.corpus import ARTICLES
from tests.vnmon.web.test_browser import CHROMIUM, CHROMIUM_ARGS, served
from tests.vnmon.web.test_saved_page import fresh_article
from vnmon.kernel.settings import Settings

__all__ = ["served"]  # the fixture, used by name

SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
# English words of statuses and labels that must not show in the Vietnamese UI.
ENGLISH_WORDS = re.compile(
    r"\b(results?|manual|finished|irrelevant|no_text|never|hourly|daily|weekly|Search|Filters|"
    r"Language|Source|Country|Download|Preview|Edit|Test send|Save|Back to results|Published|max)\b"
)


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _ui_text(page: Page) -> str:
    """The page's visible text without the articles' own words (titles, snippets, outlets, queries)."""
    return str(
        page.evaluate(
            """() => {
              const copy = document.body.cloneNode(true);
              for (const el of copy.querySelectorAll('.hit h3, .snippet, .source, .copies, code, #preview li,'
                  + ' #article-title, .body, .lead, .passage, dd, .spellings strong, input, option,'
                  + ' .lang-switch, .who, td:first-child, .archive-banner a')) el.remove();
              return copy.innerText;
            }"""
        )
    )


def test_the_analysts_day_in_chromium(served: str, vnmon_env: Settings, es_client: Elasticsearch) -> None:
    fresh_article(es_client, vnmon_env.index_prefix, list(ARTICLES))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 1000})
            page = context.new_page()
            page.goto(served + "/?ui=en")
            page.fill("input[name=username]", "lan")
            page.fill("input[name=password]", PASSWORD)
            page.click("form.login button[type=submit]")

            # Search, then pick two languages by clicking their checkboxes.
            page.fill("input[name=q]", "Vietnam")
            page.click("#search-form button[type=submit]")
            expect(page.locator("#spellings")).to_contain_text("Việt Nam")
            page.check("fieldset[data-facet=lang] input[value=fr]")
            expect(page.locator("fieldset[data-facet=lang] input[value=fr]")).to_be_checked()
            page.check("fieldset[data-facet=lang] input[value=de]")
            expect(page.locator("fieldset[data-facet=lang] input[value=de]")).to_be_checked()
            expect(page.locator("fieldset[data-facet=lang] input[value=fr]")).to_be_checked()
            # The other languages stay listed, by name, with their counts.
            english = page.locator("fieldset[data-facet=lang] label:has(input[value=en])")
            expect(english).to_contain_text("English")
            expect(english.locator(".count")).to_have_text(re.compile(r"^[1-9]\d*$"))
            expect(page.locator("fieldset[data-facet=lang] label:has(input[value=fr])")).to_contain_text(
                "Français / French"
            )
            languages = {h.get_attribute("data-language") for h in page.locator("li.hit").all()}
            assert languages == {"fr", "de"}, languages
            expect(page.locator("#total")).to_have_text("3 results")
            csv = page.locator("#downloads a[data-format=csv]")
            assert re.search(r"lang=fr&lang=de&format=csv$", csv.get_attribute("href") or "")
            results_url = page.url
            _shot(page, "search-multi-select.png")

            # Export the results: every matching article as CSV, the same columns as the weekly export.
            with page.expect_download() as download_info:
                csv.click()
            download = download_info.value
            assert download.suggested_filename.endswith(".csv"), download.suggested_filename
            text = Path(download.path()).read_text(encoding="utf-8-sig")
            rows = list(csv_module.DictReader(io.StringIO(text)))
            language, url = "Ngôn ngữ / Language", "Đường dẫn / URL"  # the weekly export's headers
            assert sorted(r[language] for r in rows) == ["de", "fr", "fr"], rows
            assert all(r[url].startswith("https://") for r in rows)

            # Save this search, then preview what the last 7 days would have sent.
            page.click("#save-search-box summary")
            page.fill("#save-this-search input[name=name]", "Vietnam fr+de")
            page.click("#save-this-search button[type=submit]")
            expect(page).to_have_url(re.compile(r"/saved$"))
            row = page.locator("#saved-searches tr", has_text="Vietnam fr+de")
            expect(row.locator("code")).to_contain_text("lang=fr,de")
            expect(page.locator("#no-smtp")).to_be_visible()
            row.locator("a.preview-link").click()
            expect(page.locator("#preview")).to_contain_text("Le riz du Vietnam cette semaine")
            _shot(page, "saved-searches-preview.png")

            # An article, and back to the results with the query kept.
            page.goto(results_url)
            page.locator("li.hit[data-language=de] a.hit-title").click()
            expect(page.locator("#article-title")).to_have_text("Reisexporte aus Vietnam")
            expect(page.locator("#prominence")).to_have_text("the headline")
            page.click("#back")
            expect(page).to_have_url(re.compile(r"/\?.*q=Vietnam.*lang=fr.*lang=de"))
            expect(page.locator("fieldset[data-facet=lang] input[value=de]")).to_be_checked()

            # The archived copy under its banner: capture time (with zone), URL, WARC record id.
            page.locator("li.hit[data-language=de] a.hit-title").click()
            banner = page.locator("#archive-banner")
            expect(banner).to_contain_text("https://zeitung.example/news/de-1.html")
            expect(banner).to_contain_text(re.compile(r"UTC\+07:00 .* WARC record <urn:uuid:[0-9a-f-]+>"))
            archived = page.frame_locator("#archived-frame")
            expect(archived.locator("h1.headline")).to_have_text("Reisexporte aus Vietnam")
            _shot(page, "article-archive-banner.png")

            # The Vietnamese UI: no English status words on the analyst's pages.
            for path in (results_url.replace("ui=en", "") + "&ui=vi", "/saved?ui=vi", "/articles/de-1?ui=vi"):
                page.goto(path if path.startswith("http") else served + path)
                text = _ui_text(page)
                found = ENGLISH_WORDS.findall(text)
                assert not found, (path, found, text[:2000])
            page.goto(results_url.replace("ui=en", "ui=vi"))
            expect(page.locator("#total")).to_have_text("3 kết quả")
            _shot(page, "search-vietnamese.png")
        finally:
            browser.close()
