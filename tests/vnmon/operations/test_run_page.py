"""The run page: from the operator page's clickable run ids to the pages a crawl dropped, by reason
(read from the crawl's own log), and a button that schedules the run's sources; the same URLs in
`vnmon runs show --dropped`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.crawler.crawling import FAST, run_vnmon
from tests.vnmon.exports.browser import SCREENSHOTS, browsing_as, logged_in
from tests.vnmon.web.conftest import csrf_of
from vnmon.auth.roles import Role
from vnmon.cli import main
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings, get_settings
from vnmon.scheduling.schedules import ScheduleStore

RUN_ID = "crawl-review-1"


@dataclass(frozen=True)
class Crawled:
    settings: Settings
    log: Path


@pytest.fixture
def crawled(vnmon_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Crawled]:
    """One crawl of the offline news world that wrote its log, as a scheduled crawl does."""
    with NewsWorld() as world:
        sources = world.write_sources(tmp_path / "sources.yaml")
        empty = tmp_path / "schedules.yaml"
        empty.write_text(yaml.safe_dump({"schedules": []}), encoding="utf-8")
        monkeypatch.setenv("VNMON_SOURCES", str(sources))
        monkeypatch.setenv("VNMON_SCHEDULES", str(empty))
        get_settings.cache_clear()
        log = tmp_path / "logs" / f"{RUN_ID}.log"
        log.parent.mkdir()
        settings = get_settings()
        crawl = run_vnmon(settings, "crawl", *FAST, "-s", f"LOG_FILE={log}", "-s", f"VNMON_RUN_ID={RUN_ID}")
        assert crawl.returncode == 0, crawl.stderr[-3000:]
        yield Crawled(settings, log)


def test_the_dropped_pages_by_reason_in_the_cli_and_on_the_run_page(crawled: Crawled) -> None:
    shown = CliRunner().invoke(main, ["runs", "show", RUN_ID, "--dropped"])
    assert shown.exit_code == 0, shown.output
    # Every drop the run counted (robots.txt refusals are requests, not pages) has its URL.
    recorded = CliRunner().invoke(main, ["runs", "show", RUN_ID, "--format", "json"])
    tallies = json.loads(recorded.output)["per_source"].values()
    counted = sum(n for t in tallies for reason, n in t["dropped"].items() if reason != "robots")
    assert f"dropped URLs ({counted}, from {crawled.log}):" in shown.output
    lines = shown.output.splitlines()
    after = lines[lines.index("  irrelevant (7):") + 1 :]
    irrelevant = "\n".join(line for line in after[:7] if line.startswith("    "))
    assert "latte-prices-meridian-cafes/  (score 1.5 < threshold 3" in irrelevant
    assert "wool-prices-climb-third-week-chinese-mills  (no Vietnam term found" in irrelevant

    client = logged_in(crawled.settings, Role.OPERATOR)
    page = client.get(f"/operator/runs/{RUN_ID}?ui=en")
    assert page.status_code == 200
    assert '<details data-reason="irrelevant" open>' in page.text
    assert "<code>not_article</code>: 10" in page.text
    assert (
        "không phải bài viết <code>not_article</code>: 10"
        in client.get(f"/operator/runs/{RUN_ID}?ui=vi").text
    )
    data = client.get(f"/api/operator/runs/{RUN_ID}").json()
    assert data["dropped_counts"]["irrelevant"] == 7 and data["dropped_problem"] is None
    assert all(p["url"].startswith("http://127.0.0.") for p in data["dropped_urls"]["irrelevant"])
    assert f'href="/operator/runs/{RUN_ID}"' in client.get("/operator").text  # run ids are links

    token = csrf_of(client, f"/operator/runs/{RUN_ID}")
    form = {
        "csrf_token": token,
        "run_id": RUN_ID,
        "sources": ["pacific-wire", "straits-ledger"],
        "name": "twice",
    }
    bad = client.post("/operator/schedules?ui=en", data={**form, "every": "soon"})
    assert bad.status_code == 400 and 'id="run-error"' in bad.text and 'id="add-schedule-form"' in bad.text
    both = client.post("/operator/schedules?ui=en", data={**form, "every": "6h", "cron": "0 * * * *"})
    assert both.status_code == 400 and "not both or neither" in both.text
    assert client.get("/operator/runs/no-such-run").status_code == 404

    added = client.post("/operator/schedules", data={**form, "every": "6h"}, follow_redirects=False)
    assert added.status_code == 303 and added.headers["location"] == "/operator?done=added&schedule=twice"
    [schedule] = ScheduleStore().load()
    assert schedule.name == "twice" and schedule.sources == ["pacific-wire", "straits-ledger"]


def test_an_operator_reviews_a_run_and_schedules_its_sources_in_chromium(crawled: Crawled) -> None:
    from playwright.sync_api import expect

    with browsing_as(crawled.settings, "tuan", Role.OPERATOR, "/operator?ui=en") as page:
        expect(page.locator("#times-zone")).to_have_text("Times are in Asia/Ho_Chi_Minh.")

        page.click(f'#runs tr[data-run="{RUN_ID}"] a.run-link')
        expect(page.locator("#run-title")).to_have_text(f"Run {RUN_ID}")
        irrelevant = page.locator('details[data-reason="irrelevant"] li a')
        expect(irrelevant).to_have_count(7)
        page.screenshot(path=str(SCREENSHOTS / "operator-run.png"), full_page=True)

        page.fill("#schedule-name", "review-every-6h")
        page.click("#add-schedule-form button[type=submit]")
        expect(page.locator("#operator-notice")).to_have_text("Schedule review-every-6h added.")
        expect(page.locator('#schedules tr[data-schedule="review-every-6h"]')).to_contain_text("every 6h")
