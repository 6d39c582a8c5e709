"""Peak memory of a long `vnmon crawl`: RSS sampled every few seconds beside the pages crawled.

`python -m bench memory --articles 50000`: the crawl of a 50,000-page bench world, with the
crawl process's RSS (from /proc) and its page count (Scrapy's "Crawled N pages" log lines)
saved to bench/results/crawl-memory.json as it goes, so a run cut short still shows the curve.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.crawl import VNMON_SETTINGS, _drop_indices, _work
from bench.runs import local_node, python, save, vnmon_env
from bench.server import WorldServer

SAMPLE_SECONDS = 15.0
_CRAWLED = re.compile(rb"Crawled (\d+) pages")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _children(pid: int) -> list[int]:
    """All descendants of `pid` (extraction workers of the crawl's process pool)."""
    found: list[int] = []
    pending = [pid]
    while pending:
        parent = pending.pop()
        for task in Path(f"/proc/{parent}/task").iterdir():
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for kid in kids:
                found.append(int(kid))
                pending.append(int(kid))
    return found


def _pss_mb(pid: int) -> float:
    """Proportional set size: shared pages split between the processes sharing them."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _tree_mb(pid: int) -> tuple[float, float, int]:
    """(RSS of the crawl process, PSS summed over it and its workers, number of workers)."""
    rss = _rss_mb(pid)
    total = _pss_mb(pid)
    workers = 0
    for kid in _children(pid):
        try:
            total += _pss_mb(kid)
            workers += 1
        except OSError:  # a worker that has just exited
            continue
    return rss, round(total, 1), workers


class _PageCount:
    """The latest "Crawled N pages" of a growing log, read incrementally (the log is large)."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.offset = 0
        self.pages = 0

    def __call__(self) -> int:
        if self.log.exists():
            with self.log.open("rb") as handle:
                handle.seek(self.offset)
                chunk = handle.read()
            # keep a partial last line for the next read
            cut = chunk.rfind(b"\n") + 1
            self.offset += cut
            found = _CRAWLED.findall(chunk[:cut])
            if found:
                self.pages = int(found[-1])
        return self.pages


def run(articles: int = 50_000, outlets: int = 25) -> dict[str, Any]:
    work = _work("memory")
    results: dict[str, Any] = {"articles": articles, "samples": [], "finished": False}
    with local_node(heap="1g", name="es-memory") as es_url, WorldServer(outlets, articles) as world:
        sources = world.write_sources(work / "sources.yaml")
        log = work / "crawl.log"
        command = [
            python(),
            "-m",
            "vnmon.cli",
            "crawl",
            "--sources",
            str(sources),
            "--json",
            *VNMON_SETTINGS,
        ]
        env = vnmon_env(es_url, "bench-memory", work / "data")
        started = time.monotonic()
        crawled = _PageCount(log)
        with log.open("wb") as err:
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            peak = peak_tree = 0.0
            while process.poll() is None:
                time.sleep(SAMPLE_SECONDS)
                try:
                    rss, tree, workers = _tree_mb(process.pid)
                except OSError:  # the crawl has just exited (FileNotFound, ProcessLookup)
                    break
                peak = max(peak, rss)
                peak_tree = max(peak_tree, tree)
                sample = {
                    "seconds": round(time.monotonic() - started),
                    "pages": crawled(),
                    "rss_mb": rss,
                    "tree_pss_mb": tree,
                    "workers": workers,
                }
                results["samples"].append(sample)
                results["peak_rss_mb"] = peak
                results["peak_tree_pss_mb"] = peak_tree
                save("crawl-memory", results)
        finally:
            if process.poll() is None:  # the bench was stopped: stop its crawl too
                process.terminate()
        results["finished"] = process.wait() == 0
        results["pages"] = crawled()
        save("crawl-memory", results)
        _drop_indices(es_url, "bench-memory")
    return results


def markdown(results: dict[str, Any]) -> str:
    samples = results["samples"]
    lines = [
        "| seconds | pages crawled | crawl process RSS MB | process + workers PSS MB |",
        "|---|---|---|---|",
    ]
    step = max(1, len(samples) // 12)
    for sample in samples[::step] + samples[-1:]:
        tree = sample.get("tree_pss_mb", "")
        lines.append(f"| {sample['seconds']} | {sample['pages']} | {sample['rss_mb']} | {tree} |")
    lines.append(
        f"\npeak RSS {results.get('peak_rss_mb')} MB, peak PSS with workers "
        f"{results.get('peak_tree_pss_mb')} MB; finished: {results['finished']}"
    )
    return "\n".join(lines)
