"""Tagging an article: the fields the crawl stores, and recomputing them for a stored article."""

from __future__ import annotations

from datetime import UTC, datetime

from vnmon.kernel.article import Article
from vnmon.kernel.gazetteer import load_gazetteer
from vnmon.kernel.tagging import retagged, tag_article
from vnmon.kernel.topics import load_topics


def test_a_stored_article_is_retagged_from_its_own_text() -> None:
    gazetteer, topics = load_gazetteer(), load_topics()
    article = Article(
        id="x",
        url="https://example.org/a",
        canonical_url="https://example.org/a",
        source="example",
        source_name="Example",
        country="UA",
        title="Тхуа Тхіен Хюе зміцнює туризм",
        lead="Туристи повертаються до Хюе.",
        body="Готелі міста заповнені, кажуть у провінції.",
        fetched_at=datetime(2026, 12, 1, tzinfo=UTC),
    )
    assert article.places == [] and article.topics == []
    again = retagged(article, gazetteer, topics)
    assert again.places == ["hue", "thua_thien_hue"]
    assert again.topics == ["tourism_culture"]
    assert again.topic_scores["tourism_culture"] >= 2.0
    assert again.model_dump(
        exclude={"places", "place_scores", "topics", "topic_scores"}
    ) == article.model_dump(exclude={"places", "place_scores", "topics", "topic_scores"})
    tags = tag_article(article.title, article.lead, article.body, gazetteer, topics)
    assert tags.fields() == {
        k: getattr(again, k) for k in ("places", "place_scores", "topics", "topic_scores")
    }
