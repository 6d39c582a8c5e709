"""Retag: documents/s of `indexer.retag.retag` over an index of synthetic articles indexed without
places or topics (as before the gazetteer existed), on the running node (`VNMON_ES_URL`).

Passes, in order: the real run (read + tag + conditional bulk rewrite of the changed ones), the
same again (the checkpoint says it is done), and a forced run that checks every document again
and changes none (read + tag only: what a dry run costs too). Each pass records wall seconds and
this process's CPU seconds (the machine is shared: wall time depends on the neighbours, CPU time
much less). The index is deleted at the end.
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
        results["load_average_before"] = os.getloadavg()[0]
        started = time.perf_counter()
        tagger = Tagger.load()
        results["config_load_seconds"] = round(time.perf_counter() - started, 2)
        with tempfile.TemporaryDirectory() as state:
            passes = {
                "retag": RetagOptions(batch_size=batch_size),
                "again (done)": RetagOptions(batch_size=batch_size),
                "forced, no change": RetagOptions(batch_size=batch_size, force=True),
            }
            for name, options in passes.items():
                started, cpu = time.perf_counter(), time.process_time()
                outcome = retag(client, alias, tagger, Path(state), options)
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                counts = outcome.counts
                results["passes"][name] = {
                    "status": outcome.status,
                    "seconds": round(seconds, 2),
                    "seen": counts.seen,
                    "changed": counts.changed,
                    "docs_per_second": round(counts.seen / seconds, 1) if counts.seen else None,
                    "cpu_seconds": round(cpu, 2),
                    "cpu_ms_per_doc": round(1000 * cpu / counts.seen, 2) if counts.seen else None,
                    "errors": len(counts.errors),
                }
                print(f"{name}: {results['passes'][name]}", flush=True)
        results["load_average_after"] = os.getloadavg()[0]
    finally:
        client.indices.delete(index=index, ignore_unavailable=True)
        client.close()
    save("retag", results)
    return results


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"{results['documents']:,} documents, batches of {results['batch_size']}; "
        f"config loaded in {results['config_load_seconds']} s; machine load average "
        f"{results['load_average_before']:.1f} before, {results['load_average_after']:.1f} after (2 cores)",
        "",
        "| pass | status | wall s | seen | changed | docs/s (wall) | CPU ms/doc (retag process) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in results["passes"].items():
        lines.append(
            f"| {name} | {row['status']} | {row['seconds']} | {row['seen']:,} | {row['changed']:,} "
            f"| {row['docs_per_second'] or '–'} | {row['cpu_ms_per_doc'] or '–'} |"
        )
    return "\n".join(lines)
