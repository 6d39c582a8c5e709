"""The outlets registry on the operator page: the table, its status filter, block/unblock/promote
(role-checked, CSRF as every form), and in Chromium a block click that the next crawl obeys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from indexer.outlets import OutletTally, get_outlet, record_tallies, set_status
from tests.crawler.crawling import FAST, run_vnmon
from tests.vnmon.web.conftest import PASSWORD, Web, csrf_of
from tests.vnmon.web.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, served  # noqa: F401
from vnmon.auth.roles import Role
from vnmon.auth.store import UserStore
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings

SEEN = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _seed(client: Elasticsearch, **outlets: tuple[str, str, int]) -> None:
    """Outlets as a crawl records them: domain=(name, country, articles)."""
    record_tallies(
        client,
        {
            domain: OutletTally(
                name,
                country,
                False,
                articles=articles,
                languages={"en", "de"},
                found_via={"gdelt-gkg"},
                last_seen=SEEN,
            )
            for domain, (name, country, articles) in outlets.items()
        },
    )


def _post(client: TestClient, path: str, **data: str) -> object:
    return client.post(
        path, data={"csrf_token": csrf_of(client, "/operator"), **data}, follow_redirects=False
    )


def test_the_registry_is_listed_filtered_and_changed_by_operators_only(
    web: Web, es_client: Elasticsearch
) -> None:
    _seed(
        es_client,
        **{
            "ledger-example.com": ("The Ledger", "SG", 7),
            "rundschau-example.de": ("Rundschau", "unknown", 2),
        },
    )
    set_status(es_client, "spam-example.net", "blocked")

    analyst = web.logged_in(Role.ANALYST)
    assert analyst.get("/operator").status_code == 403
    assert analyst.get("/api/operator/outlets").status_code == 403
    token = csrf_of(analyst, "/account")
    refused = analyst.post(
        "/operator/outlets/ledger-example.com/block", data={"csrf_token": token}, follow_redirects=False
    )
    assert refused.status_code == 403
    assert get_outlet(es_client, "ledger-example.com")["status"] == "discovered"  # type: ignore[index]

    operator = web.logged_in(Role.OPERATOR)
    page = operator.get("/operator?ui=en").text
    assert 'data-outlet="ledger-example.com" data-status="discovered"' in page
    assert "The Ledger" in page and "<td>SG</td>" in page and "de, en" in page
    assert 'data-outlet="spam-example.net" data-status="blocked"' in page
    blocked_only = operator.get("/operator?ui=en&outlet_status=blocked").text
    assert (
        'data-outlet="spam-example.net"' in blocked_only
        and 'data-outlet="ledger-example.com"' not in blocked_only
    )
    assert operator.get("/operator?outlet_status=everything").status_code == 422  # not a status
    api = operator.get("/api/operator/outlets", params={"status": "discovered"}).json()
    assert [o["domain"] for o in api] == ["ledger-example.com", "rundschau-example.de"]  # most articles first

    # A form without the CSRF token is refused; with it, the block is stored and said.
    assert (
        operator.post("/operator/outlets/ledger-example.com/block", follow_redirects=False).status_code == 403
    )
    done = _post(operator, "/operator/outlets/ledger-example.com/block")
    assert done.status_code == 303  # type: ignore[attr-defined]
    assert get_outlet(es_client, "ledger-example.com")["status"] == "blocked"  # type: ignore[index]
    shown = operator.get(done.headers["location"] + "&ui=en").text  # type: ignore[attr-defined]
    assert "Blocked ledger-example.com: no crawl will fetch it again." in shown
    assert _post(operator, "/operator/outlets/ledger-example.com/unblock").status_code == 303  # type: ignore[attr-defined]
    assert get_outlet(es_client, "ledger-example.com")["status"] == "discovered"  # type: ignore[index]
    assert _post(operator, "/operator/outlets/never-example.org/unblock").status_code == 404  # type: ignore[attr-defined]
    assert _post(operator, "/operator/outlets/HTTP:..example/block").status_code == 422  # type: ignore[attr-defined]

    # Promoting an outlet whose country nobody knows is refused on the page, saying what to give.
    promoted = _post(operator, "/operator/outlets/rundschau-example.de/promote?ui=en")
    assert promoted.status_code == 400  # type: ignore[attr-defined]
    assert "Not promoted: " in promoted.text and "--country" in promoted.text  # type: ignore[attr-defined]
    assert get_outlet(es_client, "rundschau-example.de")["status"] == "discovered"  # type: ignore[index]


@pytest.fixture
def world() -> Iterator[NewsWorld]:
    with NewsWorld() as running:
        yield running


@pytest.mark.slow
def test_an_operator_blocks_an_outlet_in_chromium_and_the_next_crawl_skips_it(
    served: str,  # noqa: F811
    world: NewsWorld,
    vnmon_env: Settings,
    es_client: Elasticsearch,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    outlet = "straits-ledger"
    host = world.base_url(outlet).split("/")[2].split(":")[0]
    _seed(es_client, **{host: ("The Straits Ledger", "SG", 4), "other-example.com": ("Other", "FR", 1)})
    UserStore.for_data_dir(vnmon_env.data_dir).add("ops", PASSWORD, Role.OPERATOR)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000}).new_page()
            page.goto(served + "/operator?ui=en")
            page.fill("input[name=username]", "ops")
            page.fill("input[name=password]", PASSWORD)
            page.click("form.login button[type=submit]")
            row = page.locator(f'#outlets-table tr[data-outlet="{host}"]')
            expect(row).to_have_attribute("data-status", "discovered")
            expect(row).to_contain_text("The Straits Ledger")
            row.locator("button.block").click()
            expect(page.locator("#operator-notice")).to_have_text(
                f"Blocked {host}: no crawl will fetch it again."
            )
            expect(page.locator(f'#outlets-table tr[data-outlet="{host}"]')).to_have_attribute(
                "data-status", "blocked"
            )
            page.select_option("#outlet-filter select[name=outlet_status]", "blocked")
            page.click("#outlet-filter button[type=submit]")
            expect(page.locator("#outlets-table tbody tr")).to_have_count(1)
            page.screenshot(path=str(ARTIFACTS / "web-operator-outlets.png"), full_page=True)
        finally:
            browser.close()

    # The next crawl of that outlet's own feeds fetches nothing from it and says why.
    sources = world.write_sources(tmp_path / "sources.yaml")
    world.reset_hits()
    crawl = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), "--source", outlet, "--json", *FAST)
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    assert world.hits_matching("/", outlet) == 0
    summary = json.loads(crawl.stdout[crawl.stdout.index("{") :])
    assert summary["sources"][outlet]["dropped"]["blocked_outlet"] >= 1
    assert summary["sources"][outlet]["fetched"] == 0


def test_seen_dates_are_shown(web: Web, es_client: Elasticsearch) -> None:
    _seed(es_client, **{"ledger-example.com": ("The Ledger", "SG", 7)})
    page = web.logged_in(Role.OPERATOR).get("/operator?ui=en").text
    shown = (SEEN + timedelta(hours=7)).strftime("%Y-%m-%d %H:%M")  # Asia/Ho_Chi_Minh, the default zone
    assert shown in page
