"""The "Weekly exports" page lists every report vnmon made, with its filter, and lets a reporter
make one for a chosen week and saved search (CSRF-checked, reporter role) — in Chromium too."""

from __future__ import annotations

from elasticsearch import Elasticsearch

from tests.vnmon.exports.browser import SCREENSHOTS, browsing_as, logged_in
from tests.vnmon.exports.conftest import Corpus
from tests.vnmon.web.conftest import csrf_of
from vnmon.alerts.store import save_search
from vnmon.auth.roles import Role
from vnmon.exports import run_weekly_export
from vnmon.kernel.settings import Settings


def test_the_page_lists_full_and_filtered_reports_with_their_filters(
    corpus: Corpus, vnmon_env: Settings
) -> None:
    run_weekly_export(vnmon_env, "2026-W10", formats=("csv",), email_to=())
    run_weekly_export(vnmon_env, "2026-W10", formats=("csv",), languages=["ru"], query="Вьетнам", email_to=())
    client = logged_in(vnmon_env, Role.REPORTER)

    page = client.get("/exports?ui=en")

    assert page.status_code == 200
    assert 'data-folder="2026-W10"' in page.text and "Full report (every article)" in page.text
    assert "Query: “Вьетнам” · Languages: ru" in page.text
    assert page.text.index('data-folder="2026-W10"') < page.text.index('data-folder="2026-W10-filtered-')
    [listed] = [w for w in client.get("/api/exports").json() if w["filtered"]]
    assert listed["week"] == "2026-W10" and listed["filters"]["languages"] == ["ru"]
    assert client.get(listed["files"][1]["url"]).status_code == 200  # its files download


def test_making_a_report_needs_the_reporter_role_csrf_and_a_real_week(
    corpus: Corpus, vnmon_env: Settings
) -> None:
    analyst = logged_in(vnmon_env, Role.ANALYST)
    token = csrf_of(analyst, "/account")
    assert analyst.post("/exports/make", data={"week": "2026-W10", "csrf_token": token}).status_code == 403
    reporter = logged_in(vnmon_env, Role.REPORTER)
    assert reporter.post("/exports/make", data={"week": "2026-W10"}).status_code == 403  # no CSRF token

    token = csrf_of(reporter, "/exports")
    bad = reporter.post("/exports/make?ui=en", data={"week": "2026-W60", "csrf_token": token})
    assert bad.status_code == 400 and "week &#39;2026-W60&#39; does not exist" in bad.text
    assert 'id="make-report-form"' in bad.text  # the error is shown on the page the reporter came from
    foreign = reporter.post(
        "/exports/make?ui=en", data={"week": "2026-W10", "saved": "x", "csrf_token": token}
    )
    assert foreign.status_code == 400 and "you have no saved search" in foreign.text


def test_a_reporter_makes_a_weekly_report_from_the_page(
    corpus: Corpus, vnmon_env: Settings, es_client: Elasticsearch
) -> None:
    from playwright.sync_api import expect

    save_search(es_client, "Nga / Russia", {"q": "Вьетнам", "langs": ["ru"]}, owner="mai")
    run_weekly_export(vnmon_env, "2026-W10", formats=("csv",), email_to=())  # the full report exists
    with browsing_as(vnmon_env, "mai", Role.REPORTER, "/exports?ui=en") as page:
        expect(page.locator("#make-report-form")).to_be_visible()

        page.fill("#make-week", "2026-W10")
        page.select_option("#make-saved", label='Nga / Russia — "Вьетнам" lang=ru')
        page.click("#make-report-form button[type=submit]")

        expect(page.locator("#exports-notice")).to_contain_text("Made report 2026-W10-filtered-")
        expect(page.locator("#exports-notice")).to_contain_text(": 1 article.")
        made = page.locator("#exports tr.made")
        expect(made).to_have_count(1)
        expect(made.locator("td.filter")).to_have_text("Query: “Вьетнам” · Languages: ru")
        expect(made.locator("td.num")).to_have_text("1")  # the week's one Russian article
        expect(page.locator('#exports tr[data-folder="2026-W10"] td.filter')).to_have_text(
            "Full report (every article)"
        )
        page.screenshot(path=str(SCREENSHOTS / "exports-make-report.png"), full_page=True)

        made.locator("a", has_text="HTML").click()
        banner = page.locator("#filtered")
        expect(banner).to_contain_text("Filtered report: “Вьетнам” · Ngôn ngữ / Language: ru")
