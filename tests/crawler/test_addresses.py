"""The crawl stays on its sources' hosts and, unless allowed, off loopback and private addresses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from crawler.sources import Source, load_sources
from indexer.lifecycle import articles_alias
from tests.crawler.crawling import FAST, indexed, run_vnmon
from tests.crawler.site import Site, article, feed, redirect, write_sources
from vnmon.kernel.settings import Settings
from vnmon.operations.check import check_sources

OTHER = "/admin/vietnam-other-report.html"


@pytest.fixture
def sites() -> Iterator[list[Site]]:
    started: list[Site] = []
    yield started
    for site in started:
        site.stop()


def _outlet_and_intranet(sites: list[Site]) -> tuple[Site, Site]:
    """An outlet on 127.0.0.1 whose feed lists an internal page of another host (127.0.0.2) and
    an article that redirects there; the internal host answers everything with a page worth indexing."""
    intranet = Site(
        "127.0.0.2",
        {
            "/admin/vietnam-secret-report.html": article("Internal Vietnam report"),
            OTHER: article("Other internal Vietnam report"),
        },
    )
    intranet.start()
    secret = f"{intranet.base}/admin/vietnam-secret-report.html"
    outlet = Site(
        "127.0.0.1",
        {
            "/feed.xml": feed(
                "{base}/news/vietnam-mekong-plan-one.html",
                secret,
                "{base}/news/vietnam-moved-story-two.html",
            ),
            "/news/vietnam-mekong-plan-one.html": article("Vietnam Mekong plan"),
            "/news/vietnam-moved-story-two.html": redirect(f"{intranet.base}{OTHER}"),
        },
    ).start()
    sites.extend([intranet, outlet])
    return outlet, intranet


def test_links_and_redirects_to_another_host_are_refused_and_counted(
    sites: list[Site], vnmon_env: Settings, es_url: str, tmp_path: Path
) -> None:
    outlet, intranet = _outlet_and_intranet(sites)
    sources = write_sources(
        tmp_path / "sources.yaml",
        {"id": "outlet", "name": "Outlet", "country": "GB", "feeds": [f"{outlet.base}/feed.xml"]},
    )
    result = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), *FAST)
    assert result.returncode == 0, result.stdout + result.stderr

    assert intranet.requested == []  # not the page, not its robots.txt
    urls = {doc["url"] for doc in indexed(Elasticsearch(es_url), articles_alias())}
    assert urls == {f"{outlet.base}/news/vietnam-mekong-plan-one.html"}
    assert "refused_offsite×2" in result.stdout  # the feed link and the redirect, in the summary


def test_a_host_on_the_sources_allow_list_is_crawled(
    sites: list[Site], vnmon_env: Settings, es_url: str, tmp_path: Path
) -> None:
    outlet, intranet = _outlet_and_intranet(sites)
    source = {
        "id": "outlet",
        "name": "Outlet",
        "country": "GB",
        "feeds": [f"{outlet.base}/feed.xml"],
        "allow_hosts": ["127.0.0.2"],
    }
    sources = write_sources(tmp_path / "sources.yaml", source)
    result = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), *FAST)
    assert result.returncode == 0, result.stdout + result.stderr
    urls = {doc["url"] for doc in indexed(Elasticsearch(es_url), articles_alias())}
    assert f"{intranet.base}/admin/vietnam-secret-report.html" in urls, result.stdout
    assert f"{intranet.base}{OTHER}" in urls  # reached by the redirect


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_private_addresses_are_refused_by_default_on_the_resolved_address(
    host: str, sites: list[Site], vnmon_env: Settings, es_url: str, tmp_path: Path
) -> None:
    outlet, _ = _outlet_and_intranet(sites)
    port = outlet.server_address[1]
    sources = write_sources(
        tmp_path / "sources.yaml",
        {"id": "outlet", "name": "Outlet", "country": "GB", "feeds": [f"http://{host}:{port}/feed.xml"]},
    )
    result = run_vnmon(
        vnmon_env, "crawl", "--sources", str(sources), *FAST, "-s", "VNMON_ALLOW_PRIVATE_ADDRESSES=0"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert outlet.requested == []
    assert "refused_private_address×1" in result.stdout
    assert "is a loopback address" in result.stderr


def test_sources_check_follows_the_same_rules(sites: list[Site], tmp_path: Path) -> None:
    outlet, intranet = _outlet_and_intranet(sites)
    outlet.routes["/moved-feed.xml"] = redirect(f"{intranet.base}/feed.xml")
    intranet.routes["/feed.xml"] = feed(f"{intranet.base}/admin/vietnam-secret-report.html")
    path = write_sources(
        tmp_path / "sources.yaml",
        {
            "id": "outlet",
            "name": "Outlet",
            "country": "GB",
            "feeds": [f"{outlet.base}/feed.xml", f"{outlet.base}/moved-feed.xml"],
        },
    )
    sources = load_sources(path)

    good, moved = check_sources(sources, timeout=10, allow_private=True)
    assert good.ok and good.items == 3
    assert not moved.ok and "is not a host of source 'outlet'" in str(moved.error)
    assert intranet.requested == []

    refused = check_sources(sources, timeout=10, allow_private=False)
    assert [r.ok for r in refused] == [False, False]
    assert all("127.0.0.1 is a loopback address" in str(r.error) for r in refused)
    assert outlet.requested.count("/feed.xml") == 1  # only the allowed run fetched it


def test_a_source_owns_its_entry_points_registrable_domains_and_allow_list() -> None:
    bbc = Source(
        id="bbc",
        name="BBC",
        country="GB",
        feeds=["https://feeds.bbci.co.uk/news/world/asia/rss.xml"],
        allow_hosts=["bbc.com", "www.bbc.co.uk"],
    )
    assert bbc.allows_host("feeds.bbci.co.uk") and bbc.allows_host("news.bbci.co.uk")
    assert bbc.allows_host("www.bbc.com") and bbc.allows_host("WWW.BBC.CO.UK")
    assert not bbc.allows_host("bbc.co.uk.evil.example")
    assert not bbc.allows_host("co.uk") and not bbc.allows_host("127.0.0.1")
    local = Source(id="local", name="L", country="GB", feeds=["http://127.0.0.2:8080/feed.xml"])
    assert local.allows_host("127.0.0.2") and not local.allows_host("127.0.0.3")
