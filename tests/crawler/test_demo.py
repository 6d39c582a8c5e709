"""`vnmon demo`, the README's main job, as a new user runs it (here against the session's node)."""

from __future__ import annotations

import re

import pytest

from crawler.newsworld import NewsWorld
from indexer.settings import Settings
from tests.crawler.crawling import run_vnmon

pytestmark = pytest.mark.slow


def test_demo_crawls_the_news_world_and_reports_what_it_found(vnmon_env: Settings) -> None:
    result = run_vnmon(vnmon_env, "demo", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    with NewsWorld() as world:  # the same world on another port: the same ground truth
        wanted = [e for e in world.expected if e.indexed]
    assert f"{len(wanted)} foreign articles about Vietnam" in out
    languages = re.search(r"by language: (.*)", out)
    assert languages is not None
    for code in {e.language for e in wanted}:
        assert f"{code} " in languages.group(1)
    assert "[uk] dnipro-visnyk" in out, "the Ukrainian article about Huế is the sample search's hit"
    assert re.search(r"Crawl took [\d.]+ s: [\d.]+ pages/s", out)
    assert "Search further" in out
