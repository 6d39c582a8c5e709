"""Recall on real pages (issue 11): a paragraph naming Vietnam under the headline or the opening words
is indexed with the page's language; Vietnam only in a menu, related links, teasers or a footer is not.

A subset of `python -m bench recall`: 8 real pages of the shared extraction split (one per
non-English language there, the rest English) × the `opening` and `headline` placements, and
4 decoys, served as outlets on loopback and crawled with `vnmon crawl` into the real node.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from bench.recall.cases import Case, build_case
from bench.recall.crawl import indexed
from bench.recall.pages import DECOYS
from bench.recall.site import RecallServer, RecallSite
from bench.recall.sources import RealPage, shared_pages
from tests.crawler.crawling import FAST, run_vnmon
from vnmon.kernel.settings import Settings

pytestmark = pytest.mark.slow

PAGES = 8
PLACEMENTS = ("opening", "headline")


def _chosen(pages: list[RealPage]) -> list[RealPage]:
    """The first page (by id) of each language, then English pages up to `PAGES`."""
    firsts: dict[str, RealPage] = {}
    for page in pages:
        if not page.names_vietnam:
            firsts.setdefault(page.language, page)
    chosen = [p for lang, p in sorted(firsts.items()) if lang != "en"][: PAGES - 1]
    english = [p for p in pages if p.language == "en" and not p.names_vietnam]
    return chosen + english[: PAGES - len(chosen)]


def _cases() -> list[Case]:
    pages = _chosen(shared_pages())
    cases = [build_case(page, placement) for page in pages for placement in PLACEMENTS]
    english = [p for p in pages if p.language == "en"]
    cases += [build_case(english[i % len(english)], decoy) for i, decoy in enumerate(DECOYS)]
    return [case for case in cases if case is not None]


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return _cases()


@pytest.fixture
def world(cases: list[Case]) -> Iterator[RecallSite]:
    with RecallServer(RecallSite(cases, outlets=4)) as site:
        yield site


def test_pages_naming_vietnam_are_kept_with_their_language_and_decoys_are_not(
    world: RecallSite, vnmon_env: Settings, es_client: Elasticsearch, tmp_path: Path
) -> None:
    sources = world.write_sources(tmp_path / "sources.yaml")
    result = run_vnmon(vnmon_env, "crawl", "--sources", str(sources), *FAST, timeout=240)
    assert result.returncode in (0, 2), result.stdout + result.stderr[-3000:]
    documents = indexed(es_client, vnmon_env.index_prefix)

    wrong = []
    for url, case in sorted(world.urls().items(), key=lambda item: item[1].key):
        doc = documents.get(url)
        if case.should_keep and doc is None:
            wrong.append(f"missed: {case.key}")
        elif case.should_keep and doc is not None and doc.get("language") != case.page_language:
            wrong.append(f"tagged {doc.get('language')}, page is {case.page_language}: {case.key}")
        elif not case.should_keep and doc is not None:
            wrong.append(f"decoy kept: {case.key}")
    assert not wrong, "\n".join(wrong)
    kinds = {case.kind for case in world.urls().values()}
    assert kinds == {"page", "decoy"}
