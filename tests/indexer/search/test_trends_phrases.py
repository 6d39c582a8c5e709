"""What is new, in phrases and under filters: "typhoon yagi" and "free trade agreement" replace
their words, Chinese characters join into 台风摩羯, Thai says it has no phrases, and a query,
topic, place, country, source or language narrows both the period and the weeks before."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from indexer.search import make_params
from indexer.search.errors import SearchQueryError
from indexer.search.phrases import candidates, join, words_of
from indexer.search.trends import LanguageTrends, Trends, trends
from tests.crawler.crawling import run_vnmon
from tests.indexer.search.corpus import index
from tests.indexer.search.trends_corpus import FOREGROUND_EN, FOREGROUND_TRADE, NOW, phrase_articles
from vnmon.kernel.settings import Settings


@pytest.fixture(scope="module")
def alias(es_client: Elasticsearch, module_settings: Settings) -> Iterator[str]:
    name = index(es_client, module_settings.index_prefix, phrase_articles())
    yield name
    es_client.indices.delete(index=f"{name}-*", ignore_unavailable=True)


def _language(found: Trends, code: str) -> LanguageTrends:
    (lang,) = [lang for lang in found.languages if lang.language == code]
    return lang


def _terms(found: Trends, code: str) -> list[str]:
    return [t.term for t in _language(found, code).terms]


def test_phrases_replace_their_words_in_every_language(es_client: Elasticsearch, alias: str) -> None:
    found = trends(es_client, alias, now=NOW)
    assert [lang.language for lang in found.languages] == ["en", "vi", "zh", "th"]
    english = _language(found, "en")
    assert english.articles == len(FOREGROUND_EN) + len(FOREGROUND_TRADE)
    # The phrases alone: their words, the shorter phrases inside them ("free trade") and the
    # runs with a function word at the edge ("the free trade", "tariffs on") are left out.
    assert _terms(found, "en") == ["typhoon yagi", "free trade agreement"]
    storm, trade = english.terms
    assert storm.phrase and (storm.articles, storm.background_articles) == (5, 0)
    assert (trade.articles, trade.background_articles) == (4, 0)
    assert len(trade.examples) == 3 and all(e.id.startswith("fg-trade-") for e in trade.examples)
    assert _terms(found, "vi") == ["bão yagi"]
    chinese = _language(found, "zh")
    assert [t.term for t in chinese.terms] == ["台风摩羯"]
    assert all("台风摩羯" in e.title for e in chinese.terms[0].examples)
    thai = _language(found, "th")
    assert thai.phrases is False and all(lang.phrases for lang in found.languages[:3])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"topics": ["disasters"]}, {"en": ["typhoon yagi"], "vi": []}),
        ({"places": ["Quảng Ninh"]}, {"en": ["typhoon yagi"], "vi": []}),
        ({"q": "trade"}, {"en": ["free trade agreement"]}),
        ({"countries": ["GB"]}, {"en": ["free trade agreement"]}),
        ({"sources": ["wire"]}, {"en": ["free trade agreement"]}),
        ({"langs": ["zh", "vi"]}, {"vi": ["bão yagi"], "zh": ["台风摩羯"]}),
    ],
)
def test_filters_narrow_the_period_and_the_weeks_before(
    es_client: Elasticsearch, alias: str, filters: dict[str, Any], expected: dict[str, list[str]]
) -> None:
    found = trends(es_client, alias, now=NOW, filters=make_params(**filters))
    assert {lang.language: [t.term for t in lang.terms] for lang in found.languages} == expected
    assert found.filters == filters
    if "topics" in filters:
        # The background is the disaster stories before (eight floods), not all English articles.
        assert _language(found, "en").background_articles == 8


def test_bad_filters_are_named(es_client: Elasticsearch, alias: str) -> None:
    with pytest.raises(SearchQueryError, match="disaster"):
        trends(es_client, alias, now=NOW, filters=make_params(topics=["disaster"]))
    with pytest.raises(SearchQueryError, match="language must be an ISO 639-1 code"):
        trends(es_client, alias, now=NOW, filters=make_params(langs=["english"]))
    with pytest.raises(SearchQueryError):
        trends(es_client, alias, now=NOW, filters=make_params(q='"typhoon'))


def test_vnmon_trends_takes_the_filters(alias: str, module_settings: Settings) -> None:
    text = run_vnmon(module_settings, "trends", "--topic", "disasters", "--lang", "en")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[1] == "Among articles with languages en; topics disasters"
    assert lines[3:5] == ["[en] 5 articles, 8 before", "  typhoon yagi  (5 articles, 0 before)"]
    thai = run_vnmon(module_settings, "trends", "--lang", "th")
    assert "  (words only: th is written without spaces, phrases are not looked for)" in thai.stdout
    as_json = json.loads(run_vnmon(module_settings, "trends", "-q", "trade", "--format", "json").stdout)
    assert as_json["filters"] == {"q": "trade"}
    assert [t["term"] for t in as_json["languages"][0]["terms"]] == ["free trade agreement"]
    assert as_json["languages"][0]["terms"][0]["phrase"] is True
    bad = run_vnmon(module_settings, "trends", "--place", "Atlantis")
    assert bad.returncode == 1 and "Atlantis" in bad.stderr


def test_words_split_as_the_index_splits_them() -> None:
    assert words_of("Typhoon Yagi's toll: 1,000 in the U.S.") == [
        ["typhoon", "yagi's", "toll"],
        ["1,000", "in", "the", "u.s"],
    ]
    assert words_of("台风“摩羯”袭击越南。ベトナムを襲った") == [
        ["台", "风"], ["摩", "羯"], ["袭", "击", "越", "南"], ["ベトナム", "を", "襲", "っ", "た"],
    ]  # fmt: skip
    assert [join(["台", "风"]), join(["ベトナム", "を"]), join(["east", "sea"])] == [
        "台风",
        "ベトナムを",
        "east sea",
    ]
    texts = ["Typhoon Yagi hit in 2024.", "After Typhoon Yagi, 2024 floods", "台风摩羯来了", "台风摩羯"]
    # In two texts at least, with a significant word, no number at an edge; longer runs first.
    found = candidates(texts, {"yagi", "摩"}, limit=10, least=2)
    assert [c.text for c in found] == ["台风摩羯", "台风摩", "风摩羯", "typhoon yagi", "摩羯", "风摩"]
