"""The articles index mapping, as code: one place that says how every field is stored."""

from __future__ import annotations

from typing import Any

from vnmon.kernel.article import Article, bounded

# Bump when the mapping changes incompatibly: `vnmon index setup` then builds a new index.
MAPPING_VERSION = 1

# Detected language (ISO 639-1) -> the stock Elasticsearch analyzer for it. Languages not listed
# are searched through the `standard`-analyzed base fields only. Ukrainian and Polish analyzers are
# separate plugins in stock Elasticsearch, so they stay on `standard` to keep this mapping portable.
LANGUAGE_ANALYZERS: dict[str, str] = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "pt": "portuguese",
    "it": "italian",
    "nl": "dutch",
    "sv": "swedish",
    "da": "danish",
    "no": "norwegian",
    "nb": "norwegian",
    "nn": "norwegian",
    "fi": "finnish",
    "ru": "russian",
    "cs": "czech",
    "ro": "romanian",
    "hu": "hungarian",
    "tr": "turkish",
    "bg": "bulgarian",
    "el": "greek",
    "ar": "arabic",
    "fa": "persian",
    "hi": "hindi",
    "id": "indonesian",
    "ms": "indonesian",
    "th": "thai",
    "zh": "cjk",
    "ja": "cjk",
    "ko": "cjk",
}

# Stock analyzers configured with stem exclusions, so that a country name the stemmer would cut
# ("Вьетнам" → "вьетн", while "Вьетнаме" → "вьетнам") keeps one token for all its case forms.
# Declared in the index settings with stock types only, so any cluster accepts them.
CUSTOM_ANALYZERS: dict[str, dict[str, object]] = {
    "vnmon_russian": {"type": "russian", "stem_exclusion": ["вьетнам"]},
    "vnmon_bulgarian": {"type": "bulgarian", "stem_exclusion": ["виетнам"]},
}
# Field suffix (the stock language name) → analyzer actually used for it.
ANALYZER_FOR_FIELD: dict[str, str] = {"russian": "vnmon_russian", "bulgarian": "vnmon_bulgarian"}

# The analysed text fields that get a per-language copy under `i18n`.
TEXT_FIELDS = ("title", "lead", "body")

_KEYWORD = {"type": "keyword"}
# Facet fields (a few hundred values at most): their global ordinals are built at each refresh,
# not by the first search after it, which a crawl's one-second refreshes made a recurring cost.
# Not cluster_id: rebuilding a million story ids every second would cost more than it saves.
_FACET = {"type": "keyword", "eager_global_ordinals": True}
_DATE = {"type": "date"}
# Per-id scores (places, topics): kept in _source for display and ranking, not indexed field by field.
_SCORES = {"type": "object", "enabled": False}


def analyzer_names() -> list[str]:
    """Every distinct language analyzer the mapping uses, sorted."""
    return sorted(set(LANGUAGE_ANALYZERS.values()))


def i18n_field(field: str, analyzer: str) -> str:
    """Name of the per-language copy of `field` analysed by `analyzer` (e.g. `i18n.body_russian`)."""
    return f"i18n.{field}_{analyzer}"


def _i18n_properties() -> dict[str, Any]:
    return {
        f"{field}_{analyzer}": {"type": "text", "analyzer": ANALYZER_FOR_FIELD.get(analyzer, analyzer)}
        for analyzer in analyzer_names()
        for field in TEXT_FIELDS
    }


def articles_mapping() -> dict[str, Any]:
    """The mapping of the articles index (compared with a golden copy in tests)."""
    return {
        "dynamic": "strict",
        "_meta": {"vnmon_mapping_version": MAPPING_VERSION},
        # The per-language copies are derived from title/lead/body at index time; keeping them
        # out of _source halves the stored size, and the archive is the re-parse path anyway.
        "_source": {"excludes": ["i18n"]},
        "properties": {
            "url": _KEYWORD,
            "canonical_url": _KEYWORD,
            "source": _FACET,
            "source_name": {"type": "text", "fields": {"raw": _FACET}},
            "country": _FACET,
            "title": {"type": "text", "analyzer": "standard"},
            "lead": {"type": "text", "analyzer": "standard"},
            "body": {"type": "text", "analyzer": "standard"},
            "i18n": {"type": "object", "properties": _i18n_properties()},
            "authors": {"type": "text", "fields": {"raw": _KEYWORD}},
            "language": _FACET,
            "language_confidence": {"type": "float"},
            "declared_language": _KEYWORD,
            "published_at": _DATE,
            "modified_at": _DATE,
            "date_source": _KEYWORD,
            "fetched_at": _DATE,
            "section": _KEYWORD,
            "tags": _KEYWORD,
            "relevance": {"type": "float"},
            "matched_terms": _KEYWORD,
            "places": _FACET,
            "place_scores": _SCORES,
            "topics": _FACET,
            "topic_scores": _SCORES,
            "cluster_id": _KEYWORD,
            "simhash": _KEYWORD,
            "simhash_bands": _KEYWORD,
            "extraction_method": _KEYWORD,
            "found_via": _KEYWORD,
            "gdelt_tone": {"type": "float"},
            "gdelt_locations": {"type": "keyword", "fields": {"text": {"type": "text"}}},
            "warc": {
                "properties": {
                    "file": _KEYWORD,
                    "offset": {"type": "long"},
                    "length": {"type": "long"},
                }
            },
        },
    }


def articles_settings(replicas: str = "0-1") -> dict[str, Any]:
    """Index settings: one shard is right for a monitor's volume; replicas expand when nodes exist."""
    return {
        "index": {
            "number_of_shards": 1,
            "auto_expand_replicas": replicas,
            "refresh_interval": "1s",
        },
        "analysis": {"analyzer": CUSTOM_ANALYZERS},
    }


def language_copies(language: str | None, texts: dict[str, str]) -> dict[str, str]:
    """The `i18n` object for a document: its texts under the analyzer of its detected language."""
    analyzer = LANGUAGE_ANALYZERS.get((language or "").lower())
    if analyzer is None:
        return {}
    return {f"{field}_{analyzer}": value for field, value in texts.items() if value}


def article_document(article: Article) -> dict[str, object]:
    """The JSON body stored in Elasticsearch for `article` (everything but the id), with the texts
    copied under the analyzer of its detected language."""
    doc = bounded(article.model_dump(mode="json", exclude={"id"}))
    texts = {name: str(doc[name]) for name in ("title", "lead", "body")}
    doc["i18n"] = language_copies(article.language, texts)
    return doc
