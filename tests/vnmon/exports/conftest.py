"""A small week of articles on the real node: boundary cases, a wire story, a new outlet."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from elasticsearch import Elasticsearch

from tests.vnmon.exports.corpus import article, index_articles, local
from vnmon.exports import Week, parse_week
from vnmon.kernel.settings import Settings

WEEK = "2026-W10"  # Monday 2 March – Sunday 8 March 2026, Asia/Ho_Chi_Minh


@dataclass(frozen=True)
class Corpus:
    week: Week
    inside: set[str]  # article ids published in the week
    previous: int  # articles of the week before
    wire: str  # cluster id of the story three outlets carried this week


@pytest.fixture
def corpus(vnmon_env: Settings, es_client: Elasticsearch) -> Corpus:
    inside = [
        article(1, local(2026, 3, 2, 0, 0), outlet=0),  # Monday 00:00: the first minute of the week
        article(2, local(2026, 3, 8, 23, 59), outlet=1),  # Sunday 23:59: the last minute
        article(3, local(2026, 3, 4, 9), outlet=0, cluster="wire-1", relevance=9.5),
        article(4, local(2026, 3, 4, 10), outlet=1, cluster="wire-1", relevance=8.0),
        article(5, local(2026, 3, 4, 11), outlet=2, cluster="wire-1", relevance=7.0),
        article(6, local(2026, 3, 5, 8), outlet=3, relevance=6.0),  # an outlet new this week
        article(7, local(2026, 3, 6, 15), outlet=0, title='=HYPERLINK("http://x","Vietnam")'),
    ]
    outside = [
        article(8, local(2026, 3, 9, 0, 0), outlet=0),  # next Monday 00:00: not this week
        article(9, local(2026, 3, 1, 23, 59), outlet=0),  # previous Sunday 23:59
        article(10, local(2026, 2, 25), outlet=0),
        article(11, local(2026, 2, 26), outlet=1),
        article(12, local(2026, 2, 12), outlet=2),  # three weeks before: Russian outlet is not new
        article(13, local(2026, 2, 27), outlet=2, cluster="wire-1"),  # the wire story, a week earlier
    ]
    index_articles(es_client, [*inside, *outside], vnmon_env.data_dir)
    return Corpus(parse_week(WEEK, vnmon_env.timezone), {a.id for a in inside}, 4, "wire-1")
