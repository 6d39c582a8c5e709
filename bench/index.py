"""Index and search: bulk docs/s into the real local node, search p50/p95 with facets and collapse.

Documents are real `Article` models (so `indexer.mapping.article_document` and the real mapping apply) whose
bodies are sampled from real text: the shared langid sentences (30+ languages) and the
extraction split's article bodies. Each size level loads more documents into the same index
and measures there; the index is deleted at the end.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from elasticsearch import Elasticsearch
from elasticsearch.helpers import parallel_bulk

from bench.runs import REPO, local_node, med, save
from bench.world import DATA
from indexer.lifecycle import articles_alias, setup
from indexer.mapping import article_document
from indexer.store import ArticleStore
from vnmon.kernel.article import Article

PREFIX = "bench-index"
SOURCES = 200
COUNTRIES = ("US", "GB", "FR", "DE", "JP", "CN", "KR", "RU", "TH", "ID", "AU", "IN", "ES", "IT", "BR")
SEARCHES = 200  # timed requests per level and pass
PASSES = 3
WARMUP = 20
# Place and topic ids the facets count: the gazetteer's and the topic rules' own ids.
PLACES = sorted(yaml.safe_load((REPO / "config" / "places.yaml").read_text("utf-8"))["places"])
TOPICS = sorted(yaml.safe_load((REPO / "config" / "topics.yaml").read_text("utf-8"))["topics"])


def load_corpus() -> dict[str, list[str]]:
    """Sentences per language: langid files, plus the English article bodies' sentences."""
    corpus: dict[str, list[str]] = {}
    for path in sorted((DATA / "langid" / "sentences").glob("*.txt")):
        corpus[path.stem] = [s for s in path.read_text("utf-8").splitlines() if len(s) > 20]
    truth = json.loads((DATA / "article-extraction" / "ground-truth.json").read_text("utf-8"))
    english = [s.strip() for v in truth.values() for s in v["articleBody"].split(". ") if len(s) > 40]
    corpus["en"] = corpus.get("en", []) + english
    return corpus


def articles(count: int, start: int, corpus: dict[str, list[str]], seed: int = 7) -> Iterator[Article]:
    """`count` synthetic articles numbered from `start` (deterministic per number)."""
    languages = sorted(corpus)
    # English-heavy like the real crawl; every language present
    weights = [8.0 if code == "en" else 1.0 for code in languages]
    now = datetime(2026, 6, 1, tzinfo=UTC)
    for number in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + number)
        language = rng.choices(languages, weights)[0]
        sentences = corpus[language]
        body = " ".join(rng.choices(sentences, k=rng.randint(8, 30)))
        title = rng.choice(sentences)[:120]
        source = rng.randrange(SOURCES)
        # ~1 document in 5 is a syndicated copy in a cluster of a few documents
        cluster = number // 4 if rng.random() < 0.2 else number
        url = f"https://outlet{source}.example/news/{number}"
        places, topics = _places_topics(number, seed)
        yield Article(
            id=hashlib.sha256(url.encode()).hexdigest(),
            url=url,
            canonical_url=url,
            source=f"outlet-{source}",
            source_name=f"Outlet {source}",
            country=COUNTRIES[source % len(COUNTRIES)],
            title=title,
            body=body,
            lead=body[:300],
            language=language,
            language_confidence=0.99,
            published_at=now - timedelta(minutes=rng.randrange(60 * 24 * 730)),
            fetched_at=now,
            relevance=round(rng.uniform(3, 20), 2),
            matched_terms=["Vietnam"],
            places=places,
            place_scores={p: 1.0 for p in places},
            topics=topics,
            topic_scores={t: 1.0 for t in topics},
            cluster_id=hashlib.sha256(f"c{cluster}".encode()).hexdigest(),
        )


def _places_topics(number: int, seed: int) -> tuple[list[str], list[str]]:
    """Places and topics of article `number`: 0-4 places with a long tail (a few provinces are
    named far more often than the rest, like Hanoi and Ho Chi Minh City in the real crawl) and
    0-3 topics. Drawn from their own generator so the other fields stay as they were."""
    rng = random.Random(seed * 7_000_003 + number)
    place_weights = [1 / (rank + 1) for rank in range(len(PLACES))]
    places = sorted(set(rng.choices(PLACES, place_weights, k=rng.choice((0, 1, 1, 2, 2, 3, 4)))))
    topics = sorted(set(rng.choices(TOPICS, k=rng.choice((0, 1, 1, 2, 3)))))
    return places, topics


