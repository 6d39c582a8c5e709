"""What is new: a word of this week stands out for its language against the eight weeks before."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from elasticsearch import Elasticsearch

from indexer.search.errors import SearchQueryError
from indexer.search.trends import Trends, trends
from tests.crawler.crawling import run_vnmon
from tests.indexer.search.corpus import article, index
from vnmon.kernel.article import Article
from vnmon.kernel.settings import Settings

# Relative to the real clock, so that `vnmon trends` (which reads it) sees the same periods.
NOW = datetime.now(UTC).replace(microsecond=0)

BACKGROUND_EN = [
    "Vietnam rice exports rose as farmers in the Mekong Delta sold the harvest to traders.",
    "Hanoi officials met investors to discuss factories and rice exports from Vietnam.",
    "Vietnam coffee growers expect higher prices for rice exports and beans this season.",
    "Traffic in Hanoi slowed as the government announced new rules for motorbikes in Vietnam.",
]
BACKGROUND_VI = [
    "Xuất khẩu gạo của Việt Nam tăng mạnh nhờ nông dân đồng bằng sông Cửu Long.",
    "Hà Nội gặp gỡ nhà đầu tư để bàn về nhà máy và xuất khẩu gạo.",
    "Giá cà phê tăng khiến nông dân Việt Nam phấn khởi với xuất khẩu gạo.",
]
FOREGROUND_EN = [
    "Typhoon Yagi hit northern Vietnam, flooding Hanoi streets; rice exports may slow.",
    "Typhoon Yagi destroyed homes in Quang Ninh and Hai Phong, Vietnam officials said.",
    "Rescue teams searched villages after Typhoon Yagi brought landslides to Vietnam.",
    "Typhoon Yagi death toll rises as rivers flood in Vietnam, rice exports continue.",
    "Aid arrives in Vietnam after Typhoon Yagi; farmers count the losses.",
]
FOREGROUND_VI = [
    "Bão Yagi đổ bộ vào miền Bắc Việt Nam, xuất khẩu gạo có thể chậm lại.",
    "Bão Yagi làm sập nhà ở Quảng Ninh và Hải Phòng.",
    "Sau bão Yagi, lũ lụt và sạt lở đất ở nhiều tỉnh miền Bắc.",
    "Nông dân Việt Nam đếm thiệt hại sau bão Yagi.",
]


def _articles() -> list[Article]:
    found: list[Article] = []
    for week in range(1, 9):
        for i, body in enumerate(BACKGROUND_EN):
            published = NOW - timedelta(days=7 * week + i % 6 + 1)
            found.append(
                article(f"bg-en-{week}-{i}", language="en", title=body[:40], body=body, published=published)
            )
        for i, body in enumerate(BACKGROUND_VI):
            published = NOW - timedelta(days=7 * week + i + 1)
            found.append(
                article(f"bg-vi-{week}-{i}", language="vi", title=body[:40], body=body, published=published)
            )
    for lang, bodies in (("en", FOREGROUND_EN), ("vi", FOREGROUND_VI)):
        for i, body in enumerate(bodies):
            published = NOW - timedelta(days=i + 1, hours=3)
            found.append(
                article(f"fg-{lang}-{i}", language=lang, title=body[:50], body=body, published=published)
            )
    return found


@pytest.fixture(scope="module")
def alias(es_client: Elasticsearch, module_settings: Settings) -> Iterator[str]:
    name = index(es_client, module_settings.index_prefix, _articles())
    yield name
    es_client.indices.delete(index=f"{name}-*", ignore_unavailable=True)


def _terms(found: Trends, language: str) -> list[str]:
    (lang,) = [lang for lang in found.languages if lang.language == language]
    return [t.term for t in lang.terms]


def test_the_new_word_comes_first_for_its_language_with_its_articles(
    es_client: Elasticsearch, alias: str
) -> None:
    found = trends(es_client, alias, now=NOW)
    assert [lang.language for lang in found.languages] == ["en", "vi"]
    english = found.languages[0]
    assert english.articles == len(FOREGROUND_EN)
    assert {english.terms[0].term, english.terms[1].term} == {"typhoon", "yagi"}
    top = english.terms[0]
    assert top.articles == len(FOREGROUND_EN) and top.background_articles == 0
    assert len(top.examples) == 3
    assert all("Yagi" in e.title for e in top.examples)
    assert all(e.url.startswith("https://desk.example/fg-en-") for e in top.examples)
    # Words of both periods are not new.
    for common in ("vietnam", "rice", "exports"):
        assert common not in _terms(found, "en")
    assert "yagi" in _terms(found, "vi")[:2]
    assert "gạo" not in _terms(found, "vi")


def test_one_language_and_a_window_before_the_storm(es_client: Elasticsearch, alias: str) -> None:
    only = trends(es_client, alias, language="vi", now=NOW)
    assert [lang.language for lang in only.languages] == ["vi"]
    before = trends(es_client, alias, days=7, weeks=4, now=NOW - timedelta(days=7))
    assert all("yagi" not in _terms(before, lang.language) for lang in before.languages)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"days": 0}, "days must be between 1 and 90, got 0"),
        ({"weeks": 60}, "weeks must be between 1 and 52, got 60"),
        ({"language": "en OR *"}, "language must be an ISO 639-1 code"),
    ],
)
def test_bad_windows_are_named(es_client: Elasticsearch, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(SearchQueryError, match=message.replace("*", r"\*")):
        trends(es_client, "unused", **kwargs)  # type: ignore[arg-type]


def test_vnmon_trends_prints_the_new_words_with_their_articles(alias: str, module_settings: Settings) -> None:
    text = run_vnmon(module_settings, "trends")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith("What is new from ")
    english = lines.index(f"[en] {len(FOREGROUND_EN)} articles, {8 * len(BACKGROUND_EN)} before")
    assert lines[english + 1].split()[0] in {"typhoon", "yagi"}
    assert "Typhoon Yagi" in lines[english + 2]
    as_json = run_vnmon(module_settings, "trends", "--lang", "vi", "--days", "3", "--format", "json")
    found = json.loads(as_json.stdout)
    assert [lang["language"] for lang in found["languages"]] == ["vi"]
    assert found["languages"][0]["articles"] == 2  # published 1 and 2 days ago
    bad = run_vnmon(module_settings, "trends", "--weeks", "0")
    assert bad.returncode == 1
    assert bad.stderr.strip() == "error: weeks must be between 1 and 52, got 0"
