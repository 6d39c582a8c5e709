"""Search tests share indices per module: hand-built articles, and the crawled news world."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from tests.indexer.search.corpus import index, pager_articles, precise_articles
from vnmon.kernel.settings import Settings, get_settings


@dataclass(frozen=True)
class Env:
    settings: Settings
    alias: str


@pytest.fixture(scope="module")
def module_settings(tmp_path_factory: pytest.TempPathFactory, es_url: str) -> Iterator[Settings]:
    """Settings of a private install for the whole module (its own index prefix and data dir)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VNMON_ES_URL", es_url)
        patch.setenv("VNMON_INDEX_PREFIX", f"test-search-{uuid.uuid4().hex[:8]}")
        patch.setenv("VNMON_DATA_DIR", str(Path(tmp_path_factory.mktemp("search")) / "var"))
        patch.setenv("VNMON_TIMEZONE", "Asia/Ho_Chi_Minh")
        get_settings.cache_clear()
        yield get_settings()
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def corpus(module_settings: Settings, es_client: Elasticsearch) -> Iterator[Env]:
    """The precise articles and the pager set, indexed once per module."""
    alias = index(es_client, module_settings.index_prefix, [*precise_articles(), *pager_articles()])
    yield Env(module_settings, alias)
    es_client.indices.delete(index=f"{alias}-*", ignore_unavailable=True)