def load_with_store(client: Elasticsearch, alias: str, docs: Iterator[Article], spool: Path) -> float:
    """The crawler's own path (ArticleStore, batches of 200, one request at a time): docs/s."""
    store = ArticleStore(client, alias, spool)
    started = time.perf_counter()
    count = 0
    for article in docs:
        store.add(article)
        count += 1
    outcome = store.flush()
    total = store.totals
    if total.spooled or total.quarantined or outcome.errors:
        raise RuntimeError(f"bulk load lost documents: {total}")
    return count / (time.perf_counter() - started)


def load_parallel(client: Elasticsearch, alias: str, docs: Iterator[Article]) -> float:
    """A bulk load tuned for throughput: 2 threads, 1,000 documents per request: docs/s."""
    actions = ({"_index": alias, "_id": a.id, "_source": article_document(a)} for a in docs)
    started = time.perf_counter()
    count = 0
    for ok, item in parallel_bulk(client, actions, thread_count=2, chunk_size=1000, request_timeout=120):
        if not ok:
            raise RuntimeError(f"bulk item failed: {item}")
        count += 1
    return count / (time.perf_counter() - started)


def query_body(text: str) -> dict[str, Any]:
    """What the analyst UI asks: full text over title/body and the language copies, facets,
    a date histogram, and one hit per syndication cluster."""
    return {
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": text,
                            "fields": ["title^2", "body", "i18n.*"],
                            "type": "best_fields",
                        }
                    }
                ],
                "filter": [{"range": {"published_at": {"gte": "2025-01-01"}}}],
            }
        },
        "size": 20,
        "collapse": {"field": "cluster_id"},
        "aggs": {
            "language": {"terms": {"field": "language", "size": 40}},
            "source": {"terms": {"field": "source", "size": 20}},
            "country": {"terms": {"field": "country", "size": 20}},
            "places": {"terms": {"field": "places", "size": 50}},
            "topics": {"terms": {"field": "topics", "size": 50}},
            "clusters": {"cardinality": {"field": "cluster_id"}},
            "per_month": {"date_histogram": {"field": "published_at", "calendar_interval": "month"}},
        },
        "highlight": {"fields": {"body": {}}},
        "track_total_hits": True,
    }


def query_words(corpus: dict[str, list[str]], rng: random.Random) -> list[str]:
    words = [w.strip(".,;:!?\"'()") for s in rng.sample(corpus["en"], 400) for w in s.split()]
    return sorted({w for w in words if len(w) > 4})


def _query_text(words: list[str], rng: random.Random) -> str:
    return " ".join(rng.sample(words, k=rng.choice((1, 2, 2, 3))))


def raw_query(client: Elasticsearch, alias: str) -> Callable[[str], Any]:
    """One ES request equivalent to the analyst search: facets, histogram, collapse, highlight."""

    def call(text: str) -> Any:
        return client.search(index=alias, **query_body(text))

    return call


def vnmon_search(client: Elasticsearch, alias: str) -> Callable[[str], Any]:
    """The project's `indexer.search.search()` (query language, expansion, story grouping,
    facets and histogram: the requests the UI/API make), with its default facets on."""
    from indexer.search import make_params, search

    def call(text: str) -> Any:
        return search(client, make_params(q=text, date_from=date(2025, 1, 1)), alias=alias)

    return call


