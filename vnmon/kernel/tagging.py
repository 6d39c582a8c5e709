"""An article's places and topics: what the crawl stores at index time and a retag recomputes."""

from __future__ import annotations

from dataclasses import dataclass, field

from vnmon.kernel.article import Article
from vnmon.kernel.gazetteer import Gazetteer
from vnmon.kernel.topics import TopicSet


@dataclass(frozen=True)
class ArticleTags:
    """The `Article` fields that tagging fills, best first."""

    places: list[str] = field(default_factory=list)
    place_scores: dict[str, float] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    topic_scores: dict[str, float] = field(default_factory=dict)

    def fields(self) -> dict[str, object]:
        """As `Article` field values (for `Article(**...)` or `model_copy(update=...)`)."""
        return {
            "places": list(self.places),
            "place_scores": dict(self.place_scores),
            "topics": list(self.topics),
            "topic_scores": dict(self.topic_scores),
        }


def tag_article(
    title: str | None, lead: str | None, body: str | None, gazetteer: Gazetteer, topics: TopicSet
) -> ArticleTags:
    """The places an article names (each with the units above it) and the topics it reaches."""
    places = gazetteer.find(title, lead, body)
    reached = topics.find(title, lead, body)
    return ArticleTags(
        places=[p.place for p in places],
        place_scores={p.place: p.score for p in places},
        topics=[t.topic for t in reached],
        topic_scores={t.topic: t.score for t in reached},
    )


def retagged(article: Article, gazetteer: Gazetteer, topics: TopicSet) -> Article:
    """`article` with its places and topics computed again from its stored title, lead and body
    (for documents indexed before the gazetteer or the topic rules changed)."""
    tags = tag_article(article.title, article.lead, article.body, gazetteer, topics)
    return article.model_copy(update=tags.fields())
