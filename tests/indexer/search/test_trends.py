"""What is new: a word of this week stands out for its language against the eight weeks before."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from elasticsearch import Elasticsearch

from indexer.search.errors import SearchQueryError
from indexer.search.trends import Trends, trends
from tests.crawler.crawling import run_vnmon
from tests.indexer.search.corpus import index
from tests.indexer.search.trends_corpus import BACKGROUND_EN, FOREGROUND_EN, NOW, trends_articles
from vnmon.kernel.settings import Settings


@pytest.fixture(scope="module")
def alias(es_client: Elasticsearch, module_settings: Settings) -> Iterator[str]:
    name = index(es_client, module_settings.index_prefix, trends_articles())
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
    # The phrase replaces its two words: every "typhoon" and "yagi" is "typhoon yagi".
    top = english.terms[0]
    assert (top.term, top.phrase) == ("typhoon yagi", True)
    assert not {"typhoon", "yagi"} & set(_terms(found, "en"))
    assert top.articles == len(FOREGROUND_EN) and top.background_articles == 0
    assert len(top.examples) == 3
    assert all("Yagi" in e.title for e in top.examples)
    assert all(e.url.startswith("https://desk.example/fg-en-") for e in top.examples)
    # Words of both periods are not new.
    for common in ("vietnam", "rice", "exports", "in"):
        assert common not in _terms(found, "en")
    assert _terms(found, "vi")[0] == "bão yagi"
    assert "gạo" not in _terms(found, "vi")


def test_one_language_and_a_window_before_the_storm(es_client: Elasticsearch, alias: str) -> None:
    only = trends(es_client, alias, language="vi", now=NOW)
    assert [lang.language for lang in only.languages] == ["vi"]
    before = trends(es_client, alias, days=7, weeks=4, now=NOW - timedelta(days=7))
    assert all("yagi" not in " ".join(_terms(before, lang.language)) for lang in before.languages)


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
    assert lines[english + 1].startswith("  typhoon yagi  (5 articles, 0 before)")
    assert "Typhoon Yagi" in lines[english + 2]
    as_json = run_vnmon(module_settings, "trends", "--lang", "vi", "--days", "3", "--format", "json")
    found = json.loads(as_json.stdout)
    assert [lang["language"] for lang in found["languages"]] == ["vi"]
    assert found["languages"][0]["articles"] == 2  # published 1 and 2 days ago
    bad = run_vnmon(module_settings, "trends", "--weeks", "0")
    assert bad.returncode == 1
    assert bad.stderr.strip() == "error: weeks must be between 1 and 52, got 0"
