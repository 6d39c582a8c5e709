"""The page-analysis worker pool: real worker processes, in-process results, survival of a crash."""

from __future__ import annotations

import asyncio
import gzip
import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from crawler.extraction import decode_html, extract_article
from crawler.extraction.evaluation import DEFAULT_BENCH_DATA
from crawler.language import detect_language
from crawler.workers import MAX_RESTARTS, WorkerPool, extract_page, relevance_of, worker_count
from tests.crawler.crawling import run_vnmon
from vnmon.kernel.errors import SettingError

SHARED = Path(os.environ.get("VNMON_BENCH_DATA", DEFAULT_BENCH_DATA)) / "article-extraction" / "html"
SAMPLE = Path(os.environ.get("VNMON_SHARED", "/work/shared")) / "samples"


def _pid() -> int:
    return os.getpid()


def _die_once(marker: str) -> str:
    """Kills its worker the first time (as an out-of-memory kill or a crash in lxml would)."""
    if not os.path.exists(marker):
        Path(marker).touch()
        os._exit(1)
    return "second try"


def _die_unless_in(pid: int) -> str:
    """Kills every worker (as a worker that cannot start would fail); fine in process `pid`."""
    if os.getpid() != pid:
        os._exit(1)
    return "analysed in the crawl process"


def _run(pool: WorkerPool, *calls: tuple) -> list:
    async def main() -> list:
        try:
            return list(await asyncio.gather(*(pool.run(*call) for call in calls)))
        finally:
            pool.close()

    return asyncio.run(main())


def test_worker_count_reads_the_setting() -> None:
    assert worker_count("auto") == worker_count(None) == min(4, os.cpu_count() or 1)
    assert worker_count("0") == 0 and worker_count(3) == 3
    for bad in ("two", "-1", "1.5"):
        with pytest.raises(SettingError, match=f"VNMON_WORKERS .* got '{bad}'"):
            worker_count(bad)


def test_pages_are_analysed_in_other_processes_with_the_same_result() -> None:
    pages = sorted(SHARED.glob("*.html.gz"))[:6]
    assert pages, f"no pages in {SHARED}"
    bodies = [gzip.decompress(p.read_bytes()) for p in pages]
    calls = [
        (extract_page, b, "text/html; charset=utf-8", f"https://example.org/{i}", None)
        for i, b in enumerate(bodies)
    ]
    results = _run(WorkerPool(2), (_pid,), *calls)
    assert results[0] != os.getpid()
    for i, (body, extracted) in enumerate(zip(bodies, results[1:], strict=True)):
        inline = extract_article(
            decode_html(body, "text/html; charset=utf-8"), url=f"https://example.org/{i}"
        )
        assert extracted == inline
        assert len(extracted.body) > 200


def test_the_ukrainian_sample_is_kept_and_tagged_uk_by_a_worker() -> None:
    text = (SAMPLE / "uk-hue-foreign-information.txt").read_text(encoding="utf-8")
    title, _, body = text.partition("\n")
    relevance, language = _run(
        WorkerPool(1),
        (relevance_of, title, None, body, None, 3.0),
        (detect_language, title, None, body, None, None),
    )
    assert relevance.relevant and relevance.score >= 3.0
    assert language.code == "uk"


def test_a_worker_that_dies_is_replaced_and_the_page_retried(tmp_path: Path) -> None:
    pool = WorkerPool(1)
    # The page in flight beside the crash fails with it and is retried too.
    died, beside, after = _run(pool, (_die_once, str(tmp_path / "died")), (_pid,), (_pid,))
    assert died == "second try"
    assert pool.restarts == 1
    assert os.getpid() not in (beside, after)


def test_workers_that_keep_dying_are_given_up_and_pages_analysed_in_process() -> None:
    pool = WorkerPool(1)

    async def main() -> list[object]:
        outcomes: list[object] = []
        try:
            for _ in range(4):
                try:
                    outcomes.append(await pool.run(_die_unless_in, os.getpid()))
                except BrokenProcessPool:
                    outcomes.append("lost")
        finally:
            pool.close()
        return outcomes

    outcomes = asyncio.run(main())
    # Two tries per page: pages 1 and 2 fail (4 restarts), page 3's first try is the 5th
    # restart in a row, after which it and every later page run in the crawl process.
    assert outcomes == ["lost", "lost", "analysed in the crawl process", "analysed in the crawl process"]
    assert pool.gave_up and pool.restarts == MAX_RESTARTS


def test_zero_workers_analyse_in_the_crawl_process() -> None:
    assert _run(WorkerPool(0), (_pid,)) == [os.getpid()]


def test_a_closed_pool_refuses_work() -> None:
    pool = WorkerPool(1)
    pool.close()
    with pytest.raises(RuntimeError, match="closed"):
        _run(pool, (_pid,))


def test_crawl_rejects_a_bad_worker_setting(vnmon_env, tmp_path: Path) -> None:
    result = run_vnmon(vnmon_env, "crawl", "-s", "VNMON_WORKERS=many")
    assert result.returncode == 1
    assert "VNMON_WORKERS must be 'auto' or a whole number >= 0, got 'many'" in result.stderr
