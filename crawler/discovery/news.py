"""Search-engine news feeds: RSS answers of a news search for the lexicon's Vietnam terms.

`config/discovery.yaml` (`news:`) names the feeds as URL templates with `{query}`, `{lang}` and
`{country}` placeholders, the languages (and countries) each is asked in, and the lexicon entries
whose terms in that language make the query. A run reads each feed with feedparser and turns every
item's link into the publisher's URL before anything is crawled: the aggregator's own redirect
(followed hop by hop, never onto the publisher: the crawl fetches that one, under robots.txt and
politeness), a target carried in the link itself (`...apiclick.aspx?url=...`, an old-style Google
News article id) or in an interstitial page (meta refresh, `data-n-au`, canonical link). A link
that stays on the aggregator, a dead redirect, a loop, a domestic (.vn) publisher are counted and
dropped; a feed that cannot be read or parsed is a problem line of a degraded run, never a crash.
"""

from __future__ import annotations

import base64
import binascii
import http.client
import re
import string
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from crawler.dedup.urls import registered_domain
from crawler.discovery.gdelt import USER_AGENT
from crawler.discovery.gkg import MAX_URL_CHARS, Discovered, ParseStats
from crawler.sources import parse_config_yaml, quoted, read_config_text
from vnmon.kernel.domestic import is_domestic_outlet
from vnmon.kernel.errors import VnmonError
from vnmon.kernel.lexicon import Lexicon
from vnmon.kernel.lexicon.folding import fold_term
from vnmon.kernel.settings import get_settings

VIA = "news-search"
PLACEHOLDERS = ("query", "lang", "country")
MAX_HOPS = 8  # redirects followed on the aggregator before a link is given up
MAX_FEED_BYTES = 10 * 1024 * 1024
MAX_PAGE_BYTES = 2 * 1024 * 1024
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_HOST = re.compile(r"[a-z0-9.-]+")
# Query parameters aggregators carry the publisher's URL in (Bing News: apiclick.aspx?url=...).
_TARGET_PARAMS = ("url", "u", "q", "target", "dest")
_REFRESH = re.compile(r"url\s*=\s*['\"]?([^'\";\s]+)", re.IGNORECASE)
_EMBEDDED_URL = re.compile(rb"https?://[\x21-\x7e]+")
_PRINTABLE = re.compile(rb"[\x21-\x7e]+")
_formatter = string.Formatter()


class NewsConfigError(VnmonError):
    """config/discovery.yaml's `news:` is wrong; the message names the file and the field."""


class NewsFeed(BaseModel):
    """One news-search feed: a URL template and the languages (with countries) to ask it in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    url: str
    enabled: bool = True
    languages: dict[str, list[str]] = Field(min_length=1)
    # Hosts of the aggregator besides the feed's own (its redirect and article pages).
    hosts: list[str] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _name_is_slug(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
            raise ValueError(f"{quoted(value)} must be a lowercase slug (letters, digits, hyphens)")
        return value

    @field_validator("url")
    @classmethod
    def _url_is_template(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{quoted(value)} must start with http:// or https://")
        try:
            names = {name for _, name, _, _ in _formatter.parse(value) if name is not None}
        except ValueError as exc:
            raise ValueError(f"{quoted(value)} is not a URL template: {exc}") from None
        unknown = sorted(names - set(PLACEHOLDERS))
        if unknown:
            raise ValueError(
                f"{quoted(value)}: unknown placeholder {{{unknown[0]}}} (known: {', '.join(PLACEHOLDERS)})"
            )
        if "query" not in names:
            raise ValueError(f"{quoted(value)} has no {{query}} placeholder")
        return value

    @field_validator("languages", mode="before")
    @classmethod
    def _countries_as_lists(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value

    @field_validator("languages")
    @classmethod
    def _codes_are_iso(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for language, countries in value.items():
            if not _LANGUAGE.fullmatch(language):
                raise ValueError(f"language {quoted(language)} must be an ISO 639-1 code such as fr")
            if not countries:
                raise ValueError(f"language {language!r}: name at least one country")
            for country in countries:
                if not _COUNTRY.fullmatch(country):
                    raise ValueError(
                        f"language {language!r}: country {quoted(country)} must be an ISO 3166 code "
                        "such as FR"
                    )
                if country == "VN":
                    raise ValueError(
                        f"language {language!r}: country VN would search the domestic press, which "
                        "discovery drops"
                    )
        return value

    @field_validator("hosts")
    @classmethod
    def _hosts_are_names(cls, value: list[str]) -> list[str]:
        for host in value:
            if not _HOST.fullmatch(host):
                raise ValueError(f"{quoted(host)} must be a host name such as news.google.com")
        return value

    def aggregator_domains(self) -> set[str]:
        """The registrable domains (or loopback addresses) whose pages are the aggregator's own."""
        return {registered_domain(self.url.split("{", 1)[0])} | {
            registered_domain(f"http://{h}/") for h in self.hosts
        }


