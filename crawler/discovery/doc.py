"""The GDELT DOC 2.0 API client: article lists for targeted back-fill, one query per language.

`mode=ArtList&format=json` answers at most 250 articles per request as
`{"articles": [{"url", "title", "seendate", "domain", "language", "sourcecountry", ...}]}`;
the language and country are English names ("French", "United States"). GDELT asks for one
request every 5 seconds at most: requests are spaced by `VNMON_GDELT_DOC_INTERVAL_SECONDS`, and
an answer 429 (or 5xx) is retried after a doubling back-off, `VNMON_GDELT_DOC_RETRIES` times,
before a clear error naming the endpoint.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.discovery.fips import country_from_gdelt, language_from_gdelt
from crawler.discovery.gdelt import USER_AGENT, GdeltUnavailable
from crawler.discovery.gkg import Discovered, ParseStats
from crawler.sources import parse_config_yaml, read_config_text
from vnmon.kernel.domestic import is_domestic_outlet
from vnmon.kernel.errors import VnmonError
from vnmon.kernel.settings import get_settings

MAX_RECORDS = 250
MAX_ANSWER_BYTES = 20 * 1024 * 1024
_RETRIED = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class DocQuery:
    """One back-fill query: the search terms and the source language GDELT filters on."""

    language: str  # GDELT's `sourcelang:` name, e.g. french
    terms: str  # e.g. (Vietnam OR Hanoï OR "Hô Chi Minh-Ville")

    def text(self) -> str:
        return f"{self.terms} sourcelang:{self.language}"


def load_doc_queries(path: Path) -> list[DocQuery]:
    """The `doc.queries` of config/discovery.yaml (`language: terms`); VnmonError names the problem."""
    try:
        data, _root = parse_config_yaml(read_config_text(path, "discovery file"), str(path))
    except ValueError as exc:
        raise VnmonError(str(exc)) from None
    doc = data.get("doc") if isinstance(data, dict) else None
    queries = doc.get("queries") if isinstance(doc, dict) else None
    if not isinstance(queries, dict) or not queries:
        raise VnmonError(f"{path}: expected a 'doc:' mapping with 'queries:' (language: search terms)")
    found = []
    for language, terms in queries.items():
        if (
            not isinstance(language, str)
            or not language.isalpha()
            or not isinstance(terms, str)
            or not terms.strip()
        ):
            raise VnmonError(f"{path}: doc.queries.{language}: expected a language name and its search terms")
        found.append(DocQuery(language.lower(), terms.strip()))
    return found


class DocClient:
    """Asks the DOC 2.0 API, never faster than the interval; `sleep` and `clock` are for tests."""

    def __init__(
        self,
        url: str | None = None,
        interval: float | None = None,
        retries: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        settings = get_settings()
        self.url = url or settings.gdelt_doc_url
        self.interval = settings.gdelt_doc_interval_seconds if interval is None else interval
        self.retries = settings.gdelt_doc_retries if retries is None else retries
        self.timeout = settings.gdelt_timeout
        self.sleep = sleep
        self.clock = clock
        self._last: float | None = None
        self.requests = 0

    def articles(self, query: DocQuery, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """The ArtList of `query` between `start` and `end` (at most 250 articles)."""
        params = {
            "query": query.text(),
            "mode": "ArtList",
            "format": "json",
            "maxrecords": str(MAX_RECORDS),
            "sort": "DateDesc",
            "startdatetime": start.astimezone(UTC).strftime("%Y%m%d%H%M%S"),
            "enddatetime": end.astimezone(UTC).strftime("%Y%m%d%H%M%S"),
        }
        url = f"{self.url}?{urllib.parse.urlencode(params)}"
        body = self._get(url)
        if not body.strip():
            return []  # GDELT answers an empty body when nothing matches
        try:
            data = json.loads(body)
        except ValueError:
            # A query GDELT cannot run is answered 200 with a sentence saying why.
            raise GdeltUnavailable(
                f"DOC API at {self.url} refused {query.text()!r}: {body[:200].strip()}"
            ) from None
        articles = data.get("articles", []) if isinstance(data, dict) else []
        return [a for a in articles if isinstance(a, dict)][:MAX_RECORDS]

    def _get(self, url: str) -> str:
        delay = max(self.interval, 1.0) if self.interval else 0.0
        for attempt in range(self.retries + 1):
            self._wait_turn()
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return bytes(response.read(MAX_ANSWER_BYTES)).decode("utf-8", "replace")
            except urllib.error.HTTPError as exc:
                if exc.code not in _RETRIED or attempt == self.retries:
                    raise GdeltUnavailable(
                        f"DOC API at {self.url} answered HTTP {exc.code}"
                        + (f" {attempt + 1} times" if exc.code in _RETRIED else "")
                    ) from None
                retry_after = exc.headers.get("Retry-After", "") if exc.headers else ""
                wait = float(retry_after) if retry_after.isdigit() else delay * 2**attempt
                self.sleep(min(wait, 300.0))
            except (urllib.error.URLError, OSError, ValueError) as exc:
                raise GdeltUnavailable(
                    f"DOC API at {self.url} is unreachable: {getattr(exc, 'reason', exc)}"
                ) from None
        raise AssertionError("unreachable")

    def _wait_turn(self) -> None:
        now = self.clock()
        if self._last is not None and now - self._last < self.interval:
            self.sleep(self.interval - (now - self._last))
        self._last = self.clock()
        self.requests += 1


def discovered_articles(
    client: DocClient,
    queries: list[DocQuery],
    window: timedelta,
    stats: ParseStats,
    now: datetime | None = None,
) -> Iterator[Discovered]:
    """The foreign articles the queries find over the last `window` (domestic outlets dropped)."""
    end = now or datetime.now(UTC)
    start = end - window
    for query in queries:
        for article in client.articles(query, start, end):
            stats.add("records")
            url = str(article.get("url") or "")
            if not url.lower().startswith(("http://", "https://")):
                stats.add("not_a_url")
                continue
            country = country_from_gdelt(str(article.get("sourcecountry") or ""))
            host = urllib.parse.urlsplit(url).hostname or ""
            if is_domestic_outlet(host, str(article.get("domain") or ""), country):
                stats.add("domestic")
                continue
            stats.add("kept")
            yield Discovered(
                url=url,
                via="gdelt-doc",
                source_name=str(article.get("domain") or "")[:300],
                batch=_seen(str(article.get("seendate") or "")),
                matched="query",
                source_country=country,
                language=language_from_gdelt(str(article.get("language") or "")),
                title=str(article.get("title") or "")[:1000] or None,
            )


def _seen(value: str) -> str | None:
    """`20261207T153000Z` (DOC API seendate) as ISO time."""
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).isoformat()
    except ValueError:
        return None
