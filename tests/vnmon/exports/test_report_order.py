"""The report's "Most relevant" list orders equal scores by prominence, then outlets, then recency
(and says so); each article links its archived copy; a filtered report says its filter up front."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from elasticsearch import Elasticsearch

from tests.vnmon.exports.conftest import Corpus
from tests.vnmon.exports.corpus import TZ, article, index_articles, local
from vnmon.exports import parse_week, run_weekly_export
from vnmon.exports.rows import ExportRow
from vnmon.exports.stats import compute_stats
from vnmon.kernel.settings import Settings

WEEK = parse_week("2026-W10", "Asia/Ho_Chi_Minh")
MONDAY = datetime(2026, 3, 2, 9, tzinfo=TZ)


def row(n: int, prominence: str, day: int = 0, cluster: str = "", outlet: str = "Wire") -> ExportRow:
    return ExportRow(
        published=MONDAY + timedelta(days=day),
        outlet=outlet,
        source=outlet.lower(),
        country="AU",
        language="en",
        title=f"story {n}",
        url=f"http://example.org/{n}",
        snippet="",
        relevance=4.0,
        matched_terms=("Vietnam",),
        cluster_id=cluster,
        copies=1,
        article_id=f"a{n}",
        prominence=prominence,
    )


def test_equal_scores_are_ordered_by_prominence_then_outlets_then_recency() -> None:
    rows = [
        row(1, "passing", day=6),
        row(2, "lead", day=1),
        row(3, "title", day=0),
        row(4, "lead", day=3),  # newer than 2, same prominence and outlets
        row(5, "lead", day=0, cluster="c", outlet="Wire"),  # carried by two outlets
        row(6, "passing", day=0, cluster="c", outlet="Herald"),
    ]

    stats = compute_stats(WEEK, rows, 0, set())

    assert [s.lead.title for s in stats.top_relevant] == [
        "story 3",
        "story 5",
        "story 4",
        "story 2",
        "story 1",
    ]


def test_the_report_notes_the_order_links_archived_copies_and_states_its_filter(
    corpus: Corpus, vnmon_env: Settings, es_client: Elasticsearch
) -> None:
    index_articles(es_client, [article(30, local(2026, 3, 3), outlet=1, relevance=4.0)], vnmon_env.data_dir)
    full = run_weekly_export(vnmon_env, "2026-W10", formats=("html",), ui_lang="en", email_to=())
    html = full.files["html"].read_text(encoding="utf-8")
    assert "equal scores by where Vietnam is named (headline, lead, in passing)" in html
    assert 'class="archived" href="http://127.0.0.1:8000/articles/art-00003"' in html
    assert 'id="filtered"' not in html

    french = run_weekly_export(
        vnmon_env, "2026-W10", formats=("html",), ui_lang="en", languages=["fr"], query="Vietnam", email_to=()
    )
    page = french.files["html"].read_text(encoding="utf-8")
    banner = re.search(r'<div class="filtered" id="filtered">(.*?)</div>', page, re.S)
    assert banner is not None
    assert "Filtered report: “Vietnam” · Language: fr" in banner.group(1)
    assert "the week&#39;s full report is kept in its own folder" in banner.group(1)
    assert page.index('id="filtered"') < page.index('id="totals"')  # on the first page, before anything
    assert full.files["html"].exists()  # the full report is still there
