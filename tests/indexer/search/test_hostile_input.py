"""Search under hostile input: a huge article, out-of-range dates, non-finite numbers, forged cursors."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias, setup
from indexer.mapping import article_document
from indexer.search import SearchError, SearchQueryError, make_params, search
from vnmon.kernel.article import MAX_CHARS, Article
from vnmon.kernel.settings import Settings

# Past Elasticsearch's default `index.highlight.max_analyzed_offset` (1,000,000 characters).
HUGE_BODY = "Vietnam rice exports rose again. " * 40_000


def _article(ident: str, body: str) -> Article:
    url = f"https://globe.example/news/{ident}.html"
    return Article(
        id=ident,
        url=url,
        canonical_url=url,
        source="globe",
        source_name="Globe",
        country="US",
        title=f"Rice story {ident}",
        body=body,
        language="en",
        published_at=datetime(2026, 3, 1, tzinfo=UTC),
        fetched_at=datetime.now(UTC),
        relevance=5.0,
    )


@pytest.fixture
def alias(vnmon_env: Settings, es_client: Elasticsearch) -> str:
    setup(es_client, vnmon_env.index_prefix)
    return articles_alias(vnmon_env.index_prefix)


def test_an_article_indexed_before_bodies_were_bounded_does_not_take_search_down(
    alias: str, es_client: Elasticsearch
) -> None:
    raw = _article("huge", "x").model_dump(mode="json", exclude={"id"})
    raw["body"] = HUGE_BODY  # stored whole, as an older vnmon did
    es_client.index(index=alias, id="huge", document=raw, refresh=True)

    for q in ("", "rice"):
        result = search(es_client, make_params(q=q))
        [hit] = result.hits
        assert hit.id == "huge" and "rice" in hit.snippet_text.lower()


def test_a_huge_body_is_cut_when_indexed_and_stays_searchable(alias: str, es_client: Elasticsearch) -> None:
    article = _article("huge", HUGE_BODY + " Hue citadel")
    es_client.index(index=alias, id=article.id, document=article_document(article), refresh=True)

    stored = es_client.get(index=alias, id="huge")["_source"]
    assert len(stored["body"]) <= MAX_CHARS["body"] < len(HUGE_BODY)
    [hit] = search(es_client, make_params(q="rice")).hits
    assert "<mark>" in hit.snippet


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"date_to": "9999-12-31"}, "date_to"),
        ({"date_from": "0001-01-01"}, "date_from"),
        ({"min_relevance": float("inf")}, "min_relevance"),
        ({"min_relevance": float("nan")}, "min_relevance"),
        ({"sources": "x" * 70_000}, "sources"),
        ({"langs": ["en", "e" * 500]}, "langs"),
    ],
)
def test_out_of_range_parameters_are_refused_before_elasticsearch(
    values: dict[str, Any], message: str
) -> None:
    with pytest.raises(SearchQueryError, match=message):
        make_params(**values)


def _forged_cursor(params: Any, values: list[Any]) -> str:
    # A cursor with the right fingerprint but sort values no page of this search can end on.
    payload = json.dumps({"v": 1, "f": params.fingerprint(), "a": values})
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "values",
    [
        ["not a score", 1, "https://x.example/"],
        [float("nan"), 1, "https://x.example/"],
        [1.0, "yesterday", "https://x.example/"],
        [1.0, 1, 2],
        [1.0],
        [1.0, 1, "u", 4],
    ],
)
def test_a_cursor_with_the_right_fingerprint_but_wrong_values_is_a_query_error(
    alias: str, es_client: Elasticsearch, values: list[Any]
) -> None:
    params = make_params(q="rice")
    forged = make_params(q="rice", cursor=_forged_cursor(params, values))
    with pytest.raises(SearchError) as caught:
        search(es_client, forged)
    assert isinstance(caught.value, SearchQueryError), caught.value
    assert "cursor" in str(caught.value)
