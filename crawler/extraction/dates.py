"""Publication and modification dates: structured data first, then the URL, htmldate, the feed."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from dateutil import parser as date_parser
from dateutil.parser import UnknownTimezoneWarning

from crawler.extraction.page import Page

# Sanity window: web news older than this is a parsing accident (e.g. "0001-01-01").
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
# Pages are fetched after publication; allow for clock skew and time zones.
_FUTURE_SLACK = timedelta(days=2)

_PUBLISHED_OPENGRAPH = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "published_time",
)
_MODIFIED_OPENGRAPH = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "article:updated_time",
    "modified_time",
)
_PUBLISHED_META = (
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "publication-date",
    "date.published",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "dcterms.issued",
    "dc.date.issued",
    "dcterms.created",
    "dc.date.created",
    "dc.date",
    "dcterms.date",
    "date",
    "citation_publication_date",
    "citation_date",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "displaydate",
    "dateline",
    "pdate",
    "ptime",
)
_MODIFIED_META = (
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "article.updated",
    "revised",
    "utime",
)

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ),
        start=1,
    )
    for m in names.split()
}
_URL_YMD = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})[/_.-]([01]?[0-9])[/_.-]([0-3]?[0-9])(?![0-9])"
)
_URL_YMD_NAMED = re.compile(
    r"/((?:19|20)[0-9]{2})/([a-z]{3,9})/([0-3]?[0-9])(?=[/_.-])", re.IGNORECASE
)
_URL_COMPACT = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})([01][0-9])([0-3][0-9])(?![0-9])")
_COPYRIGHT_YEAR = re.compile(
    r"(?:©|&copy;|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?((?:19|20)\d{2})", re.IGNORECASE
)
_EPOCH = re.compile(r"^\d{10}(\d{3})?$")
_YEAR = re.compile(r"(?<![0-9])(1[0-9]|20)[0-9]{2}(?![0-9])")

# Zone abbreviations common on news pages (dateutil only knows UTC/GMT and local).
_TZ_ABBREVIATIONS = {
    name: hours * 3600
    for name, hours in (
        ("EST", -5), ("EDT", -4), ("CST", -6), ("CDT", -5), ("MST", -7), ("MDT", -6),
        ("PST", -8), ("PDT", -7), ("BST", 1), ("CET", 1), ("CEST", 2), ("MSK", 3),
        ("ICT", 7), ("JST", 9), ("KST", 9), ("AEST", 10), ("AEDT", 11),
    )
}

_log = logging.getLogger(__name__)


def parse_datetime(value: Any) -> datetime | None:
    """A timezone-aware datetime from an ISO-ish or human date string; None if it is not one.

    Values without a zone are taken as UTC. Bare times, dates without a year and
    dates outside 1995..now+2 days are rejected.
    """
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value")
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text:
        return None
    parsed = _parse_epoch(text) if _EPOCH.match(text) else _parse_text(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=UTC)
    if not _EARLIEST <= parsed <= datetime.now(UTC) + _FUTURE_SLACK:
        return None
    return parsed


def _parse_epoch(text: str) -> datetime | None:
    seconds = int(text) / (1000 if len(text) == 13 else 1)
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _parse_text(text: str) -> datetime | None:
    if not _YEAR.search(text):
        return None
    try:
        return date_parser.isoparse(text)
    except (ValueError, OverflowError):
        pass
    with warnings.catch_warnings():
        # An unknown zone name ("IST" is ambiguous) leaves the time naive: read as UTC.
        warnings.simplefilter("ignore", UnknownTimezoneWarning)
        try:
            # default has day 1, so "November 2019" is the 1st, not today's day of month.
            return date_parser.parse(
                text, default=datetime(2000, 1, 1), tzinfos=_TZ_ABBREVIATIONS
            )
        except (ValueError, OverflowError, date_parser.ParserError):
            return None


def date_from_jsonld(page: Page, key: str) -> datetime | None:
    """`datePublished`/`dateModified` of the page's article object (JSON-LD, incl. @graph)."""
    for obj in [*page.articles(), *page.webpages()]:
        found = parse_datetime(obj.get(key))
        if found:
            return found
    return None


def date_from_opengraph(page: Page, names: tuple[str, ...]) -> datetime | None:
    for value in page.meta_all(*names):
        found = parse_datetime(value)
        if found:
            return found
    return None


