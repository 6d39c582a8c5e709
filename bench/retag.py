"""Retag: documents/s of `indexer.retag.retag` over an index of synthetic articles indexed without
places or topics (as before the gazetteer existed), on the running node (`VNMON_ES_URL`).

Passes, in order: a dry run (read + tag), the real run (read + tag + conditional bulk rewrite of
the changed ones), the same again (the checkpoint says it is done), and a forced run that checks
every document again and changes none (read + tag only). The index is deleted at the end.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from bench.index import articles, load_corpus, load_parallel
from bench.runs import save
from indexer.lifecycle import articles_alias, setup
from indexer.retag import RetagOptions, Tagger, retag


def run(documents: int = 50_000, batch_size: int = 500, es_url: str | None = None) -> dict[str, Any]:
    url = es_url or os.environ.get("VNMON_ES_URL", "http://127.0.0.1:9200")
    client = Elasticsearch(url, request_timeout=300)
    prefix = f"bench-retag-{uuid.uuid4().hex[:8]}"
    index, _ = setup(client, prefix)
    alias = articles_alias(prefix)
    results: dict[str, Any] = {"documents": documents, "batch_size": batch_size, "passes": {}}
    try:
        started = time.perf_counter()
        load_parallel(client, alias, articles(documents, 0, load_corpus()))
        client.indices.refresh(index=alias)
        results["load_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        tagger = Tagger.load()
        results["config_load_seconds"] = round(time.perf_counter() - started, 2)
        with tempfile.TemporaryDirectory() as state:
            passes = {
                "dry run": RetagOptions(dry_run=True, batch_size=batch_size),
                "retag": RetagOptions(batch_size=batch_size),
                "again (done)": RetagOptions(batch_size=batch_size),
                "forced, no change": RetagOptions(batch_size=batch_size, force=True),
            }
            for name, options in passes.items():
                started = time.perf_counter()
                outcome = retag(client, alias, tagger, Path(state), options)
                seconds = time.perf_counter() - started
                counts = outcome.counts
                results["passes"][name] = {
                    "status": outcome.status,
                    "seconds": round(seconds, 2),
                    "seen": counts.seen,
                    "changed": counts.changed,
                    "docs_per_second": round(counts.seen / seconds, 1) if counts.seen else None,
                    "errors": len(counts.errors),
                }
                print(f"{name}: {results['passes'][name]}", flush=True)
    finally:
        client.indices.delete(index=index, ignore_unavailable=True)
        client.close()
    save("retag", results)
    return results


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"{results['documents']:,} documents, batches of {results['batch_size']}; "
        f"config loaded in {results['config_load_seconds']} s",
        "",
        "| pass | status | seconds | seen | changed | docs/s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, row in results["passes"].items():
        lines.append(
            f"| {name} | {row['status']} | {row['seconds']} | {row['seen']:,} | {row['changed']:,} "
            f"| {row['docs_per_second'] or '–'} |"
        )
    return "\n".join(lines)
