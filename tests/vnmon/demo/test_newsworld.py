"""Tests of the offline news world: it serves valid feeds, sitemaps and pages, and its ground truth holds."""

from __future__ import annotations

import http.client
import json
import re
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from lxml import html as lxml_html

from crawler.sources import load_sources
from vnmon.demo.newsworld import ExpectedArticle, NewsWorld
from vnmon.demo.newsworld.model import read_text

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
SLOW = 0.4
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
VIETNAM_WORDS = re.compile(
    r"vietnam|việt|вьетнам|в'єтнам|ベトナム|越南|hanoi|hanoï|ханой"
    r"|ho chi minh|hồ chí minh|tp\.hcm|ホーチミン",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def world() -> Iterator[NewsWorld]:
    with NewsWorld(slow_seconds=SLOW, now=NOW) as started:
        yield started


def get(url: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One GET without following redirects."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def page(url: str) -> lxml_html.HtmlElement:
    status, _headers, body = get(url)
    assert status == 200, url
    return lxml_html.fromstring(body)


def by_reason(world: NewsWorld, reason: str | None) -> list[ExpectedArticle]:
    return [article for article in world.expected if article.reason == reason]


def test_start_and_stop_release_the_addresses() -> None:
    world = NewsWorld(slow_seconds=0)
    with pytest.raises(RuntimeError, match="not started"):
        world.base_url("meridian-herald")
    world.start()
    try:
        with pytest.raises(RuntimeError, match="already started"):
            world.start()
        urls = [world.base_url(outlet.id) for outlet in world.outlets]
        assert len({urlsplit(url).hostname for url in urls}) == len(urls)
        assert len({urlsplit(url).port for url in urls}) == 1
        assert all(urlsplit(url).hostname.startswith("127.0.0.") for url in urls)  # type: ignore[union-attr]
        status, _, body = get(urls[0] + "/robots.txt")
        assert status == 200 and body.startswith(b"User-agent: *")
    finally:
        world.stop()
    world.stop()  # a second stop is harmless
    host, port = urlsplit(urls[0]).hostname, urlsplit(urls[0]).port
    with pytest.raises(OSError), socket.create_connection((host, port), timeout=1):
        pass


def test_unknown_outlet_is_named(world: NewsWorld) -> None:
    with pytest.raises(KeyError, match=r"no outlet 'nope'.*meridian-herald"):
        world.base_url("nope")


def test_expected_set_covers_outlets_languages_and_cases(world: NewsWorld) -> None:
    expected = world.expected
    assert len({article.source for article in expected}) >= 8
    assert len({article.language for article in expected}) >= 6
    assert {"en", "ru", "uk", "vi", "ja"} <= {article.language for article in expected}
    assert {"fr", "de"} & {article.language for article in expected}
    reasons = {article.reason for article in expected}
    assert reasons >= {None, "irrelevant", "domestic", "robots", "http_404", "http_500", "too_old"}
    assert len(by_reason(world, None)) >= 10
    assert all(article.indexed == (article.reason is None) for article in expected)
    assert len({article.url for article in expected}) == len(expected)


def test_syndicated_story_is_carried_by_three_outlets(world: NewsWorld) -> None:
    clusters: dict[str, list[ExpectedArticle]] = {}
    for article in world.expected:
        if article.cluster:
            clusters.setdefault(article.cluster, []).append(article)
    copies = max(clusters.values(), key=len)
    assert len({article.source for article in copies}) >= 3
    assert all(article.indexed for article in copies)
    bodies = []
    for article in copies:
        tree = page(article.url)
        bodies.append(" ".join(p.text_content() for p in tree.iter("p")))
    # The same wire text, each copy with its own intro and its own page around it.
    assert all("hourly water-level and dam-release data" in body for body in bodies)
    assert len({body[:400] for body in bodies}) == len(bodies)


def test_publication_dates_are_recent_and_deterministic(world: NewsWorld) -> None:
    for article in world.expected:
        if article.reason != "too_old":
            assert NOW - timedelta(days=3) <= article.published <= NOW
    (old,) = by_reason(world, "too_old")
    assert NOW - old.published > timedelta(days=3 * 365 - 2)
    with NewsWorld(now=NOW) as again:

        def paths(w: NewsWorld) -> list[tuple[str, str, datetime]]:
            return [(a.source, urlsplit(a.url).path, a.published) for a in w.expected]

        assert paths(again) == paths(world)


@pytest.mark.parametrize("outlet_id", [outlet.id for outlet in NewsWorld().outlets])
def test_every_article_page_is_a_realistic_news_article(world: NewsWorld, outlet_id: str) -> None:
    for article in world.expected:
        if article.source != outlet_id or (article.reason or "").startswith("http_"):
            continue
        tree = page(article.url)
        assert tree.get("lang") == article.language
        assert tree.xpath("//link[@rel='canonical']/@href") == [article.url]
        assert tree.xpath("//meta[@property='og:title']/@content")
        ld = [json.loads(s.text) for s in tree.xpath("//script[@type='application/ld+json']")]
        news = [n for doc in ld for n in doc.get("@graph", [doc]) if n.get("@type") == "NewsArticle"]
        assert news and news[0]["headline"] == article.title
        assert datetime.fromisoformat(news[0]["datePublished"]) == article.published
        time_tag = tree.xpath("//time/@datetime")[0]
        assert datetime.fromisoformat(time_tag) == article.published
        assert tree.xpath("//img/@src") and tree.xpath("//link[@rel='stylesheet']")
        assert tree.xpath("//footer") and tree.xpath("//*[contains(@class, 'cookie')]")
        body_words = sum(len(p.text_content().split()) for p in tree.iter("p"))
        assert body_words >= 100 or article.language == "ja"


def test_broken_links_answer_404_and_500(world: NewsWorld) -> None:
    (missing,) = by_reason(world, "http_404")
    (failing,) = by_reason(world, "http_500")
    assert get(missing.url)[0] == 404
    assert get(failing.url)[0] == 500


def test_tracking_amp_and_redirect_aliases_lead_to_one_article(world: NewsWorld) -> None:
    with_aliases = [article for article in world.expected if article.aliases]
    kinds = {"utm": False, "amp": False, "redirect": False}
    for article in with_aliases:
        for alias in article.aliases:
            status, headers, body = get(alias)
            if status == 301:
                assert headers["Location"] == article.url
                kinds["redirect"] = True
                continue
            assert status == 200
            canonical = lxml_html.fromstring(body).xpath("//link[@rel='canonical']/@href")
            assert canonical == [article.url], alias
            kinds["utm" if "utm_source=rss" in alias else "amp" if "/amp/" in alias else "other"] = True
    assert kinds == {"utm": True, "amp": True, "redirect": True}


def test_slow_page_is_slow_but_valid(world: NewsWorld) -> None:
    slow = [a for a in world.expected if a.source == "gazette-estuaire" and a.indexed]
    assert slow
    started = time.monotonic()
    tree = page(slow[0].url)
    assert time.monotonic() - started >= SLOW
    assert tree.xpath("//h1")[0].text_content() == slow[0].title


def test_windows_1251_page_and_feed(world: NewsWorld) -> None:
    article = next(a for a in world.expected if a.source == "vostochny-vestnik" and a.indexed)
    status, headers, body = get(article.url)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=windows-1251"
    assert b'content="text/html; charset=windows-1251"' in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert article.title in body.decode("cp1251")
    feed = feedparser.parse(get(world.base_url("vostochny-vestnik") + "/export/rss.xml")[2])
    assert feed.encoding == "windows-1251"
    assert article.title in [entry.title for entry in feed.entries]


def test_shift_jis_page(world: NewsWorld) -> None:
    article = next(a for a in world.expected if a.language == "ja" and a.indexed)
    status, headers, body = get(article.url)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=Shift_JIS"
    assert article.title in body.decode("shift_jis")


def test_every_feed_parses(world: NewsWorld) -> None:
    kinds = set()
    for entry in world.source_entries():
        for feed_url in entry.get("feeds", []):
            status, _, body = get(feed_url)
            feed = feedparser.parse(body)
            assert status == 200 and not feed.bozo, (feed_url, feed.get("bozo_exception"))
            assert feed.entries, feed_url
            for item in feed.entries:
                assert item.title and item.link.startswith(world.base_url(entry["id"]))
                assert item.get("published_parsed") or item.get("updated_parsed")  # RDF: dc:date
            kinds.add(feed.version)
    assert {"rss20", "atom10", "rss10"} <= kinds


def test_sitemaps_are_valid_xml_with_news_dates(world: NewsWorld) -> None:
    seen_news = seen_index = 0
    for entry in world.source_entries():
        for sitemap_url in entry.get("sitemaps", []):
            root = ElementTree.fromstring(get(sitemap_url)[2])
            children = [loc.text for loc in root.iter(f"{SITEMAP_NS}loc")]
            if root.tag == f"{SITEMAP_NS}sitemapindex":
                seen_index += 1
                for child in children:
                    child_root = ElementTree.fromstring(get(child or "")[2])
                    assert child_root.tag == f"{SITEMAP_NS}urlset"
                    dates = [d.text for d in child_root.iter(f"{NEWS_NS}publication_date")]
                    seen_news += len(dates)
                    assert all(datetime.fromisoformat(d or "") for d in dates)
            else:
                assert root.tag == f"{SITEMAP_NS}urlset" and children
    assert seen_index >= 2 and seen_news >= 3


def _links(url: str, body: bytes) -> list[str]:
    """Every URL a feed, sitemap or page links to."""
    text = body.decode("utf-8", errors="replace")
    found = re.findall(r"<(?:loc|link)>([^<]+)</", text)
    found += re.findall(r'(?:href|rdf:resource)="([^"]+)"', text)
    return [urljoin(url, link.replace("&amp;", "&")) for link in found]


def test_every_article_is_reachable_from_its_entry_points(world: NewsWorld) -> None:
    reachable: set[str] = set()
    for entry in world.source_entries():
        queue = list(entry.get("feeds", []) + entry.get("sitemaps", []) + entry.get("sections", []))
        seen: set[str] = set()
        while queue:  # feeds, sitemaps (and their children) and section pages with pagination
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            status, _, body = get(url)
            assert status == 200, url
            links = _links(url, body)
            reachable.update(links)
            queue += [link for link in links if link.endswith(".xml") or "page" in link.lower()]
    for article in world.expected:
        assert {article.url, *article.aliases} & reachable, article.url


def test_robots_rules_guard_a_relevant_article(world: NewsWorld) -> None:
    (blocked,) = by_reason(world, "robots")
    robots = get(world.base_url(blocked.source) + "/robots.txt")[2].decode()
    assert "Disallow: /private/" in robots and "/private/" in blocked.url
    assert get(blocked.url)[0] == 200  # served: only robots.txt keeps a crawler out
    delays = [get(world.base_url(o.id) + "/robots.txt")[2] for o in world.outlets]
    assert sum(b"Crawl-delay: 1" in body for body in delays) == 1


def test_irrelevant_articles_do_not_talk_about_vietnam(world: NewsWorld) -> None:
    irrelevant = by_reason(world, "irrelevant")
    assert len({article.language for article in irrelevant}) >= 4
    mentions = []
    for article in irrelevant:
        text = page(article.url).xpath("string(//body)")
        mentions.append(len(VIETNAM_WORDS.findall(text)))
    assert max(mentions) == 1 and mentions.count(1) == 1  # the one passing mention


def test_relevant_articles_are_about_vietnam(world: NewsWorld) -> None:
    for article in world.expected:
        if article.reason in (None, "domestic", "robots", "too_old"):
            body = " ".join(p.text_content() for p in page(article.url).iter("p"))
            assert len(VIETNAM_WORDS.findall(body)) >= 3 or "Хюе" in body, article.url


def test_shared_sample_article_is_served(world: NewsWorld) -> None:
    sample = read_text("visnyk-hue")
    assert sample.title.startswith("Тхуа Тхіен Хюе")
    article = next(a for a in world.expected if a.title == sample.title)
    assert article.language == "uk" and article.indexed
    served = page(article.url).text_content()
    assert sample.paragraphs[-1][:60] in served and sample.signoff == "МИР" and "МИР" in served


def test_hits_count_requests_per_url(world: NewsWorld) -> None:
    base = world.base_url("straits-ledger")
    before = world.hits.get(base + "/images/1.jpg", 0)
    status, headers, _ = get(base + "/images/1.jpg")
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert world.hits[base + "/images/1.jpg"] == before + 1
    assert world.hits_matching("/images/", "straits-ledger") >= 1
    # A bare path sums over outlets; never-requested URLs count 0.
    get(world.base_url("pacific-wire") + "/images/1.jpg")
    assert world.hits["/images/1.jpg"] == before + 2 == world.hits.get("/images/1.jpg")
    assert world.hits["/never/asked"] == 0 and world.hits.get(base + "/never", 0) == 0


def test_write_sources_loads_and_applies_overrides(world: NewsWorld, tmp_path: Path) -> None:
    path = world.write_sources(tmp_path / "world.yaml", crawl_delay=0.0, max_pages=50)
    sources = load_sources(path)
    assert [s.id for s in sources] == [o.id for o in world.outlets]
    assert all(s.crawl_delay == 0.0 and s.max_pages == 50 and s.max_age_days for s in sources)
    assert [s.id for s in sources if s.domestic] == ["saigon-nhat-bao"]
    assert {kind for s in sources for kind in s.entry_kinds} == {"feeds", "sitemaps", "sections"}
    dropped = load_sources(world.write_sources(tmp_path / "no-age.yaml", max_age_days=None))
    assert all(s.max_age_days is None for s in dropped)


def test_fixed_port_is_used_and_a_taken_port_is_reported() -> None:
    with NewsWorld(slow_seconds=0) as first:
        taken = first.port
        clash = NewsWorld(slow_seconds=0, port=taken)
        with pytest.raises(RuntimeError, match=f"could not bind port {taken}: .*127.0.0.2:{taken}"):
            clash.start()
    with NewsWorld(slow_seconds=0, port=taken) as second:
        assert second.base_url("pacific-wire") == f"http://127.0.0.2:{taken}"
        assert get(second.base_url("pacific-wire") + "/robots.txt")[0] == 200


def test_ground_truth_agrees_with_the_project_lexicon(world: NewsWorld) -> None:
    """A story labelled about Vietnam scores as relevant with config/lexicon.yaml, and vice versa."""
    from crawler.relevance import default_lexicon_path, load_lexicon, score_relevance
    from vnmon.demo.newsworld.model import story_text

    lexicon = load_lexicon(default_lexicon_path())
    for outlet in world.outlets:
        for story in outlet.stories:
            if story.text is None:
                continue
            text = story_text(story)
            verdict = score_relevance(
                text.title, text.lead, "\n".join(text.paragraphs[1:]), lexicon, threshold=3.0
            )
            assert verdict.relevant == story.about_vietnam, (story.key, verdict.reason)


def test_served_urls_by_kind(world: NewsWorld) -> None:
    articles = set(world.urls("article"))
    live = {a.url for a in world.expected if not (a.reason or "").startswith("http_")}
    assert articles == live
    listings = list(world.urls("listing"))
    assert len(listings) >= len(world.outlets) * 2  # home + at least one section each
    for url in listings + list(world.urls("page")):
        tree = page(url)
        assert not tree.xpath("//script[@type='application/ld+json']"), url
        assert not tree.xpath("//meta[@property='og:type' and @content='article']"), url
    assert {urlsplit(u).path for u in world.urls("redirect")} == {"/r/8841"}
