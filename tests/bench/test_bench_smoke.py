"""Smoke tests of the benches at toy size, so that `python -m bench` does not rot between runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import crawl
from bench.server import WorldServer
from bench.site import BenchSite
from bench.world import VIETNAM_PARAGRAPH, BenchWorld, load_templates
from crawler.extraction import decode_html, extract_article
from crawler.navigation import parse_section, parse_sitemap

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site() -> BenchSite:
    world = BenchWorld(outlets=2, articles=60, port=8080)
    return BenchSite(world, load_templates())


def test_articles_are_distinct_real_pages_with_their_own_title_and_url(site: BenchSite) -> None:
    outlet = site.world.outlet_list[0]
    first, second = (site.article_body(outlet, n) for n in (0, 1))
    assert first != second and len(first) > 10_000
    url = site.world.base_url(outlet) + site.world.article_path(outlet, 0)
    extracted = extract_article(decode_html(first), url=url)
    assert (extracted.title or "").endswith(f"({outlet.name}, no. 0)")
    assert extracted.canonical_url == url
    assert len(extracted.body) > 200


def test_the_same_template_yields_different_bodies(site: BenchSite) -> None:
    outlet, world = site.world.outlet_list[0], site.world
    count = len(site.templates)
    same = [n for n in range(world.per_outlet(outlet)) if world.template_index(outlet, n, count) == 0]
    if len(same) < 2:
        pytest.skip("the toy world has one article per template")
    bodies = {extract_article(decode_html(site.article_body(outlet, n))).body for n in same}
    assert len(bodies) == len(same)


def test_vietnam_articles_carry_the_paragraph_and_others_do_not(site: BenchSite) -> None:
    world = site.world
    outlet = world.outlet_list[1]
    flags = [world.about_vietnam(outlet, n) for n in range(world.per_outlet(outlet))]
    assert any(flags) and not all(flags)
    for number, about in enumerate(flags):
        page = site.article_body(outlet, number).decode("utf-8")
        assert any(p in page for p in VIETNAM_PARAGRAPH.values()) is about


def test_sitemaps_and_sections_list_the_articles(site: BenchSite) -> None:
    world = site.world
    outlet = world.outlet_list[0]
    base = world.base_url(outlet)
    kind, children = parse_sitemap(site.respond(outlet.host, "/sitemap.xml").body)
    assert kind == "index"
    urls = []
    for child in children:
        _, links = parse_sitemap(site.respond(outlet.host, child.url.removeprefix(base)).body)
        urls += [link.url for link in links]
    assert urls == [base + world.article_path(outlet, n) for n in range(world.per_outlet(outlet))]
    section = site.respond(outlet.host, "/section/world").body.decode()
    found, _ = parse_section(section, base + "/section/world")
    assert found and set(found) <= set(urls)
    assert site.respond(outlet.host, "/nowhere").status == 404


def test_bare_spider_fetches_every_url_of_a_served_world(tmp_path: Path) -> None:
    with WorldServer(outlets=2, articles=30, port=0) as world:
        urls = tmp_path / "urls.txt"
        urls.write_text("\n".join(world.article_urls()))
        result = crawl.bare_scrapy(urls, tmp_path / "bare.log")
    assert result["pages"] == 30 and result["status_200"] >= 30
    assert result["pages_per_second"] > 0


def test_vnmon_crawl_of_a_served_world_indexes_the_vietnam_articles(tmp_path: Path, es_url: str) -> None:
    with WorldServer(outlets=2, articles=30, port=0) as world:
        sources = world.write_sources(tmp_path / "sources.yaml")
        wanted = sum(world.about_vietnam(o, n) for o in world.outlet_list for n in range(world.per_outlet(o)))
        result = crawl.vnmon_crawl(sources, es_url, f"smoke-{tmp_path.name[-8:].lower()}")
    assert result["finish_reason"] == "finished"
    assert result["indexed"] == wanted
    assert result["dropped"].get("irrelevant", 0) == 30 - wanted
