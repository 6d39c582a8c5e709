"""No page can raise out of the crawl: a bad redirect target or a failing stage is a counted drop."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from crawler import settings as crawl_settings
from indexer.lifecycle import articles_alias
from tests.crawler.crawling import FAST, indexed, run_vnmon
from tests.crawler.site import Site, article, feed, redirect, write_sources
from vnmon.kernel.settings import Settings
from vnmon.kernel.warc import iter_archive


@pytest.fixture
def outlet() -> Iterator[Site]:
    site = Site(
        "127.0.0.1",
        {
            "/feed.xml": feed(
                "{base}/news/vietnam-refresh-to-script-page.html",
                "{base}/news/vietnam-redirect-to-script-page.html",
                "{base}/news/vietnam-page-that-breaks-a-stage.html",
                "{base}/news/vietnam-plain-story-page.html",
            ),
            "/news/vietnam-refresh-to-script-page.html": article(
                "Vietnam refresh page", '<meta http-equiv="refresh" content="0;url=javascript:void(0)">'
            ),
            "/news/vietnam-redirect-to-script-page.html": redirect("javascript:alert(1)"),
            "/news/vietnam-page-that-breaks-a-stage.html": article("Vietnam stage breaker"),
            "/news/vietnam-plain-story-page.html": article("Vietnam plain story"),
        },
    ).start()
    yield site
    site.stop()


def test_bad_redirect_targets_and_a_failing_stage_lose_no_page(
    outlet: Site, vnmon_env: Settings, es_url: str, tmp_path: Path
) -> None:
    sources = write_sources(
        tmp_path / "sources.yaml",
        {"id": "outlet", "name": "Outlet", "country": "GB", "feeds": [f"{outlet.base}/feed.xml"]},
    )
    stages = {**crawl_settings.ITEM_PIPELINES, "tests.crawler.failing_stage.BrokenStage": 250}
    result = run_vnmon(
        vnmon_env, "crawl", "--sources", str(sources), *FAST, "-s", f"ITEM_PIPELINES={json.dumps(stages)}"
    )
    assert result.returncode == 0, result.stdout + result.stderr

    urls = {doc["url"] for doc in indexed(Elasticsearch(es_url), articles_alias())}
    # The javascript: refresh is ignored, and the page is the article it is.
    assert urls == {
        f"{outlet.base}/news/vietnam-refresh-to-script-page.html",
        f"{outlet.base}/news/vietnam-plain-story-page.html",
    }
    row = result.stdout.splitlines()[2].split()
    assert row[:3] == ["outlet", "5", "2"], result.stdout  # feed + 4 pages fetched, 2 articles
    assert "failed_brokenstage 1" in result.stdout  # counted under its reason
    assert "ValueError" not in result.stdout
    # The page is quarantined: its raw response is in the archive with the failure beside it.
    archived = {page.response.url: page.metadata for page in iter_archive(vnmon_env.data_dir / "warc")}
    broken = archived[f"{outlet.base}/news/vietnam-page-that-breaks-a-stage.html"]
    assert broken is not None and broken["dropped"] == "failed_brokenstage"
    assert "KeyError" in broken["detail"]
