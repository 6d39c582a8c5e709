"""Search-engine news feeds: the discovery file, the queries, and following links to publishers."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from crawler.discovery.news import (
    NewsConfigError,
    NewsSearch,
    embedded_target,
    feed_requests,
    interstitial_target,
    load_news_settings,
    search_query,
)
from vnmon.demo.newssearch import NewsItem, NewsSearchStandIn, Route, interstitial
from vnmon.kernel.configfiles import PACKAGED
from vnmon.kernel.lexicon import Lexicon

REPO = Path(__file__).resolve().parents[3]
SHIPPED = REPO / "config" / "discovery.yaml"


@pytest.fixture
def aggregator() -> Iterator[NewsSearchStandIn]:
    with NewsSearchStandIn() as running:
        yield running


def test_the_shipped_feeds_are_valid_and_packaged(lexicon: Lexicon) -> None:
    settings = load_news_settings(SHIPPED)
    assert (PACKAGED / "discovery.yaml").read_bytes() == SHIPPED.read_bytes()
    enabled = {f.name: f.enabled for f in settings.feeds}
    assert enabled == {"bing-news": True, "google-news": False}
    requests = feed_requests(settings, lexicon, SHIPPED)
    assert all(r.feed.name == "bing-news" for r in requests)
    english = next(r for r in requests if r.language == "en")
    assert english.url.startswith("https://www.bing.com/news/search?q=Vietnam+OR+Hanoi+OR+%22Viet+Nam%22")
    assert english.url.endswith("&format=rss&setlang=en&cc=US")
    assert [r.country for r in requests if r.language == "en"] == ["US", "GB", "AU"]
    assert {r.language for r in feed_requests(settings, lexicon, SHIPPED, ("ja", "ru"))} == {"ja", "ru"}


def test_queries_are_the_lexicon_forms_of_each_language(lexicon: Lexicon) -> None:
    english = search_query(lexicon, ["vietnam", "hanoi"], "en", 6)
    assert english.split(" OR ")[:3] == ["Vietnam", "Hanoi", '"Viet Nam"']
    assert (
        "Vietnam's" not in english and "Socialist Republic" not in english
    )  # a search for Vietnam finds them
    assert search_query(lexicon, ["vietnam"], "en", 2) == 'Vietnam OR "Viet Nam"'
    russian = search_query(lexicon, ["vietnam", "hanoi"], "ru", 5)
    assert russian.startswith("Вьетнам OR Ханой") and "*" not in russian  # open stems left out
    assert search_query(lexicon, ["vietnam"], "ja", 5) == "ベトナム OR ヴェトナム"
    assert search_query(lexicon, ["vietnam"], "xx", 5) == ""


def _write(path: Path, news: object) -> Path:
    path.write_text(yaml.safe_dump({"news": news}, allow_unicode=True), encoding="utf-8")
    return path


FEED = {"name": "search", "url": "https://news.example/rss?q={query}&hl={lang}", "languages": {"en": "US"}}


@pytest.mark.parametrize(
    ("news", "message"),
    [
        ({"feeds": [{**FEED, "languages": {"vi": "VN"}}]}, "country VN would search the domestic press"),
        ({"feeds": [{**FEED, "languages": {"english": "US"}}]}, "language 'english' must be an ISO 639-1"),
        ({"feeds": [{**FEED, "url": "https://news.example/rss?hl={lang}"}]}, "has no {query} placeholder"),
        ({"feeds": [{**FEED, "url": "https://news.example/?q={qurey}"}]}, "unknown placeholder {qurey}"),
        ({"feeds": [{**FEED, "url": "ftp://news.example/{query}"}]}, "must start with http:// or https://"),
        (
            {"feeds": [FEED, {**FEED, "languages": {"fr": "FR"}}]},
            "news.feeds: the name 'search' is used twice",
        ),
        ({"feeds": [{**FEED, "enabeld": False}]}, r"news.feeds\[0\] \(search\).enabeld: unknown field"),
        ({"feeds": [{**FEED, "hosts": ["https://x/"]}]}, "must be a host name"),
        ({"feeds": []}, "news.feeds: must not be empty"),
        ({"max_terms": 0, "feeds": [FEED]}, "news.max_terms: Input should be greater than or equal to 1"),
        ("feeds", "expected a 'news:' mapping"),
    ],
)
def test_a_bad_discovery_file_names_the_file_and_field(tmp_path: Path, news: object, message: str) -> None:
    path = _write(tmp_path / "discovery.yaml", news)
    with pytest.raises(NewsConfigError, match=message) as raised:
        load_news_settings(path)
    assert str(raised.value).startswith(f"{path}: ")


def test_entries_and_languages_the_lexicon_lacks_are_named(tmp_path: Path, lexicon: Lexicon) -> None:
    path = _write(tmp_path / "d.yaml", {"entries": ["atlantis"], "feeds": [FEED]})
    with pytest.raises(NewsConfigError, match=r"news\.entries: 'atlantis' is not an entry of the lexicon"):
        feed_requests(load_news_settings(path), lexicon, path)
    path = _write(tmp_path / "d.yaml", {"feeds": [{**FEED, "languages": {"en": "US", "zu": "ZA"}}]})
    with pytest.raises(
        NewsConfigError, match=r"news.feeds\[0\] \(search\).languages.zu: the lexicon has no term"
    ):
        feed_requests(load_news_settings(path), lexicon, path)


def test_targets_written_into_the_link_need_no_request() -> None:
    publisher = "https://www.lemonde.fr/international/article/2026/12/07/vietnam_123.html"
    bing = (
        f"http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=ab12&url={quote(publisher, safe='')}&c=9"
    )
    assert embedded_target(bing) == publisher
    # An old-style Google News id: base64 of a protobuf message holding the URL in clear, after its
    # length (one varint byte, or two past 127), and other fields after it.
    for url in (publisher, publisher + "?" + "x" * 150):
        size = bytes([len(url)]) if len(url) < 128 else bytes([len(url) & 0x7F | 0x80, len(url) >> 7])
        token = base64.urlsafe_b64encode(b"\x08\x13\x22" + size + url.encode() + b"R\x05CAIQAQ")
        link = f"https://news.google.com/rss/articles/{token.decode().rstrip('=')}?oc=5"
        assert embedded_target(link) == url
    opaque = base64.urlsafe_b64encode(b"\x08\x13\x22\x10" + bytes(range(40))).decode()
    assert embedded_target(f"https://news.google.com/rss/articles/{opaque}?oc=5") is None
    assert (
        embedded_target(
            "https://news.google.com/topics/CAAqJggKIiBDQkFTRWdvSUwyMHZNRGx1YlY4U0FtVnVHZ0pWVXlnQVAB"
        )
        is None
    )


def test_interstitial_pages_name_the_publisher_or_nothing() -> None:
    domains = {"google.com"}
    page = "https://news.google.com/rss/articles/x"
    target = "https://www.spiegel.de/ausland/vietnam-a-1.html"
    assert interstitial_target(interstitial(target, "refresh").encode(), page, domains) == target
    assert interstitial_target(interstitial(target, "data-n-au").encode(), page, domains) == target
    assert interstitial_target(interstitial(target, "none").encode(), page, domains) is None  # own links only
    two = b'<html><body><a href="https://a.example/1">1</a><a href="https://b.example/2">2</a></body></html>'
    assert interstitial_target(two, page, domains) is None  # a list of stories names no single one
    one = b'<html><body><a href="/">home</a><a href="https://a.example/1">continue</a></body></html>'
    assert interstitial_target(one, page, domains) == "https://a.example/1"
    assert interstitial_target(b"", page, domains) is None


def test_links_are_followed_on_the_aggregator_only_and_requests_are_spaced(
    aggregator: NewsSearchStandIn, tmp_path: Path, lexicon: Lexicon
) -> None:
    publisher = "http://203.0.113.7/world/vietnam-story.html"  # never asked: the crawl fetches it
    aggregator.routes["/a/1"] = Route(301, location="/b/1")
    aggregator.routes["/b/1"] = Route(302, location=publisher)
    aggregator.routes["/a/2"] = Route(302, location="http://thoisu.example.vn/1.html")
    aggregator.routes["/a/3"] = Route(302, location="/a/4")
    aggregator.routes["/a/4"] = Route(302, location="/a/3")
    aggregator.routes["/a/5"] = Route(410)
    aggregator.routes["/a/6"] = Route(200, html=interstitial(publisher, "none"))
    moment = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    aggregator.items["en"] = [
        NewsItem(f"Story {n}", f"/a/{n}", "Wire", "https://wire.example/", moment) for n in (1, 2, 3, 5, 6)
    ] + [NewsItem("Again", "/a/1", "Wire", "https://wire.example/", moment)]
    path = _write(tmp_path / "d.yaml", {"feeds": [{**FEED, "url": aggregator.feed_template()}]})
    requests = feed_requests(load_news_settings(path), lexicon, path)

    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    search = NewsSearch(interval=2.0, sleep=sleep, clock=lambda: now[0])
    report, found = search.run(requests)
    assert [(f.url, f.via, f.source_name, f.batch) for f in found] == [
        (publisher, "news-search", "Wire", "2026-12-07T09:00:00+00:00")
    ]
    counts = report.stats.counts
    assert counts["kept"] == 2 and counts["duplicate"] == 1  # the same story twice: one URL
    assert counts["domestic"] == 1 and counts["redirect_loop"] == 1
    assert counts["dead_redirect"] == 1 and counts["aggregator_page"] == 1
    asked = sum(aggregator.hits.values())
    assert aggregator.hits["/a/1"] == 1  # a link already followed is not followed again
    assert len(slept) == asked - 1 and all(s == pytest.approx(2.0) for s in slept)  # one request per 2 s
