"""Scale-out: pages/s of 1 and 2 `vnmon crawl` processes sharing one scrapy-redis frontier.

Uses the project's own mechanism (VNMON_REDIS_URL, crawler.frontier) with a private
redis-server on loopback. Both processes crawl the same sources; the rate is the pages fetched
by all of them over the time from the first start to the last finish.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.crawl import VNMON_SETTINGS, _drop_indices, _work
from bench.runs import WORK, free_port, local_node, med, python, save, vnmon_env
from bench.server import WorldServer


@contextmanager
def redis_server() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        cwd=WORK,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=30)


def crawl_with(
    workers: int, sources: Path, es_url: str, redis_url: str, name: str, analysis_workers: str = "0"
) -> dict[str, Any]:
    """`workers` processes of one crawl on the shared frontier; pages/s over the whole crawl."""
    work = _work(name)
    prefix = f"bench-{name}"
    env = vnmon_env(es_url, prefix, work / "data", VNMON_REDIS_URL=redis_url)
    command = [python(), "-m", "vnmon.cli", "crawl", "--sources", str(sources), "--json", *VNMON_SETTINGS]
    command += ["-s", f"VNMON_WORKERS={analysis_workers}"]
    started = time.perf_counter()
    processes = []
    for number in range(workers):
        with (work / f"worker-{number}.log").open("wb") as log:
            processes.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=log))
    fetched = indexed = 0
    for process in processes:
        out, _ = process.communicate(timeout=7200)
        summary = json.loads(out[out.index(b"{") :])
        fetched += sum(t["fetched"] for t in summary["sources"].values())
        indexed += summary["indexed"]
    seconds = time.perf_counter() - started
    _drop_indices(es_url, prefix)
    shutil.rmtree(work / "data", ignore_errors=True)
    return {
        "workers": workers,
        "pages": fetched,
        "indexed": indexed,
        "seconds": round(seconds, 1),
        "pages_per_second": round(fetched / seconds, 1),
    }


def run(
    pages: int = 5_000, outlets: int = 25, repeats: int = 3, analysis_workers: str = "0"
) -> dict[str, Any]:
    """1 and 2 crawler processes on one Redis frontier; by default each analyses its pages in
    process (`VNMON_WORKERS=0`), so what is measured is the frontier, not the worker pool."""
    runs: dict[str, list[dict[str, Any]]] = {"1": [], "2": []}
    with (
        local_node(heap="1g", name="es-scaleout") as es_url,
        redis_server() as redis_url,
        WorldServer(outlets, pages) as world,
    ):
        sources = world.write_sources(_work("scaleout-world") / "sources.yaml")
        for attempt in range(repeats):
            for workers in (1, 2):
                name = f"scaleout-{workers}-{attempt}"
                result = crawl_with(workers, sources, es_url, redis_url, name, analysis_workers)
                runs[str(workers)].append(result)
                print(f"{workers} worker(s): {json.dumps(result)}", flush=True)
                save("scaleout", {"pages": pages, "analysis_workers": analysis_workers, "runs": runs})
    medians = {k: med([r["pages_per_second"] for r in v]) for k, v in runs.items()}
    results = {
        "pages": pages,
        "analysis_workers": analysis_workers,
        "runs": runs,
        "medians": medians,
        "speedup": round(medians["2"] / medians["1"], 2),
    }
    save("scaleout", results)
    return results


def markdown(results: dict[str, Any]) -> str:
    lines = ["| crawler processes | pages/s (median) | runs | pages fetched |", "|---|---|---|---|"]
    for workers, items in results["runs"].items():
        rates = ", ".join(f"{r['pages_per_second']:g}" for r in items)
        pages = ", ".join(str(r["pages"]) for r in items)
        lines.append(f"| {workers} | {results['medians'][workers]} | {rates} | {pages} |")
    lines.append(f"\nspeed-up 2 vs 1: {results['speedup']}×")
    return "\n".join(lines)
