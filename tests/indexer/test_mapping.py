"""The articles mapping is code; this golden copy makes every change to it a deliberate one."""

from __future__ import annotations

import json
from pathlib import Path

from indexer.mapping import LANGUAGE_ANALYZERS, article_document, articles_mapping
from vnmon.kernel.article import Article

GOLDEN = Path(__file__).parent / "golden" / "articles_mapping.json"


def test_mapping_matches_golden_copy() -> None:
    # To change the mapping on purpose: regenerate this file (and bump MAPPING_VERSION when the
    # change is incompatible; added fields reach older indices through `setup`).
    assert articles_mapping() == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_every_article_field_is_mapped() -> None:
    mapped = set(articles_mapping()["properties"])
    fields = set(Article.model_fields) - {"id"}
    assert fields <= mapped, f"Article fields without a mapping: {sorted(fields - mapped)}"


def test_mapping_uses_only_features_a_plain_node_serves() -> None:
    text = json.dumps(articles_mapping())
    for forbidden in ("script", "search_as_you_type", "scaled_float", "match_only_text", "pipeline"):
        assert forbidden not in text


def test_document_copies_text_under_its_language_analyzer() -> None:
    from datetime import UTC, datetime

    article = Article(
        id="x",
        url="http://a/1",
        canonical_url="http://a/1",
        source="a",
        source_name="A",
        country="RU",
        title="Вьетнам",
        body="Текст о Вьетнаме",
        language="ru",
        fetched_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    doc = article_document(article)
    assert doc["i18n"] == {"title_russian": "Вьетнам", "body_russian": "Текст о Вьетнаме"}
    assert Article.from_document("x", doc) == article
    uk = article_document(article.model_copy(update={"language": "uk"}))
    assert uk["i18n"] == {}, "Ukrainian has no portable stock analyzer: standard fields only"
    assert LANGUAGE_ANALYZERS["zh"] == "cjk"
