"""The DOC 2.0 API client: ArtList JSON, spaced requests, back-off on 429, clear errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.discovery.doc import DocClient, DocQuery, discovered_articles, load_doc_queries
from crawler.discovery.gdelt import GdeltUnavailable
from crawler.discovery.gkg import ParseStats
from vnmon.demo.gdelt import GdeltStandIn
from vnmon.kernel.errors import VnmonError

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
QUERY = DocQuery("french", '(Vietnam OR Hanoi OR "Ho Chi Minh City")')
ARTICLES = {
    "articles": [
        {
            "url": "https://www.lemonde.fr/international/article/2026/12/07/le-vietnam-et-la-mer_1.html",
            "url_mobile": "",
            "title": "Le Vietnam et la mer",
            "seendate": "20261207T081500Z",
            "socialimage": "",
            "domain": "lemonde.fr",
            "language": "French",
            "sourcecountry": "France",
        },
        {
            "url": "https://vnexpress.net/a-1.html",
            "title": "x",
            "seendate": "20261207T081500Z",
            "domain": "vnexpress.net",
            "language": "Vietnamese",
            "sourcecountry": "Vietnam",
        },
        {"url": "not a url", "domain": "x"},
    ]
}


class FakeClock:
    """Time that moves only when the client sleeps: spacing is checked without waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def gdelt() -> Iterator[GdeltStandIn]:
    with GdeltStandIn() as running:
        yield running


def test_429_then_success_backs_off_and_keeps_five_seconds_between_requests(gdelt: GdeltStandIn) -> None:
    gdelt.doc_answers = [(429, {}), (429, {}), (200, ARTICLES)]
    time = FakeClock()
    client = DocClient(gdelt.doc_url, interval=5.0, retries=4, sleep=time.sleep, clock=time.clock)
    stats = ParseStats()
    found = list(discovered_articles(client, [QUERY], timedelta(hours=6), stats, now=NOW))

    assert [f.url for f in found] == [ARTICLES["articles"][0]["url"]]
    article = found[0]
    assert article.via == "gdelt-doc" and article.source_country == "FR" and article.language == "fr"
    assert article.title == "Le Vietnam et la mer" and article.batch == "2026-12-07T08:15:00+00:00"
    assert stats["domestic"] == 1 and stats["not_a_url"] == 1 and stats["kept"] == 1
    # Three requests; after each 429 a doubling back-off, and never two requests within 5 s.
    assert client.requests == 3 and len(gdelt.doc_queries) == 3
    assert time.sleeps == [5.0, 10.0]
    query = gdelt.doc_queries[-1]
    assert query["mode"] == ["ArtList"] and query["format"] == ["json"] and query["maxrecords"] == ["250"]
    assert query["query"] == ['(Vietnam OR Hanoi OR "Ho Chi Minh City") sourcelang:french']
    assert query["startdatetime"] == ["20261207030000"] and query["enddatetime"] == ["20261207090000"]


def test_consecutive_queries_wait_their_turn(gdelt: GdeltStandIn) -> None:
    gdelt.doc_answers = [(200, {})]
    time = FakeClock()
    client = DocClient(gdelt.doc_url, interval=5.0, sleep=time.sleep, clock=time.clock)
    queries = [QUERY, DocQuery("german", "Vietnam"), DocQuery("english", "Vietnam")]
    assert list(discovered_articles(client, queries, timedelta(hours=1), ParseStats(), now=NOW)) == []
    assert time.sleeps == [5.0, 5.0]


def test_a_doc_api_that_stays_unavailable_is_a_clear_error(gdelt: GdeltStandIn) -> None:
    gdelt.doc_answers = [(429, {})]
    time = FakeClock()
    client = DocClient(gdelt.doc_url, interval=5.0, retries=2, sleep=time.sleep, clock=time.clock)
    with pytest.raises(
        GdeltUnavailable,
        match=r"DOC API at http://127\.0\.0\.240:\d+/api/v2/doc/doc answered HTTP 429 3 times",
    ):
        client.articles(QUERY, NOW - timedelta(hours=1), NOW)


def test_the_queries_file_is_validated(tmp_path: Path) -> None:
    queries = load_doc_queries(Path("config/discovery.yaml"))
    assert {"english", "french", "russian", "japanese"} <= {q.language for q in queries}
    bad = tmp_path / "discovery.yaml"
    bad.write_text("doc:\n  queries:\n    french: ''\n")
    with pytest.raises(VnmonError, match=r"doc\.queries\.french"):
        load_doc_queries(bad)
    bad.write_text("doc: []\n")
    with pytest.raises(VnmonError, match="expected a 'doc:' mapping"):
        load_doc_queries(bad)
