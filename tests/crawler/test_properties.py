"""Property-based tests: no input makes the config loaders or the entry-point parsers raise anything
but the project's own clear errors."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.errors import SourcesError
from crawler.navigation import Link, parse_feed, parse_section, parse_sitemap
from crawler.sources import Source, load_sources
from vnmon.scheduling.schedules import Schedule, ScheduleError, load_seed_file

BOUNDED = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

# YAML made of the pieces hostile or careless files are made of: keys of both files, anchors and
# aliases, flow and block collections, tags, odd scalars.
_PIECES = st.sampled_from(
    [
        "sources:", "schedules:", "- ", "  ", "\n", "id: ", "name: ", "country: GB", "feeds: ", "cron: ",
        "every: ", "tag: ", "sources: [", "]", "{", "}", ", ", "&a ", "*a", "&b [*a, *a]", "!!binary ",
        "!!python/object:os.system ", "? ", ": ", "'", '"', "#", "https://x.example/rss", "0 0 31 2 *",
        "1h", "-1", ".inf", "null", "~", "yes", "2026-01-01", "\t", "%YAML 1.1\n", "---\n", "...\n",
        "\x00", "\ufeff", "é", "0x1F", "[[[[", "<<: *a",
    ]
)
YAMLISH = st.one_of(st.lists(_PIECES, max_size=40).map("".join), st.text(max_size=400))



@BOUNDED
@given(YAMLISH)
@example("? sources:")
@example("\x1f")
def test_any_sources_file_loads_or_raises_sources_error(text: str) -> None:
    with TemporaryDirectory() as directory:
        path = Path(directory) / "sources.yaml"
        path.write_bytes(text.encode("utf-8", "replace"))
        try:
            sources = load_sources(path)
        except SourcesError as exc:
            assert all(len(line) < 5000 for line in exc.problems)
        else:
            assert all(isinstance(s, Source) for s in sources)


@BOUNDED
@given(YAMLISH)
def test_any_schedules_file_loads_or_raises_schedule_error(text: str) -> None:
    with TemporaryDirectory() as directory:
        path = Path(directory) / "schedules.yaml"
        path.write_bytes(text.encode("utf-8", "replace"))
        try:
            schedules = load_seed_file(path)
        except ScheduleError as exc:
            assert len(str(exc)) < 5000
        else:
            assert all(isinstance(s, Schedule) for s in schedules)


_MARKUP = st.sampled_from(
    [
        "<rss>", "<rss version='2.0'>", "<channel>", "<item>", "</item>", "<link>", "</link>", "<title>",
        "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "<link href='", "'/>", "<updated>",
        "<pubDate>", "Mon, 99 Foo 2026", "9999-99-99T99:99", "<urlset>", "<sitemapindex>", "<url>",
        "<sitemap>", "<loc>", "</loc>", "<lastmod>", "<news:publication_date>", "http://[::1", "javascript:x",
        "//x", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "&e;", "<![CDATA[", "]]>",
        "<a href='", "<a rel='next' href='", "'>next</a>", "<base href='", "\x00", "é", "&#0;",
        "<?xml version='1.0'?>",
    ]
)
MARKUP = st.one_of(st.lists(_MARKUP, max_size=40).map("".join), st.text(max_size=300))
BASES = st.sampled_from(["http://outlet.example/feed.xml", "https://a.example/x/y?z=1", "http://[::1]:80/"])


@BOUNDED
@given(MARKUP, BASES)
@example("<rss><channel><item><link>http://[::1/x</link></item></channel></rss>", "http://o.example/")
def test_feed_parser_never_raises(text: str, base: str) -> None:
    links = parse_feed(text.encode("utf-8", "replace"), base)
    assert all(isinstance(link, Link) for link in links)


@BOUNDED
@given(MARKUP)
@example("<urlset><url><loc>http://[::1/x</loc><lastmod>99999-99-01</lastmod></url></urlset>")
@example("<news:publication_date>")
def test_sitemap_parser_never_raises(text: str) -> None:
    kind, links = parse_sitemap(text.encode("utf-8", "replace"))
    assert kind in ("index", "urlset") and all(isinstance(link, Link) for link in links)


@BOUNDED
@given(MARKUP, BASES)
@example("<a href='http://[::1/a-b-c'>x</a><a rel='next' href='http://[::1'>next</a>", "http://o.example/")
@example("<![CDATA[", "http://o.example/")
def test_section_parser_never_raises(text: str, base: str) -> None:
    urls, next_url = parse_section(text, base)
    assert all(isinstance(url, str) for url in urls) and (next_url is None or isinstance(next_url, str))