class NewsSettings(BaseModel):
    """The `news:` section of config/discovery.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entries: list[str] = Field(default_factory=lambda: ["vietnam"], min_length=1)
    max_terms: int = Field(5, ge=1, le=20)
    feeds: list[NewsFeed] = Field(min_length=1)


@dataclass(frozen=True)
class FeedRequest:
    """One feed URL to read: a feed of the file, in one language and country."""

    feed: NewsFeed
    language: str
    country: str
    query: str

    @property
    def url(self) -> str:
        quote = urllib.parse.quote_plus
        return self.feed.url.format(
            query=quote(self.query), lang=quote(self.language), country=quote(self.country)
        )

    @property
    def label(self) -> str:
        return f"{self.feed.name} ({self.language}-{self.country})"


def load_news_settings(path: Path) -> NewsSettings:
    """The `news:` section of the discovery file, validated; NewsConfigError names file and field."""
    try:
        data, _root = parse_config_yaml(read_config_text(path, "discovery file"), str(path))
    except ValueError as exc:
        raise NewsConfigError(str(exc)) from None
    news = data.get("news") if isinstance(data, dict) else None
    if not isinstance(news, dict):
        raise NewsConfigError(f"{path}: expected a 'news:' mapping with 'feeds:' (search-engine news feeds)")
    try:
        settings = NewsSettings.model_validate(news)
    except ValidationError as exc:
        raise NewsConfigError("; ".join(f"{path}: {_describe(news, err)}" for err in exc.errors())) from None
    names = [f.name for f in settings.feeds]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise NewsConfigError(f"{path}: news.feeds: the name {twice[0]!r} is used twice")
    return settings


def _describe(news: dict[str, Any], error: ErrorDetails) -> str:
    """One validation error as `news.feeds[0] 'google-news'.url: problem`."""
    where = "news"
    node: Any = news
    for part in error["loc"]:
        where += f"[{part}]" if isinstance(part, int) else f".{part}"
        node = _child(node, part)
        if isinstance(part, int) and isinstance(node, dict) and isinstance(node.get("name"), str):
            where += f" ({node['name']})"
    if error["type"] == "missing":
        return f"{where}: required field is missing"
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown field"
    if error["type"] == "too_short":
        return f"{where}: must not be empty"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"].endswith("_type") or error["type"].endswith("_parsing"):
        message = f"{message}, got {quoted(error['input'])}"
    return f"{where}: {message}"


def _child(node: Any, part: str | int) -> Any:
    """`node[part]` of the raw YAML data, None when there is no such child."""
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def search_query(lexicon: Lexicon, entries: list[str], language: str, max_terms: int) -> str:
    """`Vietnam OR "Viet Nam" OR Vietnamese ...`: the lexicon's forms of `entries` in `language`,
    at most `max_terms`, skipping open stems (`vietnamsk*`) and forms that repeat a chosen one
    (`Vietnam's`, `Socialist Republic of Vietnam`: a search for Vietnam finds them)."""
    chosen: list[str] = []
    patterns: list[re.Pattern[str]] = []
    forms = [[t.text for t in lexicon.entries[key].terms if t.language == language] for key in entries]
    # Each entry's first form, then each one's second, ...: "Hanoi" before "Вьетнамом".
    for text in (f[i] for i in range(max(map(len, forms), default=0)) for f in forms if i < len(f)):
        if "*" in text:
            continue
        folded = fold_term(text)
        if any(p.search(folded) for p in patterns):
            continue
        chosen.append(f'"{text}"' if " " in text else text)
        patterns.append(re.compile(r"(?<!\w)" + re.escape(folded) + r"(?!\w)"))
        if len(chosen) == max_terms:
            break
    return " OR ".join(chosen)


def feed_requests(
    settings: NewsSettings, lexicon: Lexicon, path: Path, languages: tuple[str, ...] = ()
) -> list[FeedRequest]:
    """Every feed URL to read: each enabled feed in each of its languages (or only `languages`)."""
    unknown = sorted(set(settings.entries) - set(lexicon.entries))
    if unknown:
        raise NewsConfigError(f"{path}: news.entries: {unknown[0]!r} is not an entry of the lexicon")
    requests = []
    for index, feed in enumerate(settings.feeds):
        if not feed.enabled:
            continue
        for language, countries in feed.languages.items():
            if languages and language not in languages:
                continue
            query = search_query(lexicon, settings.entries, language, settings.max_terms)
            if not query:
                raise NewsConfigError(
                    f"{path}: news.feeds[{index}] ({feed.name}).languages.{language}: the lexicon has "
                    f"no term in {language!r} for {', '.join(settings.entries)}"
                )
            requests += [FeedRequest(feed, language, country, query) for country in countries]
    return requests


# -- fetching ------------------------------------------------------------------------------------


@dataclass
class Answer:
    """One HTTP answer of the aggregator, redirects not followed."""

    status: int
    location: str | None
    body: bytes
    content_type: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx comes back as an HTTPError: we follow it ourselves, hop by hop


Fetcher = Callable[[str, float, int], Answer]


def fetch(url: str, timeout: float, limit: int) -> Answer:
    """GET `url` without following redirects; OSError when it cannot be reached."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read(limit)
            return Answer(response.status, None, body, response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        with exc:
            return Answer(exc.code, exc.headers.get("Location"), b"", exc.headers.get("Content-Type", ""))
    except (urllib.error.URLError, http.client.HTTPException, ValueError) as exc:
        raise OSError(str(getattr(exc, "reason", exc)) or type(exc).__name__) from None


@dataclass
class NewsReport:
    """What one news-search pass read and found (the run record's `discovery`)."""

    feeds: list[str] = field(default_factory=list)
    stats: ParseStats = field(default_factory=ParseStats)
    found: int = 0
    problems: list[str] = field(default_factory=list)


class NewsSearch:
    """Reads the feeds, resolves their links to publishers' URLs, drops what must not be crawled."""

    def __init__(
        self,
        interval: float | None = None,
        max_items: int | None = None,
        fetcher: Fetcher = fetch,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        settings = get_settings()
        self.interval = settings.news_search_interval_seconds if interval is None else interval
        self.max_items = settings.news_search_max_items if max_items is None else max_items
        self.timeout = settings.news_search_timeout
        self.fetcher = fetcher
        self.sleep = sleep
        self.clock = clock
        self._last: dict[str, float] = {}  # aggregator domain -> time of its last request
        self._resolved: dict[str, tuple[str | None, str]] = {}

    def run(self, requests: list[FeedRequest]) -> tuple[NewsReport, list[Discovered]]:
        report = NewsReport()
        found: dict[str, Discovered] = {}
        for request in requests:
            report.feeds.append(request.url)
            for item in self.read_feed(request, report):
                if item.url in found:
                    report.stats.add("duplicate")  # the same article in two languages or feeds
                found.setdefault(item.url, item)
        report.found = len(found)
        return report, list(found.values())

    def read_feed(self, request: FeedRequest, report: NewsReport) -> Iterator[Discovered]:
        stats = report.stats
        try:
            answer = self._get(request.url, MAX_FEED_BYTES)
        except OSError as exc:
            report.problems.append(f"feed {request.label} at {request.url} is unreachable: {exc}")
            stats.add("feeds_failed")
            return
        if answer.status != 200:
            report.problems.append(f"feed {request.label} at {request.url} answered HTTP {answer.status}")
            stats.add("feeds_failed")
            return
        parsed = feedparser.parse(answer.body)
        if parsed.bozo and not parsed.entries:
            reason = str(getattr(parsed, "bozo_exception", "")) or "unreadable"
            report.problems.append(f"feed {request.label} at {request.url} is not a valid feed: {reason}")
            stats.add("feeds_malformed")
            return
        if parsed.bozo:
            report.problems.append(
                f"feed {request.label} at {request.url} is malformed, {len(parsed.entries)} item(s) read "
                f"anyway: {getattr(parsed, 'bozo_exception', '')}"
            )
        stats.add("feeds")
        domains = request.feed.aggregator_domains()
        for entry in parsed.entries[: self.max_items]:
            stats.add("items")
            link = str(entry.get("link") or "")
            if not link.lower().startswith(("http://", "https://")):
                stats.add("not_a_url")
                continue
            url, reason = self.resolve(link, domains)
            if url is None:
                stats.add(reason)
                continue
            source = entry.get("source") or {}
            source_home = str(source.get("href") or "")
            host = urllib.parse.urlsplit(url).hostname or ""
            if is_domestic_outlet(host, urllib.parse.urlsplit(source_home).hostname or ""):
                stats.add("domestic")
                continue
            stats.add("kept")
            yield Discovered(
                url=url,
                via=VIA,
                source_name=str(source.get("title") or "")[:300],
                batch=_published(entry),
                matched="query",
                language=request.language,
                title=str(entry.get("title") or "")[:1000] or None,
            )

    def resolve(self, link: str, domains: set[str]) -> tuple[str | None, str]:
        """The publisher's URL behind `link`, or None and why (the reason is a count's name)."""
        if link not in self._resolved:
            self._resolved[link] = self._follow(link, domains)
        return self._resolved[link]

    def _follow(self, link: str, domains: set[str]) -> tuple[str | None, str]:
        url = link
        seen: set[str] = set()
        for _ in range(MAX_HOPS + 1):
            if not url.lower().startswith(("http://", "https://")):
                return None, "not_a_url"
            if len(url) > MAX_URL_CHARS:
                return None, "bad_url"
            if registered_domain(url) not in domains:
                return url, "resolved"  # off the aggregator: the publisher, not fetched here
            embedded = embedded_target(url)
            if embedded is not None:
                url = embedded
                continue
            if url in seen:
                return None, "redirect_loop"
            seen.add(url)
            try:
                answer = self._get(url, MAX_PAGE_BYTES)
            except OSError:
                return None, "dead_redirect"
            if 300 <= answer.status < 400 and answer.location:
                url = urllib.parse.urljoin(url, answer.location.strip())
                continue
            if answer.status != 200:
                return None, "dead_redirect"
            target = interstitial_target(answer.body, url, domains)
            if target is None:
                return None, "aggregator_page"
            url = target
        return None, "redirect_loop"

    def _get(self, url: str, limit: int) -> Answer:
        """One request, at most one per interval to each aggregator."""
        domain = registered_domain(url)
        last = self._last.get(domain)
        if last is not None and self.interval:
            wait = self.interval - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        try:
            return self.fetcher(url, self.timeout, limit)
        finally:
            self._last[domain] = self.clock()


def embedded_target(url: str) -> str | None:
    """A publisher's URL written into an aggregator's link: a query parameter holding an http(s)
    URL (Bing News' `apiclick.aspx?...&url=`), or an old-style Google News article id
    (`/rss/articles/CBMi...`: base64 of a protobuf carrying the URL in clear)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qs(parts.query)
    for name in _TARGET_PARAMS:
        for value in query.get(name, []):
            if value.lower().startswith(("http://", "https://")):
                return value
    match = re.search(r"/articles/([A-Za-z0-9_-]{8,})", parts.path)
    if match:
        token = match.group(1)
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            return None
        found = _EMBEDDED_URL.search(raw)
        if found:
            return _length_delimited(raw, found.start()) or found.group(0).decode("ascii")
    return None


def _length_delimited(raw: bytes, start: int) -> str | None:
    """The protobuf string starting at `start`, by the varint length before it (two bytes past
    127, else one), when that many printable bytes follow: the bytes after a URL may be printable
    too, so the first printable run alone may be too long."""
    candidates = []
    if start >= 2 and raw[start - 2] >= 0x80 and raw[start - 1] < 0x80:
        candidates.append((raw[start - 2] & 0x7F) | (raw[start - 1] << 7))
    if start >= 1 and raw[start - 1] < 0x80:
        candidates.append(raw[start - 1])
    for length in candidates:
        text = raw[start : start + length]
        if len(text) == length and _PRINTABLE.fullmatch(text):
            return text.decode("ascii")
    return None


def interstitial_target(body: bytes, url: str, domains: set[str]) -> str | None:
    """The publisher's URL an aggregator's interstitial page sends the reader to: its meta
    refresh, a `data-n-au` attribute (Google News), its canonical or og:url link, else its one
    link off the aggregator. None when the page names no single such URL."""
    if not body.strip():
        return None
    try:
        page = lxml.html.document_fromstring(body)
    except (ValueError, lxml.etree.ParserError):
        return None
    candidates: list[str] = []
    for content in page.xpath("//meta[translate(@http-equiv, 'REFRESH', 'refresh')='refresh']/@content"):
        match = _REFRESH.search(str(content))
        if match:
            candidates.append(match.group(1))
    candidates += [str(v) for v in page.xpath("//@data-n-au")]
    candidates += [str(v) for v in page.xpath("//link[@rel='canonical']/@href")]
    candidates += [str(v) for v in page.xpath("//meta[@property='og:url']/@content")]
    for candidate in candidates:
        absolute = _publisher(url, candidate, domains)
        if absolute is not None:
            return absolute
    outside = {a for href in page.xpath("//a/@href") if (a := _publisher(url, str(href), domains))}
    return outside.pop() if len(outside) == 1 else None


def _publisher(base: str, link: str, domains: set[str]) -> str | None:
    """`link` made absolute, when it is an http(s) URL off the aggregator."""
    absolute = urllib.parse.urljoin(base, link.strip())
    if absolute.lower().startswith(("http://", "https://")) and registered_domain(absolute) not in domains:
        return absolute
    return None


def _published(entry: Any) -> str | None:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if not moment:
        return None
    try:
        year, month, day, hour, minute, second = moment[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
    except (TypeError, ValueError):
        return None


def describe_news(report: NewsReport) -> dict[str, Any]:
    """The report as JSON-ready data (the run record and `--json`)."""
    return {
        "feeds": report.feeds,
        "found": report.found,
        "counts": dict(sorted(report.stats.counts.items())),
        "problems": report.problems,
    }
