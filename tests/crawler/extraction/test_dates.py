"""Publication/modification dates: sources in priority order, parsing, sanity limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crawler.extraction.dates import (
    date_from_url,
    extract_modified,
    extract_published,
    parse_datetime,
)
from crawler.extraction.page import Page, parse_page

BODY = "<p>" + "Vietnam and its neighbours agreed on new fishing rules. " * 8 + "</p>"


def _page(head: str = "", body: str = BODY, url: str | None = "https://example.org/a") -> Page:
    return parse_page(f"<html><head>{head}</head><body>{body}</body></html>", url)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-11-18T20:51:19Z", datetime(2019, 11, 18, 20, 51, 19, tzinfo=UTC)),
        ("2019-11-18", datetime(2019, 11, 18, tzinfo=UTC)),
        ("Nov. 19, 2019 10:00 EST", datetime(2019, 11, 19, 15, 0, tzinfo=UTC)),
        ("1574168580", datetime(2019, 11, 19, 13, 3, tzinfo=UTC)),
        ("20 November 2019", datetime(2019, 11, 20, tzinfo=UTC)),
    ],
)
def test_parse_datetime_is_timezone_aware(value: str, expected: datetime) -> None:
    parsed = parse_datetime(value)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() is not None


@pytest.mark.parametrize(
    "value", ["", "10:30", "yesterday", "0001-01-01T00:00:00", "not a date 99", None, 3.5, True]
)
def test_parse_datetime_rejects_non_dates(value: object) -> None:
    assert parse_datetime(value) is None


def test_parse_datetime_rejects_the_far_future() -> None:
    assert parse_datetime((datetime.now(UTC) + timedelta(days=30)).isoformat()) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.com/2019/11/18/story-name/", datetime(2019, 11, 18, tzinfo=UTC)),
        ("https://x.com/news/2019-11-18-story", datetime(2019, 11, 18, tzinfo=UTC)),
        ("https://x.com/commentisfree/2019/nov/18/view", datetime(2019, 11, 18, tzinfo=UTC)),
        ("https://x.com/story-20191118.html", datetime(2019, 11, 18, tzinfo=UTC)),
        ("https://x.com/news/471031-story", None),
        ("https://x.com/2019/13/45/bad", None),
        (None, None),
    ],
)
def test_date_from_url(url: str | None, expected: datetime | None) -> None:
    assert date_from_url(url) == expected


def test_jsonld_beats_opengraph_beats_meta() -> None:
    head = (
        '<meta name="pubdate" content="2019-01-03">'
        '<meta property="article:published_time" content="2019-01-02T00:00:00Z">'
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "2019-01-01T00:00:00Z"}</script>'
    )
    assert extract_published(_page(head)) == (datetime(2019, 1, 1, tzinfo=UTC), "jsonld")
    assert extract_published(_page(head.split("<script")[0])) == (
        datetime(2019, 1, 2, tzinfo=UTC),
        "opengraph",
    )
    assert extract_published(_page('<meta name="pubdate" content="2019-01-03">')) == (
        datetime(2019, 1, 3, tzinfo=UTC),
        "meta",
    )


def test_time_element_with_pubdate() -> None:
    body = BODY + '<time datetime="2018-05-06T07:08:09+02:00" pubdate>6 May</time>'
    published, source = extract_published(_page(body=body))
    assert source == "time"
    assert published == datetime(2018, 5, 6, 5, 8, 9, tzinfo=UTC)


def test_feed_date_is_the_counted_last_resort() -> None:
    feed = datetime(2020, 2, 3, 4, 5)
    published, source = extract_published(_page(), feed_date=feed)
    assert source == "feed"
    assert published == feed.replace(tzinfo=UTC)


def test_copyright_year_is_not_a_publication_date() -> None:
    body = BODY + "<footer>Copyright 2021 Example Times</footer>"
    assert extract_published(_page(body=body)) == (None, None)


def test_broken_jsonld_is_ignored_not_fatal() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "datePub</script>'
    assert extract_published(_page(head), None) == (None, None)


def test_modified_from_opengraph() -> None:
    head = '<meta property="article:modified_time" content="2019-11-19T13:36:24+00:00">'
    assert extract_modified(_page(head)) == datetime(2019, 11, 19, 13, 36, 24, tzinfo=UTC)
    assert extract_modified(_page()) is None
