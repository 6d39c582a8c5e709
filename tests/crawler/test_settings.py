"""The crawler's VNMON_* Scrapy settings are the environment settings: one name, one mechanism."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from crawler import settings as crawl_settings
from vnmon.kernel.settings import Settings

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "settings.md"


def _scrapy_setting(name: str, *args: str, **env: str) -> str:
    """`scrapy settings --get NAME` in the project, as a user's shell runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "settings", "--get", name, *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_every_vnmon_scrapy_setting_is_an_environment_setting_marked_crawl_in_the_docs() -> None:
    in_scrapy = {name for name in vars(crawl_settings) if name.startswith("VNMON_")}
    in_environment = {f"VNMON_{name.upper()}" for name in Settings.model_fields}
    assert in_scrapy <= in_environment, in_scrapy - in_environment
    marked = set(re.findall(r"^\| `(VNMON_[A-Z_]+)` \|[^|]*\| \*\*crawl\*\*", DOC.read_text(), re.MULTILINE))
    assert marked == in_scrapy


def test_an_exported_variable_reaches_the_crawl_and_dash_s_overrides_it() -> None:
    assert _scrapy_setting("VNMON_ARTICLE_MAX_AGE_DAYS", VNMON_ARTICLE_MAX_AGE_DAYS="7") == "7"
    overridden = _scrapy_setting(
        "VNMON_ARTICLE_MAX_AGE_DAYS", "-s", "VNMON_ARTICLE_MAX_AGE_DAYS=3", VNMON_ARTICLE_MAX_AGE_DAYS="7"
    )
    assert overridden == "3"
    assert _scrapy_setting("VNMON_REFETCH", VNMON_REFETCH="true") == "True"
