"""`vnmon search` in a child process: JSON shape, table output, clear errors."""

from __future__ import annotations

import json
import re

from tests.crawler.crawling import run_vnmon
from tests.indexer.search.conftest import Env
from tests.indexer.search.corpus import precise_articles

HIT_KEYS = {
    "id", "url", "title", "source", "language", "country", "published_at",
    "score", "snippet", "cluster_id", "copies",
}  # fmt: skip


def test_json_output_has_the_documented_shape(corpus: Env) -> None:
    result = run_vnmon(corpus.settings, "search", "rice export deal", "--format", "json", "--size", "5")
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)
    assert set(page) == {"total", "hits", "facets", "next_cursor", "spellings"}
    assert page["hits"] and all(set(hit) >= HIT_KEYS for hit in page["hits"])
    wire = [hit for hit in page["hits"] if hit["cluster_id"] == "wire-rice"]
    assert len(wire) == 1 and wire[0]["copies"] == 3
    assert {"languages", "sources", "countries", "histogram"} <= set(page["facets"])


def test_json_cursor_pages_and_options(corpus: Env) -> None:
    args = ["search", "coffee", "--source", "pager", "--sort", "date", "--size", "7", "--format", "json"]
    first = json.loads(run_vnmon(corpus.settings, *args).stdout)
    second = json.loads(run_vnmon(corpus.settings, *args, "--cursor", first["next_cursor"]).stdout)
    dates = [h["published_at"] for h in first["hits"] + second["hits"]]
    assert len(dates) == 14 and dates == sorted(dates, reverse=True) and len(set(dates)) == 14

    copies = run_vnmon(corpus.settings, "search", "rice export deal", "--all-copies", "--format", "json")
    assert sum(h["cluster_id"] == "wire-rice" for h in json.loads(copies.stdout)["hits"]) == 3
    ukrainian = run_vnmon(
        corpus.settings, "search", "В'єтнам", "--lang", "uk", "--no-expand", "--format", "json"
    )
    assert json.loads(ukrainian.stdout)["total"] == 0
    dated = run_vnmon(corpus.settings, "search", "ferry", "--from", "2025-03-18", "--format", "json")
    assert [h["id"] for h in json.loads(dated.stdout)["hits"]] == ["early-18"]


def test_table_output_is_one_entry_per_story_with_facets(corpus: Env) -> None:
    outlets = ("globe", "herald", "courier")
    chosen = [a for a in precise_articles() if a.source in outlets]
    args = [arg for source in outlets for arg in ("--source", source)]
    result = run_vnmon(corpus.settings, "search", "Vietnam", *args)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    stories = len({a.cluster_id for a in chosen})
    assert lines[0].startswith(f"{stories} results ({stories} stories, {len(chosen)} articles) in ")
    # Each story: a numbered line (date with its zone, language, outlet, copies, title), then its
    # URL and id, then the text that matched (vnmon/cli/display.py).
    numbered = [line for line in lines if re.match(r"^ ?\d+\. ", line)]
    assert len(numbered) == stories and all(" +07  " in line or "(undated)" in line for line in numbered)
    assert len([line for line in lines if "  id " in line and line.startswith("    http")]) == stories
    assert any("x3" in line and "Vietnam signs rice export deal" in line for line in lines)
    assert any(line.startswith("countries: ") and "US" in line and "GB" in line for line in lines)
    assert all(len(line) <= 200 for line in lines if not line.startswith("next page"))


def test_malformed_query_exits_1_with_one_line(corpus: Env) -> None:
    result = run_vnmon(corpus.settings, "search", "(rice OR coffee")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: unbalanced parenthesis at position 1: '(' is never closed"
    bad_size = run_vnmon(corpus.settings, "search", "rice", "--size", "500")
    assert bad_size.returncode == 1 and "size" in bad_size.stderr and "100" in bad_size.stderr


def test_out_of_range_values_are_one_clear_line(corpus: Env) -> None:
    for option, value, named in (
        ("--to", "9999-12-31", "date_to"),
        ("--min-relevance", "inf", "min_relevance"),
    ):
        result = run_vnmon(corpus.settings, "search", "rice", option, value)
        assert result.returncode != 0
        assert named in result.stderr and "Traceback" not in result.stderr, result.stderr
