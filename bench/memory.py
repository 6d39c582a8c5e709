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
            "crawler.cli",
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
        peak = 0.0
        while process.poll() is None:
            time.sleep(SAMPLE_SECONDS)
            try:
                rss = _rss_mb(process.pid)
            except FileNotFoundError:
                break
            peak = max(peak, rss)
            sample = {"seconds": round(time.monotonic() - started), "pages": crawled(), "rss_mb": rss}
            results["samples"].append(sample)
            results["peak_rss_mb"] = peak
            save("crawl-memory", results)
        results["finished"] = process.wait() == 0
        results["pages"] = crawled()
        save("crawl-memory", results)
        _drop_indices(es_url, "bench-memory")
    return results


def markdown(results: dict[str, Any]) -> str:
    samples = results["samples"]
    lines = ["| seconds | pages crawled | RSS MB |", "|---|---|---|"]
    step = max(1, len(samples) // 12)
    for sample in samples[::step] + samples[-1:]:
        lines.append(f"| {sample['seconds']} | {sample['pages']} | {sample['rss_mb']} |")
    lines.append(f"\npeak RSS {results.get('peak_rss_mb')} MB; finished: {results['finished']}")
    return "\n".join(lines)
