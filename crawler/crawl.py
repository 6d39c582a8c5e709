"""Runs one crawl of the selected sources in this process and returns its per-source summary."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from crawler.locks import source_locks
from crawler.sources import load_sources, resolve_sources_path, select_sources
from vnmon.kernel.settings import get_settings

log = logging.getLogger(__name__)

# Present in a job directory while a crawl runs in it. Scrapy saves its queues (`active.json`,
# each disk queue's size and head) only when it closes; a crawl killed outright (SIGKILL, out of
# memory, power cut) leaves queue files whose bookkeeping is stale, and a crawl resuming them
# pops stale records in place of its new requests: entry points and articles silently lost.
RUNNING_MARK = "vnmon-crawl-running"


def job_dir(spider: str, source_ids: list[str]) -> Path:
    """Where Scrapy keeps the resumable state of this crawl (one per spider and source set)."""
    key = hashlib.sha1(",".join(sorted(source_ids)).encode()).hexdigest()[:12]
    return get_settings().data_dir / "jobs" / f"{spider}-{key}"


def run_crawl(
    sources_path: str | Path | None = None,
    source_ids: list[str] | None = None,
    spider: str = "news",
    overrides: dict[str, Any] | None = None,
    lock_ids: list[str] | None = None,
) -> dict[str, Any]:
    """Crawl the selected sources (all when none are named) and return the summary.

    A crawl that is stopped (Ctrl-C, SIGTERM) keeps its state in `VNMON_DATA_DIR/jobs/` and the
    next identical crawl resumes it; a crawl that finishes clears that state. A crawl that was
    killed without closing leaves state that cannot be trusted: the next one starts again from
    the entry points (articles already indexed are skipped, the rest are fetched again).
    `lock_ids` replaces the selected sources' ids as the locks held and the resume state's key
    (discovery: `gdelt`).
    """
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from crawler.extensions.summary import CrawlSummary
    from crawler.workers import configured_workers, worker_count

    path = resolve_sources_path(sources_path)
    configured = load_sources(path)  # fails here, before Scrapy starts, on a bad file
    selected = select_sources(configured, source_ids) if source_ids else configured
    ids = [s.id for s in selected]
    locked = ids if lock_ids is None else lock_ids
    settings = get_project_settings()
    state = job_dir(spider, locked)
    settings.set("JOBDIR", str(state), priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    worker_count(configured_workers(settings.get("VNMON_WORKERS")))  # a bad value fails here, named
    # One crawl per source on this host (scale-out workers share a Redis frontier instead).
    shared = bool(get_settings().redis_url)
    with nullcontext() if shared else source_locks(locked):
        if not shared:  # the lock makes this crawl the state's only user
            _claim_job_state(state)  # before Scrapy opens the state
        process = CrawlerProcess(settings)  # LOG_INSTALL_ROOT_HANDLER (default True) logs to stderr
        crawler = process.create_crawler(spider)
        process.crawl(crawler, source=",".join(ids), sources=str(path))
        process.start()
        (state / RUNNING_MARK).unlink(missing_ok=True)  # Scrapy has closed: its state is saved
    summary_ext = next(e for e in crawler.extensions.middlewares if isinstance(e, CrawlSummary))
    if summary_ext.summary_path is None:
        raise RuntimeError("the crawl ended without writing its summary")
    summary: dict[str, Any] = json.loads(summary_ext.summary_path.read_text(encoding="utf-8"))
    summary["summary_file"] = str(summary_ext.summary_path)
    if summary.get("finish_reason") == "finished":
        shutil.rmtree(state, ignore_errors=True)
    return summary


def _claim_job_state(state: Path) -> None:
    """Mark `state` as in use, first discarding what a killed crawl left there."""
    mark = state / RUNNING_MARK
    if mark.exists():
        owner = mark.read_text(encoding="utf-8", errors="replace").strip() or "?"
        log.warning(
            "the previous crawl of these sources (process %s) stopped without saving its state in %s; "
            "starting again from the entry points (articles already indexed are not fetched again)",
            owner,
            state,
        )
        shutil.rmtree(state)
    state.mkdir(parents=True, exist_ok=True)
    mark.write_text(f"{os.getpid()}\n", encoding="utf-8")


def format_summary(summary: dict[str, Any]) -> str:
    """The per-source table printed at the end of `vnmon crawl`."""
    rows = [("source", "fetched", "articles", "dropped", "http errors", "errors")]
    for source, tally in sorted(summary["sources"].items()):
        dropped = ", ".join(f"{k} {v}" for k, v in sorted(tally["dropped"].items())) or "-"
        if tally.get("robots_denied"):
            dropped += f", robots {tally['robots_denied']}"
        http = ", ".join(f"{k}×{v}" for k, v in sorted(tally["http_errors"].items())) or "-"
        rows.append(
            (source, str(tally["fetched"]), str(tally["articles"]), dropped, http, str(tally["errors"]))
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(
        f"finish: {summary['finish_reason']}; indexed {summary['indexed']}, spooled {summary['spooled']} "
        f"(waiting {summary['spool_waiting']}), quarantined {summary['quarantined']}; "
        f"{summary['pages_per_second']} pages/s"
    )
    workers = summary.get("workers", 0)
    where = f"{workers} worker process{'es' if workers != 1 else ''}" if workers else "the crawl process"
    restarts = summary.get("worker_restarts", 0)
    crashes = f" (restarted {restarts}× after a worker crash)" if restarts else ""
    if summary.get("workers_given_up"):
        crashes += ", then in the crawl process: the workers kept dying"
    lines.append(f"pages analysed in {where}{crashes}")
    return "\n".join(lines)
