"""Bulk indexing with a disk spool: nothing lost while Elasticsearch is away, nothing doubled after."""

from __future__ import annotations

from datetime import UTC, datetime

from indexer.client import build_client
from indexer.lifecycle import articles_alias, setup
from indexer.store import ArticleStore, count_documents
from vnmon.kernel.article import Article
from vnmon.kernel.settings import Settings


def _article(n: int) -> Article:
    return Article(
        id=f"doc-{n}",
        url=f"http://news.example/{n}",
        canonical_url=f"http://news.example/{n}",
        source="example",
        source_name="Example News",
        country="GB",
        title=f"Vietnam story {n}",
        body="Hanoi " * 50,
        language="en",
        fetched_at=datetime.now(UTC),
    )


def test_documents_spool_while_es_is_down_and_replay_once(vnmon_env: Settings, dead_es_url: str) -> None:
    live = build_client()
    setup(live)
    spool_dir = vnmon_env.data_dir / "spool"
    down = ArticleStore(
        build_client(url=dead_es_url).options(max_retries=0), articles_alias(), spool_dir, batch_size=3
    )
    for n in range(7):
        down.add(_article(n))
    down.flush()
    assert down.totals.spooled == 7 and down.totals.indexed == 0
    assert down.spool.size() == 7

    up = ArticleStore(live, articles_alias(), spool_dir)
    outcome = up.replay()
    assert outcome.indexed == 7 and up.spool.size() == 0
    # The same articles again (a re-crawl): replaced by id, never doubled.
    for n in range(7):
        up.add(_article(n))
    up.flush()
    assert count_documents(live, articles_alias()) == 7


def test_a_document_the_cluster_rejects_goes_to_quarantine(vnmon_env: Settings) -> None:
    client = build_client()
    setup(client)
    store = ArticleStore(client, articles_alias(), vnmon_env.data_dir / "spool")
    store._buffer.append(("bad", {"url": "http://x/1", "unknown_field": 1}))
    store.add(_article(1))
    outcome = store.flush()
    assert (outcome.indexed, outcome.quarantined, outcome.spooled) == (1, 1, 0)
    assert "strict_dynamic_mapping_exception" in store.quarantine_file.read_text()
