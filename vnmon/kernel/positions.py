"""Where in an article a term occurs, and what a mention there is worth (relevance, places, topics)."""

from __future__ import annotations

from collections.abc import Iterator

# A hit in the title counts most, in the lead (standfirst, first paragraph) next, in the
# body least: with the default threshold 3.0 the country (weight 3) named once in the title
# (6.0) or lead (4.5) suffices, in the body it takes two mentions (2 x 1.5).
POSITION_FACTOR: dict[str, float] = {"title": 2.0, "lead": 1.5, "body": 0.5}
# Mentions of one entry in one part beyond this add nothing (a long article that says
# "Vietnam" forty times is not forty times more relevant).
MAX_HITS_PER_PART = 5


def article_parts(title: str | None, lead: str | None, body: str | None) -> Iterator[tuple[str, str]]:
    """(part, text) of the article's non-empty parts, title first."""
    for part, text in (("title", title), ("lead", lead), ("body", body)):
        if text:
            yield part, text


def worth(part: str, count: int, weight: float = 1.0) -> float:
    """What `count` mentions of a term of `weight` in `part` add to a score."""
    return weight * POSITION_FACTOR[part] * min(count, MAX_HITS_PER_PART)
