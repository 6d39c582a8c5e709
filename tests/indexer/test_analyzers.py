"""The stock-ES analysis names vnmon's mappings use work on the test cluster (local node or real)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch

# Analyzer names of stock ES's analysis-common module that vnmon may put in mappings.
LANGUAGE_ANALYZERS = [
    "english", "french", "german", "spanish", "portuguese", "italian", "dutch", "swedish",
    "danish", "norwegian", "finnish", "russian", "czech", "romanian", "hungarian", "turkish",
    "bulgarian", "greek", "arabic", "persian", "hindi", "indonesian", "thai", "cjk",
    "catalan", "basque", "irish", "latvian", "lithuanian", "armenian", "galician", "sorani",
    "brazilian", "estonian", "bengali", "serbian",
]  # fmt: skip


def tokens(client: Elasticsearch, text: str, **request: object) -> list[str]:
    """The tokens `_analyze` produces for `text` with the given analyzer/tokenizer/filters."""
    response = client.indices.analyze(text=text, **request)  # type: ignore[arg-type]
    return [t["token"] for t in response["tokens"]]


@pytest.fixture(scope="module")
def multilingual_index(es_client: Elasticsearch) -> Iterator[str]:
    """An index with one text field per language analyzer and one document in it."""
    name = f"test-analyzers-{uuid.uuid4().hex[:8]}"
    properties = {lang: {"type": "text", "analyzer": lang} for lang in LANGUAGE_ANALYZERS}
    es_client.indices.create(
        index=name,
        settings={"number_of_shards": 1, "number_of_replicas": 0},
        mappings={"properties": properties},
    )
    es_client.index(
        index=name,
        id="1",
        document={lang: "Vietnam 2025 Vietnam" for lang in LANGUAGE_ANALYZERS},
        refresh=True,
    )
    yield name
    es_client.indices.delete(index=name)


@pytest.mark.parametrize("analyzer", LANGUAGE_ANALYZERS)
def test_language_analyzer_works_in_a_mapping(
    es_client: Elasticsearch, multilingual_index: str, analyzer: str
) -> None:
    mapping = es_client.indices.get_mapping(index=multilingual_index)
    field = mapping[multilingual_index]["mappings"]["properties"][analyzer]
    assert field["analyzer"] == analyzer
    hits = es_client.search(
        index=multilingual_index, query={"match": {analyzer: "vietnam 2025"}}
    )["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["1"]


def test_english_stems_elections_like_stock_es(es_client: Elasticsearch) -> None:
    assert tokens(es_client, "The elections", analyzer="english") == ["elect"]


def test_russian_conflates_inflected_forms(es_client: Elasticsearch) -> None:
    forms = ["Вьетнаме", "Вьетнама", "Вьетнамом", "Вьетнаму"]
    stems = {tuple(tokens(es_client, form, analyzer="russian")) for form in forms}
    assert len(stems) == 1


def test_russian_nominative_needs_a_stem_exclusion(es_client: Elasticsearch) -> None:
    """Snowball cuts "-ам" off "Вьетнам" (as on any ES); `stem_exclusion` keeps the forms together."""
    assert tokens(es_client, "Вьетнам", analyzer="russian") != tokens(
        es_client, "Вьетнаме", analyzer="russian"
    )
    name = f"test-ru-{uuid.uuid4().hex[:8]}"
    es_client.indices.create(
        index=name,
        settings={
            "analysis": {
                "analyzer": {"ru": {"type": "russian", "stem_exclusion": ["вьетнам"]}}
            }
        },
    )
    try:
        nominative = tokens(es_client, "Вьетнам", index=name, analyzer="ru")
        locative = tokens(es_client, "Вьетнаме", index=name, analyzer="ru")
        assert nominative == locative
        assert nominative == tokens(es_client, "вьетнам", index=name, analyzer="ru")
    finally:
        es_client.indices.delete(index=name)


def test_cjk_makes_bigrams(es_client: Elasticsearch) -> None:
    assert tokens(es_client, "越南与中国", analyzer="cjk") == ["越南", "南与", "与中", "中国"]


def test_french_removes_elision_and_stems(es_client: Elasticsearch) -> None:
    assert tokens(es_client, "l'élection", analyzer="french") == tokens(
        es_client, "élections", analyzer="french"
    )


def test_asciifolding_folds_vietnamese_diacritics(es_client: Elasticsearch) -> None:
    folded = tokens(
        es_client, "Việt Nam Hà Nội", tokenizer="standard", filter=["lowercase", "asciifolding"]
    )
    assert folded == ["viet", "nam", "ha", "noi"]


def test_stemmer_filter_takes_a_language(es_client: Elasticsearch) -> None:
    def stem(language: str, word: str) -> list[str]:
        chain = ["lowercase", {"type": "stemmer", "language": language}]
        return tokens(es_client, word, tokenizer="standard", filter=chain)

    assert stem("english", "elections") == ["elect"]
    assert stem("russian", "Вьетнаме") == stem("russian", "Вьетнама")
    assert stem("german", "Wahlen") == stem("german", "Wahl")
    assert stem("light_french", "élections") == stem("light_french", "élection")


def test_custom_analyzer_with_declared_filters_in_index_settings(es_client: Elasticsearch) -> None:
    name = f"test-custom-{uuid.uuid4().hex[:8]}"
    es_client.indices.create(
        index=name,
        settings={
            "analysis": {
                "filter": {
                    "fold": {"type": "asciifolding", "preserve_original": True},
                    "tr_lower": {"type": "lowercase", "language": "turkish"},
                    "de_stem": {"type": "stemmer", "language": "light_german"},
                },
                "analyzer": {
                    "folded": {"tokenizer": "standard", "filter": ["lowercase", "fold"]},
                    "turkish_lower": {"tokenizer": "standard", "filter": ["tr_lower"]},
                    "german_light": {"tokenizer": "standard", "filter": ["lowercase", "de_stem"]},
                },
            }
        },
        mappings={"properties": {"title": {"type": "text", "analyzer": "folded"}}},
    )
    try:
        assert tokens(es_client, "Việt", index=name, analyzer="folded") == ["viet", "việt"]
        assert tokens(es_client, "İSTANBUL", index=name, analyzer="turkish_lower") == ["istanbul"]
        assert tokens(es_client, "Häuser", index=name, analyzer="german_light") == tokens(
            es_client, "Haus", index=name, analyzer="german_light"
        )
    finally:
        es_client.indices.delete(index=name)


def test_html_strip_elision_and_snowball_by_name(es_client: Elasticsearch) -> None:
    produced = tokens(
        es_client,
        "<p>L'<b>élection</b> au Viêt Nam</p>",
        char_filter=["html_strip"],
        tokenizer="standard",
        filter=["elision", "lowercase", "snowball"],
    )
    assert produced[0] == "élection"
    assert "<" not in " ".join(produced)
    assert tokens(es_client, "running", tokenizer="standard", filter=["snowball"]) == ["run"]


def test_elision_and_snowball_take_parameters(es_client: Elasticsearch) -> None:
    elide = {"type": "elision", "articles": ["l", "dell"], "articles_case": True}
    assert tokens(es_client, "dell'Italia", tokenizer="standard", filter=[elide]) == ["Italia"]
    italian = {"type": "snowball", "language": "Italian"}
    assert tokens(es_client, "elezioni", tokenizer="standard", filter=[italian]) == tokens(
        es_client, "elezione", tokenizer="standard", filter=[italian]
    )
