"""End to end: crawl the news world into the real node, then export the weeks its articles fall in."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import openpyxl
import pytest
from elasticsearch import Elasticsearch
from pypdf import PdfReader

from crawler.dedup import document_id
from indexer.lifecycle import articles_alias
from tests.crawler.crawling import FAST, run_vnmon
from vnmon.demo.newsworld import NewsWorld
from vnmon.exports import run_weekly_export
from vnmon.exports.weeks import week_of
from vnmon.kernel.settings import Settings

pytestmark = pytest.mark.slow


def test_the_weeks_of_a_crawled_world_hold_exactly_its_articles(
    vnmon_env: Settings, es_client: Elasticsearch, tmp_path: Path
) -> None:
    with NewsWorld(slow_seconds=0.5) as world:
        sources = world.write_sources(tmp_path / "sources.yaml")
        crawl = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), *FAST)
        assert crawl.returncode == 0, crawl.stdout + crawl.stderr
        wanted = [e for e in world.expected if e.indexed]
    es_client.indices.refresh(index=articles_alias())

    by_week: dict[str, set[str]] = defaultdict(set)
    for expected in wanted:
        by_week[week_of(expected.published, vnmon_env.timezone).label].add(document_id(expected.url))
    assert sum(len(ids) for ids in by_week.values()) == len(wanted) > 10

    most_copies = 0
    hue_weeks = []
    for label, ids in by_week.items():
        result = run_weekly_export(vnmon_env, label, email_to=())
        jsonl = [json.loads(line) for line in result.files["jsonl"].read_text(encoding="utf-8").splitlines()]
        for row in jsonl:
            if (
                "tkhua-tkhien-khue" in row["url"]
            ):  # the Ukrainian Hue article: its place, as a reporter reads it
                assert row["place_names"][0] == "Huế (Thừa Thiên Huế)", row["place_names"]
                manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
                assert manifest["by_province"]["hue"] >= 1
                hue_weeks.append(label)
        assert {row["article_id"] for row in jsonl} == ids, label
        sheet = openpyxl.load_workbook(result.files["xlsx"]).worksheets[0]
        assert sheet.max_row - 1 == len(ids)
        csv_lines = result.files["csv"].read_text(encoding="utf-8-sig").splitlines()
        assert len(csv_lines) - 1 == len(ids)  # headlines and leads have no line breaks
        html = result.files["html"].read_text(encoding="utf-8")
        assert html.count('<tr class="article">') == len(ids)
        assert len(PdfReader(result.files["pdf"]).pages) >= 3
        # Unfiltered, a row's copies are exactly the rows of its cluster in the same week.
        per_cluster = Counter(row["cluster_id"] for row in jsonl if row["cluster_id"])
        for row in jsonl:
            assert row["copies"] == (per_cluster[row["cluster_id"]] if row["cluster_id"] else 1)
        most_copies = max(most_copies, *per_cluster.values())
    assert most_copies >= 2, "the wire story should be syndicated within a week"
    assert len(hue_weeks) == 1