def time_searches(
    call: Callable[[str], Any], words: list[str], searches: int = SEARCHES, passes: int = PASSES
) -> dict[str, float]:
    """p50/p95 wall milliseconds of `searches` calls, median over `passes` passes."""
    rng = random.Random(11)
    for _ in range(WARMUP):
        call(_query_text(words, rng))
    p50s, p95s = [], []
    for _ in range(passes):
        timings = []
        for _ in range(searches):
            text = _query_text(words, rng)
            started = time.perf_counter()
            call(text)
            timings.append(1000 * (time.perf_counter() - started))
        timings.sort()
        p50s.append(timings[len(timings) // 2])
        p95s.append(timings[int(len(timings) * 0.95) - 1])
    return {"p50_ms": med(p50s), "p95_ms": med(p95s)}


def run(
    levels: tuple[int, ...] = (100_000, 1_000_000), heap: str = "3g", store_docs: int = 20_000
) -> dict[str, Any]:
    corpus = load_corpus()
    words = query_words(corpus, random.Random(3))
    results: dict[str, Any] = {
        "levels": {},
        "heap": heap,
        "query": "equivalent ES query (see bench/index.py)",
    }
    with local_node(heap=heap, name="es-index") as es_url:
        client = Elasticsearch(es_url, request_timeout=300)
        index, _ = setup(client, PREFIX)
        alias = articles_alias(PREFIX)
        spool = Path("/tmp/vnmon-bench/index-spool")
        loaded = 0
        # the crawler's path on the first documents, then the tuned bulk load for the rest
        half = store_docs // 2
        rates = [load_with_store(client, alias, articles(half, i * half, corpus), spool) for i in range(2)]
        loaded += store_docs
        results["store_docs_per_second"] = med(rates)
        print(f"ArticleStore: {results['store_docs_per_second']} docs/s", flush=True)
        for level in levels:
            rate = load_parallel(client, alias, articles(level - loaded, loaded, corpus))
            loaded = level
            client.indices.refresh(index=alias)
            count = client.count(index=alias)["count"]
            stats = client.indices.stats(index=alias, metric="store")
            size = stats["_all"]["primaries"]["store"]["size_in_bytes"]
            results["levels"][str(level)] = {
                "documents": count,
                "bulk_docs_per_second": round(rate, 1),
                "index_size_gb": round(size / 1e9, 2),
                "raw_query": time_searches(raw_query(client, alias), words),
                "vnmon_search": time_searches(vnmon_search(client, alias), words),
            }
            print(f"{level}: {results['levels'][str(level)]}", flush=True)
            save("index", results)
        client.indices.delete(index=index)
        client.close()
    save("index", results)
    return results


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "Crawler path (ArticleStore, 200 per bulk, sequential): "
        f"{results.get('store_docs_per_second')} docs/s",
        "",
        "| documents | bulk docs/s (parallel_bulk 2×1000) | index size GB "
        "| vnmon search() p50 / p95 ms | one equivalent ES query p50 / p95 ms |",
        "|---|---|---|---|---|",
    ]
    for level in results["levels"].values():
        ours, raw = level["vnmon_search"], level["raw_query"]
        lines.append(
            f"| {level['documents']:,} | {level['bulk_docs_per_second']} | {level['index_size_gb']} "
            f"| {ours['p50_ms']} / {ours['p95_ms']} | {raw['p50_ms']} / {raw['p95_ms']} |"
        )
    return "\n".join(lines)


def load_kept(es_url: str, documents: int, prefix: str = PREFIX) -> dict[str, Any]:
    """Fill the articles index of `prefix` on the node at `es_url` up to `documents` and keep it
    (a 1M index takes ~20 minutes to load: re-measure without re-loading). Resumes from the count
    already there; articles are numbered, so one sent twice replaces itself."""
    client = Elasticsearch(es_url, request_timeout=300)
    setup(client, prefix)
    alias = articles_alias(prefix)
    client.indices.refresh(index=alias)
    have = client.count(index=alias)["count"]
    # parallel_bulk may have stored some later documents before earlier ones: re-send a margin
    start = max(0, have - 5_000)
    rate = None
    if start < documents:
        rate = load_parallel(client, alias, articles(documents - start, start, load_corpus()))
        client.indices.refresh(index=alias)
    count = client.count(index=alias)["count"]
    size = client.indices.stats(index=alias, metric="store")["_all"]["primaries"]["store"]["size_in_bytes"]
    client.close()
    return {"documents": count, "bulk_docs_per_second": rate, "index_size_gb": round(size / 1e9, 2)}


def measure_kept(
    es_url: str, prefix: str = PREFIX, searches: int = SEARCHES, passes: int = PASSES
) -> dict[str, Any]:
    """`search()` and the one equivalent request on a kept index, with the load average before
    and after (other processes share the cores)."""
    import os

    client = Elasticsearch(es_url, request_timeout=300)
    alias = articles_alias(prefix)
    words = query_words(load_corpus(), random.Random(3))
    before = os.getloadavg()[0]
    results = {
        "documents": client.count(index=alias)["count"],
        "vnmon_search": time_searches(vnmon_search(client, alias), words, searches, passes),
        "raw_query": time_searches(raw_query(client, alias), words, searches, passes),
        "load_average": [round(before, 2), round(os.getloadavg()[0], 2)],
    }
    client.close()
    return results
