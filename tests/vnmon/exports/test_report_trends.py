"""The weekly report's "What is new" section: the storm week's new words per language, with articles."""

from __future__ import annotations

import html
import re

from elasticsearch import Elasticsearch

from tests.indexer.search.corpus import index
from tests.indexer.search.trends_corpus import FOREGROUND_EN, trends_articles
from vnmon.exports import parse_week, run_weekly_export
from vnmon.kernel.settings import Settings


def test_the_report_says_what_is_new_this_week(vnmon_env: Settings, es_client: Elasticsearch) -> None:
    week = parse_week("2026-W20", vnmon_env.timezone)
    index(es_client, vnmon_env.index_prefix, trends_articles(now=week.end))
    result = run_weekly_export(vnmon_env, week, formats=("html",), ui_lang="en", email_to=())
    page = html.unescape(result.files["html"].read_text(encoding="utf-8"))
    section = page[page.index('<section id="whats-new"') : page.index('<section id="breakdowns"')]
    assert "What is new" in section and "against the 8 weeks before" in section
    english = section[section.index('data-language="en"') : section.index('data-language="vi"')]
    assert "(5 / 32)" in english  # this week's English articles / the 8 weeks before
    words = re.findall(r'<tr class="trend"><td><b>([^<]+)</b>', english)
    # The phrase stands for its two words (every "typhoon" and "yagi" is "typhoon yagi").
    assert words[0] == "typhoon yagi" and not {"typhoon", "yagi", "vietnam"} & set(words)
    assert f"{len(FOREGROUND_EN)} / 0" in english
    assert "Typhoon Yagi" in english and 'href="https://desk.example/fg-en-' in english
    assert "yagi" in section[section.index('data-language="vi"') :]


def test_a_filtered_report_says_what_is_new_among_its_own_articles(
    vnmon_env: Settings, es_client: Elasticsearch
) -> None:
    """A report for Vietnamese articles only (a saved search's filter) shows no English words."""
    week = parse_week("2026-W20", vnmon_env.timezone)
    index(es_client, vnmon_env.index_prefix, trends_articles(now=week.end))
    result = run_weekly_export(
        vnmon_env, week, languages=("vi",), formats=("html",), ui_lang="en", email_to=()
    )
    page = html.unescape(result.files["html"].read_text(encoding="utf-8"))
    section = page[page.index('<section id="whats-new"') : page.index('<section id="breakdowns"')]
    assert 'data-language="vi"' in section and "yagi" in section
    assert 'data-language="en"' not in section and "typhoon" not in section.lower()
