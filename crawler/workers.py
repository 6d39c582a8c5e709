"""Page analysis off the reactor thread, in a pool of worker processes.

Extraction, relevance scoring, language identification, the SimHash signature and tagging
(places, topics) are pure functions of a page and together cost ~50 ms of CPU per article page.
Run in the crawl process they hold the reactor thread (and the GIL) while downloads, the archive
and indexing wait, and leave every other core idle. The pipeline stages hand them to
`WorkerPool.run` instead, which runs them in `VNMON_WORKERS` processes and resumes the stage when
the result is back; what has state (the archive, the crawl's dedup sets, the index) stays in the
crawl process.

`VNMON_WORKERS` (`-s VNMON_WORKERS=N` for one crawl, else the environment variable): `auto`
(the default) is one worker per CPU core, at most four; `0` analyses pages in the crawl
process itself.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.asyncio import is_asyncio_available
from twisted.internet.defer import Deferred

from crawler.extraction import Extracted, decode_html, extract_article
from crawler.relevance import Lexicon, Relevance, load_lexicon, score_relevance
from vnmon.kernel.errors import SettingError
from vnmon.kernel.gazetteer import Gazetteer, load_gazetteer
from vnmon.kernel.settings import get_settings
from vnmon.kernel.tagging import ArticleTags, tag_article
from vnmon.kernel.topics import TopicSet, load_topics

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_AUTO_WORKERS = 4
MAX_RESTARTS = 5
PARENT_CHECK_SECONDS = 1.0
_ATTRIBUTE = "_vnmon_worker_pool"


def worker_count(value: Any) -> int:
    """The number of worker processes a `VNMON_WORKERS` value asks for (0: none)."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "auto")):
        return min(MAX_AUTO_WORKERS, os.cpu_count() or 1)
    try:
        count = int(value)
    except (TypeError, ValueError):
        count = -1
    if count < 0 or str(value).strip() != str(count):
        raise SettingError(f"VNMON_WORKERS must be 'auto' or a whole number >= 0, got {value!r}")
    return count


def configured_workers(scrapy_value: Any) -> Any:
    """The crawl's `-s VNMON_WORKERS`, else the `VNMON_WORKERS` environment setting."""
    return scrapy_value if scrapy_value is not None else get_settings().workers


def _worker_started(parent: int) -> None:
    # Ctrl-C reaches the whole process group; only the crawl process decides how to stop
    # (Scrapy's graceful shutdown), a worker must not die under the pages still in flight.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A crawl process killed outright (SIGKILL, the out-of-memory killer) cannot stop its
    # workers, and they would wait on their task queue forever: each watches its parent
    # (given, not read here: the parent may already be gone while this worker starts).
    threading.Thread(target=_exit_with, args=(parent,), name="parent-watch", daemon=True).start()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


class WorkerPool:
    """Runs picklable module-level functions in worker processes (or inline with 0 workers).

    A worker that dies is replaced and the pages it held are retried once (a page that kills
    its worker twice fails alone). Workers that die `MAX_RESTARTS` times in a row with no page
    analysed in between cannot work here (a broken installation, too little memory): they
    are given up and pages are analysed in the crawl process, slower but without losing any.
    """

    def __init__(self, workers: int, on_restart: Callable[[bool], None] | None = None) -> None:
        self.workers = workers
        self.restarts = 0
        self.gave_up = False
        self._restarts_in_a_row = 0
        self._on_restart = on_restart
        self._executor: ProcessPoolExecutor | None = None
        self._closed = False

    def _pool(self) -> ProcessPoolExecutor:
        if self._closed:
            raise RuntimeError("the worker pool is closed")
        if self._executor is None:
            # spawn, not fork: the crawl process runs threads (DNS, Elasticsearch client).
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=get_context("spawn"),
                initializer=_worker_started,
                initargs=(os.getpid(),),
            )
        return self._executor

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)`, computed in a worker; the calling stage waits without blocking."""
        for attempt in (1, 2):
            if self.workers == 0 or self.gave_up:
                return function(*args)
            executor = self._pool()
            try:
                result = await _wait(executor.submit(function, *args))
            except BrokenProcessPool:
                # A worker died (killed, out of memory, a crash in a C extension): the pages
                # the pool held fail together. The first of them to get here replaces the
                # pool; each gets one more try.
                if self._executor is executor:
                    self._replace_broken()
                if attempt == 2:
                    raise
            else:
                self._restarts_in_a_row = 0
                return result
        raise AssertionError("unreachable")

    def _replace_broken(self) -> None:
        self._discard_broken()
        self.restarts += 1
        self._restarts_in_a_row += 1
        if self._restarts_in_a_row >= MAX_RESTARTS:
            self.gave_up = True
            log.error(
                "page-analysis workers died %d times in a row; analysing pages in the crawl process",
                self._restarts_in_a_row,
            )
        else:
            log.warning("a page-analysis worker died; starting new workers and retrying its pages")
        if self._on_restart is not None:
            self._on_restart(self.gave_up)

    def _discard_broken(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self._closed = True
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


async def _wait(future: Future[T]) -> T:
    if is_asyncio_available():
        return await asyncio.wrap_future(future)
    from twisted.internet import reactor

    deferred: Deferred[T] = Deferred()

    def settle(done: Future[T]) -> None:
        error = done.exception()
        if error is not None:
            reactor.callFromThread(deferred.errback, error)
        else:
            reactor.callFromThread(deferred.callback, done.result())

    future.add_done_callback(settle)
    return await deferred


def pool_for(crawler: Crawler) -> WorkerPool:
    """The crawl's one pool, shared by its stages, closed when the engine stops."""
    pool: WorkerPool | None = getattr(crawler, _ATTRIBUTE, None)
    if pool is None:
        stats = crawler.stats

        def restarted(gave_up: bool) -> None:
            if stats is not None:
                stats.inc_value("vnmon/worker_restarts")
                stats.set_value("vnmon/workers_given_up", gave_up)

        pool = WorkerPool(
            worker_count(configured_workers(crawler.settings.get("VNMON_WORKERS"))), on_restart=restarted
        )
        if stats is not None:
            stats.set_value("vnmon/workers", pool.workers)
        setattr(crawler, _ATTRIBUTE, pool)
        crawler.signals.connect(pool.close, signal=signals.engine_stopped, weak=False)
    return pool


# The functions below run in the workers: module-level, arguments and results picklable.


def extract_page(body: bytes, content_type: str | None, url: str, feed_date: datetime | None) -> Extracted:
    """Decode a fetched page and extract its article."""
    return extract_article(decode_html(body, content_type), url=url, feed_date=feed_date)


@lru_cache(maxsize=4)
def _lexicon(path: str | None) -> Lexicon:
    return load_lexicon(Path(path) if path else None)


def relevance_of(
    title: str | None, lead: str | None, body: str | None, lexicon_path: str | None, threshold: float
) -> Relevance:
    """`score_relevance` with the lexicon loaded once per worker."""
    return score_relevance(title, lead, body, _lexicon(lexicon_path), threshold)


@lru_cache(maxsize=2)
def _gazetteer(path: str | None) -> Gazetteer:
    return load_gazetteer(Path(path) if path else None)


@lru_cache(maxsize=2)
def _topics(path: str | None) -> TopicSet:
    return load_topics(Path(path) if path else None)


def tags_of(
    title: str | None, lead: str | None, body: str | None, places_path: str | None, topics_path: str | None
) -> ArticleTags:
    """`tag_article` with the gazetteer and topics loaded once per worker."""
    return tag_article(title, lead, body, _gazetteer(places_path), _topics(topics_path))
