"""A source's max_pages counts distinct article pages, however many entry points list them."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.test import get_crawler

from crawler.navigation import Link
from crawler.spiders.news import NewsSpider

SOURCES = """\
sources:
  - id: capped
    name: Capped Daily
    country: FR
    language: fr
    feeds: [http://127.0.0.1:9/feed.xml]
    max_pages: 3
"""


def _urls(spider: NewsSpider, links: list[str]) -> list[str]:
    return [r.url for r in spider.article_requests_for("capped", "feed", [Link(u) for u in links])]


def test_pages_listed_twice_count_once_against_max_pages(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES, encoding="utf-8")
    crawler = get_crawler(NewsSpider)
    spider = NewsSpider.from_crawler(crawler, source="capped", sources=str(path), refetch=True)
    a, b, c, d = (f"http://127.0.0.1:9/news/{n}.html" for n in "abcd")

    assert _urls(spider, [a, b]) == [a, b]  # the feed
    # The sitemap lists them again, and more: only the third distinct page fits under the cap.
    assert _urls(spider, [a, b, c, d]) == [c]
    assert _urls(spider, [d]) == []
    assert spider.article_requests["capped"] == 3
    assert crawler.stats is not None
    assert crawler.stats.get_value("vnmon/source/capped/skipped_max_pages") == 2  # d, twice
