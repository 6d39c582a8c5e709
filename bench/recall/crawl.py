"""The recall world crawled: cases served as outlets, `vnmon crawl` into Elasticsearch, the index counted.

Elasticsearch: `VNMON_ES_URL` when set (a shared node), else a private local node for the
run. Each run crawls into its own index prefix and deletes it afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from bench.recall.cases import Case, first_paragraph_kept
from bench.recall.report import Outcome
from bench.recall.site import RecallServer, RecallSite
from bench.runs import WORK, cpu_meter, local_node, python, run_child, vnmon_env

# As the test suite crawls: no delay, no throttle (the pages are what is measured, not politeness).
CRAWL_SETTINGS = [
    "-s", "DOWNLOAD_DELAY=0",
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "CONCURRENT_REQUESTS=16",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    "-s", "RETRY_TIMES=1",
    "-s", "DOWNLOAD_TIMEOUT=60",
    "-s", "LOG_LEVEL=INFO",
]  # fmt: skip
_DROPPED = re.compile(r"Dropped: (\w+): (.*)")
_URL = re.compile(r"https?://127\.0\.0\.\d+:\d+/news/[^\s)'\"]+\.html")


@contextmanager
def elasticsearch() -> Iterator[str]:
    given = os.environ.get("VNMON_ES_URL")
    if given:
        yield given
        return
    with local_node(name="recall-es") as url:
        yield url


def indexed(client: Elasticsearch, prefix: str) -> dict[str, dict[str, Any]]:
    """{canonical URL: document} of everything indexed under the prefix."""
    alias = f"{prefix}-articles"
    if not client.indices.exists_alias(name=alias):
        return {}
    client.indices.refresh(index=alias)
    response = client.search(
        index=alias,
        size=10_000,
        query={"match_all": {}},
        source_includes=["canonical_url", "language", "body"],
    )
    return {hit["_source"]["canonical_url"]: hit["_source"] for hit in response["hits"]["hits"]}


def drop_reasons(log: str) -> dict[str, str]:
    """{page URL: "reason: detail"} from the crawl log's "Dropped:" lines."""
    reasons: dict[str, str] = {}
    for match in _DROPPED.finditer(log):
        url = _URL.search(match.group(2))
        if url:
            detail = match.group(2).replace(url.group(0), "").strip(" ()")
            reasons[url.group(0)] = f"{match.group(1)}: {detail}"
    return reasons


def outcomes(urls: dict[str, Case], documents: dict[str, dict[str, Any]], log: str) -> list[Outcome]:
    """Each case's outcome from what the index holds (by canonical URL) and the crawl log."""
    reasons = drop_reasons(log)
    found = []
    for url, case in urls.items():
        doc = documents.get(url)
        if doc is None:
            found.append(Outcome.of(case, False, None, reasons.get(url, "not fetched or not logged"), None))
            continue
        first = (
            first_paragraph_kept(case.first_paragraph, doc.get("body") or "")
            if case.first_paragraph
            else None
        )
        found.append(Outcome.of(case, True, doc.get("language"), "indexed", first))
    return found


def delete_prefix(client: Elasticsearch, prefix: str) -> None:
    """Delete the run's indices by name (wildcard deletes are refused by default)."""
    names = list(client.indices.get(index=f"{prefix}-*", expand_wildcards="all"))
    for name in names:
        client.indices.delete(index=name)


def run(cases: list[Case], keep_world: bool = False) -> tuple[list[Outcome], dict[str, Any]]:
    work = WORK / "recall"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if keep_world:
        write_world(cases, work / "pages")
    prefix = f"bench-recall-{os.getpid()}"
    with elasticsearch() as es_url, RecallServer(RecallSite(cases)) as site:
        sources = site.write_sources(work / "sources.yaml")
        crawl_sources = ["crawl", "--sources", str(sources), "--json"]
        command = [python(), "-m", "vnmon.cli", *crawl_sources, *CRAWL_SETTINGS]
        with cpu_meter({}) as load:
            crawl = run_child(
                command,
                env=vnmon_env(es_url, prefix, work / "data", VNMON_ALLOW_PRIVATE_ADDRESSES="1"),
                log=work / "crawl.log",
            )
        log = (work / "crawl.log").read_text(errors="replace")
        client = Elasticsearch(es_url, request_timeout=60)
        try:
            found = outcomes(site.urls(), indexed(client, prefix), log)
            if not keep_world:
                delete_prefix(client, prefix)
        finally:
            client.close()
    if crawl.returncode not in (0, 2):
        raise RuntimeError(f"vnmon crawl failed (code {crawl.returncode}); see {work / 'crawl.log'}")
    if not keep_world:
        shutil.rmtree(work / "data", ignore_errors=True)
    extra = {
        "crawl_seconds": round(crawl.wall, 1),
        "crawl_cpu_seconds": crawl.cpu,
        "pages": len(cases),
        "crawl_log": str(work / "crawl.log"),
        **load,
    }
    return found, extra


def write_world(cases: list[Case], folder: Path) -> None:
    """The built pages as files (`--keep-world`), to look at a case by eye."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in cases:
        (folder / f"{case.slug}.html").write_text(case.html)