def date_from_meta(page: Page, names: tuple[str, ...], itemprop: str) -> datetime | None:
    """Named `<meta>` tags, then microdata (`itemprop` on any element)."""
    for value in page.meta_all(*names):
        found = parse_datetime(value)
        if found:
            return found
    for el in page.xpath(f'//*[@itemprop="{itemprop}"][not(self::meta)]'):
        found = parse_datetime(el.get("content") or el.get("datetime"))
        if found:
            return found
    return None


def date_from_time(page: Page) -> datetime | None:
    """`<time datetime>`: the one marked as the publication date, else the article's first."""
    queries = (
        "//time[@pubdate][@datetime]",
        '//time[@datetime][contains(translate(@class, "PUBLISHED", "published"), "publish")]',
        "//article//time[@datetime]",
        "//time[@datetime]",
    )
    for query in queries:
        for el in page.xpath(query):
            found = parse_datetime(el.get("datetime"))
            if found:
                return found
    return None


def date_from_url(url: str | None) -> datetime | None:
    """A date written in the URL path: /2019/11/18/, /2019-11-18-, /2019/nov/18/, /20191118."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.IGNORECASE)
    for match in _URL_YMD.finditer(path):
        found = _make_date(match.group(1), match.group(2), match.group(3))
        if found:
            return found
    for match in _URL_YMD_NAMED.finditer(path):
        month = _MONTHS.get(match.group(2).lower())
        if month:
            found = _make_date(match.group(1), str(month), match.group(3))
            if found:
                return found
    for match in _URL_COMPACT.finditer(path):
        found = _make_date(match.group(1), match.group(2), match.group(3))
        if found:
            return found
    return None


def _make_date(year: str, month: str, day: str) -> datetime | None:
    try:
        found = datetime(int(year), int(month), int(day), tzinfo=UTC)
    except ValueError:
        return None
    if not _EARLIEST <= found <= datetime.now(UTC) + _FUTURE_SLACK:
        return None
    return found


def date_from_htmldate(page: Page, extensive: bool) -> datetime | None:
    """htmldate's heuristics over the whole page (text patterns only when `extensive`)."""
    if page.tree is None:
        return None
    from htmldate import find_date

    try:
        # Always a parsed tree: given a string that looks like a URL, htmldate fetches it.
        found = find_date(
            page.tree,
            url=page.url,
            original_date=True,
            extensive_search=extensive,
            outputformat="%Y-%m-%d",
        )
    except Exception as exc:  # htmldate is heuristic code over arbitrary markup
        _log.debug("htmldate failed on %s: %s", page.url, exc)
        return None
    if not found:
        return None
    if found.endswith("-01-01") and _copyright_year(page) == found[:4]:
        # htmldate falls back to the footer's copyright year as "January 1st".
        return None
    return parse_datetime(found)


def _copyright_year(page: Page) -> str | None:
    if page.tree is None:
        return None
    match = _COPYRIGHT_YEAR.search(page.tree.text_content())
    return match.group(1) if match else None


def extract_published(
    page: Page, feed_date: datetime | None = None
) -> tuple[datetime | None, str | None]:
    """The publication date and where it came from (see `model.DATE_SOURCES`)."""
    steps: tuple[tuple[str, Callable[[], datetime | None]], ...] = (
        ("jsonld", lambda: date_from_jsonld(page, "datePublished")),
        ("opengraph", lambda: date_from_opengraph(page, _PUBLISHED_OPENGRAPH)),
        ("meta", lambda: date_from_meta(page, _PUBLISHED_META, "datePublished")),
        ("time", lambda: date_from_time(page)),
        ("url", lambda: date_from_url(page.url)),
        # Free-text date guessing is worse than a feed's date, so only without one.
        ("htmldate", lambda: date_from_htmldate(page, extensive=feed_date is None)),
    )
    for source, step in steps:
        found = step()
        if found:
            return found, source
    if feed_date is not None:
        aware = feed_date if feed_date.tzinfo else feed_date.replace(tzinfo=UTC)
        return aware, "feed"
    return None, None


def extract_modified(page: Page) -> datetime | None:
    """The last-modified date the page declares, or None."""
    return (
        date_from_jsonld(page, "dateModified")
        or date_from_opengraph(page, _MODIFIED_OPENGRAPH)
        or date_from_meta(page, _MODIFIED_META, "dateModified")
    )
