"""Run history and source-health states in Elasticsearch: `<prefix>-runs` and `<prefix>-source-health`."""

from __future__ import annotations

import json
import logging
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError

from indexer.client import build_client, fail_fast, shown_url
from vnmon.kernel.errors import VnmonError
from vnmon.kernel.settings import get_settings

log = logging.getLogger(__name__)

# finish_reason of a Scrapy crawl -> status of the run.
_STATUS_OF_REASON = {"finished": "finished", "shutdown": "interrupted", "cancelled": "interrupted"}

_KEYWORD = {"type": "keyword"}
_DATE = {"type": "date"}
_RUNS_MAPPING: dict[str, Any] = {
    "dynamic": False,
    "properties": {
        "run_id": _KEYWORD,
        "trigger": _KEYWORD,
        "schedule": _KEYWORD,
        "spider": _KEYWORD,
        "status": _KEYWORD,
        "finish_reason": _KEYWORD,
        "started_at": _DATE,
        "ended_at": _DATE,
        "duration_seconds": {"type": "float"},
        "sources": _KEYWORD,
        "pages_fetched": {"type": "long"},
        "articles_indexed": {"type": "long"},
        "indexed": {"type": "long"},
        "spooled": {"type": "long"},
        "spool_waiting": {"type": "long"},
        "quarantined": {"type": "long"},
        "exit_code": {"type": "integer"},
        "pid": {"type": "integer"},
        "host": _KEYWORD,
        "log_file": _KEYWORD,
        "summary_file": _KEYWORD,
        # The per-source tallies keep open-ended keys (drop reasons, HTTP codes, URLs): stored, not indexed.
        "per_source": {"type": "object", "enabled": False},
    },
}
_HEALTH_MAPPING: dict[str, Any] = {
    "dynamic": False,
    "properties": {
        "source": _KEYWORD,
        "state": _KEYWORD,
        "since": _DATE,
        "evaluated_at": _DATE,
        "alerted_at": _DATE,
    },
}


class RunsError(VnmonError):
    """The run history cannot be read (no such run, Elasticsearch away)."""


def runs_index(prefix: str | None = None) -> str:
    """`<prefix>-runs`: one document per crawl run, its id the run id."""
    return f"{prefix or get_settings().index_prefix}-runs"


def health_index(prefix: str | None = None) -> str:
    """`<prefix>-source-health`: the last evaluated state of each source (to alert on changes only)."""
    return f"{prefix or get_settings().index_prefix}-source-health"


def quick_client() -> Elasticsearch:
    """A client that gives up fast: run bookkeeping must never hold a crawl or the scheduler up."""
    return fail_fast(build_client())


_ENSURED: set[str] = set()  # indices this process has seen exist (no HEAD request per write)


def ensure_indices(client: Elasticsearch) -> None:
    """Create the runs and health indices when missing (idempotent, safe when two processes race)."""
    for name, mapping in ((runs_index(), _RUNS_MAPPING), (health_index(), _HEALTH_MAPPING)):
        if name in _ENSURED or client.indices.exists(index=name):
            _ENSURED.add(name)
            continue
        try:
            client.indices.create(
                index=name, mappings=mapping, settings={"number_of_shards": 1, "auto_expand_replicas": "0-1"}
            )
        except ApiError as exc:
            if exc.meta.status != 400 or "resource_already_exists" not in str(exc):
                raise
        _ENSURED.add(name)


# -- building run documents ---------------------------------------------------------------------


def run_status(finish_reason: str | None) -> str:
    """`finished`, `interrupted` (stopped by a signal: resumable) or `failed`."""
    return _STATUS_OF_REASON.get(finish_reason or "", "failed")


def run_from_summary(summary: dict[str, Any], summary_file: Path | None = None) -> dict[str, Any]:
    """The run document of a crawl summary (as written by the crawler's summary extension).

    A discovery run's summary also holds what discovery read (`discovery`): its feed (`gdelt`,
    `gdelt-doc`) becomes one more source of the run, whose tally source health reads, and a run
    whose files or queries failed is `degraded`, its `problems` saying why.
    """
    crawled: dict[str, Any] = summary.get("sources", {})
    per_source = dict(crawled)
    discovery = summary.get("discovery")
    if discovery:
        articles = sum(int(t.get("articles", 0)) for t in crawled.values())
        per_source[discovery.get("source") or DISCOVERY] = discovery_tally(discovery, articles)
    started, finished = summary.get("started"), summary.get("finished")
    run_id = summary.get("run_id") or (summary_file.stem if summary_file else None)
    if not run_id:
        raise ValueError("a crawl summary without run_id needs its file name")
    trigger = summary.get("trigger") or "manual"
    status = run_status(summary.get("finish_reason"))
    problems = list(discovery.get("problems") or []) if discovery else []
    return {
        "run_id": run_id,
        "trigger": trigger,
        "schedule": trigger.split(":", 1)[1] if trigger.startswith("schedule:") else None,
        "spider": summary.get("spider"),
        "status": "degraded" if status == "finished" and problems else status,
        "problems": problems or None,
        "discovery": _discovery_record(discovery) if discovery else None,
        "finish_reason": summary.get("finish_reason"),
        "started_at": started,
        "ended_at": finished,
        "duration_seconds": _seconds_between(started, finished),
        "sources": sorted(set(summary.get("selected") or []) | set(per_source) - {"?"}),
        # Pages and articles of the crawl itself (a discovery tally counts files, not pages).
        "pages_fetched": sum(int(t.get("fetched", 0)) for t in crawled.values()),
        "articles_indexed": sum(int(t.get("articles", 0)) for t in crawled.values()),
        "indexed": summary.get("indexed", 0),
        "spooled": summary.get("spooled", 0),
        "spool_waiting": summary.get("spool_waiting", 0),
        "quarantined": summary.get("quarantined", 0),
        "pages_per_second": summary.get("pages_per_second"),
        "host": summary.get("host") or socket.gethostname(),
        "log_file": summary.get("log_file"),
        "summary_file": str(summary_file) if summary_file else summary.get("summary_file"),
        "per_source": per_source,
    }


DISCOVERY = "gdelt"  # the source of discovery runs in the run history and source health
_UNREACHED = ("answered HTTP", "unreachable", "larger than")  # a file or query that was not read


def discovery_tally(discovery: dict[str, Any], articles: int) -> dict[str, Any]:
    """What a discovery run read, as a source's tally: each GDELT file (or DOC query) an entry
    point (`200` when read, else `missing` or `damaged`), the records it dropped by reason, and
    the articles its crawl indexed."""
    problems = list(discovery.get("problems") or [])
    outcomes: dict[str, str] = {}
    for name in [*discovery.get("files", []), *discovery.get("unread", [])]:
        told = [p for p in problems if name in p]
        missing = any(word in p for p in told for word in _UNREACHED)
        outcomes[name] = "missing" if missing else "damaged" if told else "200"
    counts = {k: int(v) for k, v in (discovery.get("counts") or {}).items()}
    unread = sum(1 for outcome in outcomes.values() if outcome == "missing")
    damaged = counts.get("truncated_files", 0) + counts.get("checksum_mismatch", 0)
    return {
        "fetched": len(outcomes) - unread,
        "articles": articles,
        "dropped": {k: v for k, v in counts.items() if k not in _READ_COUNTS and v},
        "http_errors": {"missing": unread} if unread else {},
        "errors": unread + damaged,
        "robots_denied": 0,
        "seen_urls": 0,
        "entry_points": outcomes,
        "records": counts.get("records", 0),
        "kept": counts.get("kept", 0),
        "found": int(discovery.get("found", 0)),
    }


_READ_COUNTS = ("records", "kept", "files", "missing_files", "truncated_files", "checksum_mismatch")


def _discovery_record(discovery: dict[str, Any]) -> dict[str, Any]:
    """The part of the discovery report a run document keeps (the file lists are in its tally)."""
    return {
        "source": discovery.get("source") or DISCOVERY,
        "files": len(discovery.get("files", [])),
        "found": discovery.get("found", 0),
        "counts": discovery.get("counts", {}),
    }


def record_discovery(
    discovery: dict[str, Any], started: datetime, error: str | None = None, runs_dir: Path | None = None
) -> dict[str, Any]:
    """Record a discovery run that crawled nothing (no new URL, or GDELT unreachable: `error`):
    its summary file in `VNMON_DATA_DIR/runs/` and its run document, as a crawl's would be."""
    settings = get_settings()
    source = discovery.get("source") or DISCOVERY
    stamp = started.strftime("%Y%m%dT%H%M%S%fZ")
    summary: dict[str, Any] = {
        "run_id": settings.run_id or f"crawl-{stamp}-discover",
        "trigger": settings.run_trigger or "manual",
        "spider": "discover",
        "selected": [source],
        "started": started.isoformat(),
        "finished": datetime.now(UTC).isoformat(),
        # Not a Scrapy reason: `failed`, with the error as the reason.
        "finish_reason": error or "finished",
        "sources": {},
        "discovery": discovery,
    }
    runs_dir = runs_dir or settings.data_dir / "runs"
    runs_dir.mkdir(parents=True, exist_ok=True)
    path = runs_dir / f"crawl-{stamp}-discover.json"
    path.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    record_summary(summary, path)
    return summary


def _seconds_between(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds(), 3)


# -- writing --------------------------------------------------------------------------------------


def save_run(doc: dict[str, Any], client: Elasticsearch | None = None) -> None:
    """Write (or overwrite) one run document; raises on an Elasticsearch failure."""
    client = client or quick_client()
    ensure_indices(client)
    client.index(index=runs_index(), id=doc["run_id"], document=doc, refresh="wait_for")


def record_summary(summary: dict[str, Any], summary_file: Path | None = None) -> bool:
    """Record a finished crawl from its summary; False (and a log line) when Elasticsearch is away.

    Summaries stay on disk in `VNMON_DATA_DIR/runs/`, so `sync_summaries` records them later.
    """
    try:
        save_run(run_from_summary(summary, summary_file))
    except (TransportError, ApiError) as exc:
        log.warning("run history not recorded now (%s); `vnmon runs sync` records it later", exc)
        return False
    return True


def start_run(
    run_id: str,
    trigger: str,
    sources: list[str],
    spider: str,
    log_file: Path | None,
    pid: int | None = None,
    client: Elasticsearch | None = None,
) -> dict[str, Any]:
    """Record a run that is starting (status `running`); the crawl overwrites it when it ends."""
    doc: dict[str, Any] = {
        "run_id": run_id,
        "trigger": trigger,
        "schedule": trigger.split(":", 1)[1] if trigger.startswith("schedule:") else None,
        "spider": spider,
        "status": "running",
        "started_at": datetime.now(UTC).isoformat(),
        "sources": sorted(sources),
        "host": socket.gethostname(),
        "log_file": str(log_file) if log_file else None,
        "pid": pid,
        "per_source": {},
    }
    client = client or quick_client()
    ensure_indices(client)
    # `create`: should the crawl already have recorded its end (a very short run), keep that.
    client.options(ignore_status=409).index(
        index=runs_index(), id=run_id, document=doc, op_type="create"
    )  # no refresh wait: the scheduler must not stall; readers see it within a second
    return doc


def close_run(run_id: str, exit_code: int, client: Elasticsearch | None = None) -> dict[str, Any] | None:
    """After the crawl process of `run_id` exited: record its exit code; a run still marked
    `running` (the process died before writing its summary) becomes `failed`."""
    client = client or quick_client()
    doc = get_run(run_id, client)
    if doc is None:
        return None
    doc["exit_code"] = exit_code
    if doc.get("status") == "running":
        doc["status"] = "failed"
        doc["finish_reason"] = f"exit code {exit_code} without a summary"
        doc["ended_at"] = datetime.now(UTC).isoformat()
        doc["duration_seconds"] = _seconds_between(doc.get("started_at"), doc["ended_at"])
    save_run(doc, client)
    return doc


def finish_job(run_id: str, errors: list[str], client: Elasticsearch | None = None) -> None:
    """Record the end of a scheduled job that is not a crawl (digest, export): finished or failed."""
    client = client or quick_client()
    doc = get_run(run_id, client) or {"run_id": run_id}
    ended = datetime.now(UTC).isoformat()
    doc.update(
        status="failed" if errors else "finished",
        finish_reason="; ".join(errors) or "finished",
        ended_at=ended,
        duration_seconds=_seconds_between(doc.get("started_at"), ended),
    )
    save_run(doc, client)


def sync_summaries(runs_dir: Path | None = None, max_age_days: float = 14) -> int:
    """Record every recent summary file whose run is missing or still `running`; returns how many."""
    runs_dir = runs_dir or get_settings().data_dir / "runs"
    if not runs_dir.is_dir():
        return 0
    cutoff = datetime.now(UTC) - timedelta(days=max_age_days)
    pending: dict[str, tuple[dict[str, Any], Path]] = {}
    for path in sorted(runs_dir.glob("crawl-*.json")):
        if datetime.fromtimestamp(path.stat().st_mtime, UTC) < cutoff:
            continue
        try:
            summary = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("skipping unreadable crawl summary %s: %s", path, exc)
            continue
        pending[summary.get("run_id") or path.stem] = (summary, path)
    if not pending:
        return 0
    client = quick_client()
    ensure_indices(client)
    found = client.mget(index=runs_index(), ids=list(pending))
    known = {d["_id"]: d["_source"] for d in found["docs"] if d.get("found")}
    count = 0
    for run_id, (summary, path) in pending.items():
        previous = known.get(run_id)
        if previous is not None and previous.get("status") != "running":
            continue
        doc = run_from_summary(summary, path)
        # What the scheduler knew at the start (its log file) survives when the summary lacks it.
        merged = {**(previous or {}), **{k: v for k, v in doc.items() if v is not None}}
        save_run(merged, client)
        count += 1
    return count


# -- reading --------------------------------------------------------------------------------------


def get_run(run_id: str, client: Elasticsearch | None = None) -> dict[str, Any] | None:
    """One run document, or None when there is no such run."""
    client = client or build_client()
    try:
        return dict(client.get(index=runs_index(), id=run_id)["_source"])
    except NotFoundError:
        return None


def list_runs(
    limit: int = 20,
    source: str | None = None,
    status: str | None = None,
    client: Elasticsearch | None = None,
) -> list[dict[str, Any]]:
    """The most recent runs first, optionally of one source or with one status."""
    client = client or build_client()
    filters: list[dict[str, Any]] = []
    if source:
        filters.append({"term": {"sources": source}})
    if status:
        filters.append({"term": {"status": status}})
    try:
        found = client.search(
            index=runs_index(),
            size=limit,
            query={"bool": {"filter": filters}},
            sort=[{"started_at": {"order": "desc", "unmapped_type": "date"}}],
        )
    except NotFoundError:
        return []
    return [dict(hit["_source"]) for hit in found["hits"]["hits"]]


def runs_by_source(window: int = 10, client: Elasticsearch | None = None) -> dict[str, list[dict[str, Any]]]:
    """Per source, its last `window` finished or failed runs (newest first): source health's input."""
    client = client or build_client()
    try:
        found = client.search(
            index=runs_index(),
            size=0,
            # Running and interrupted runs have partial numbers: they would read as a drop.
            query={"bool": {"must_not": [{"terms": {"status": ["running", "interrupted"]}}]}},
            aggs={
                "by_source": {
                    "terms": {"field": "sources", "size": 10_000},
                    "aggs": {
                        "last": {"top_hits": {"size": window, "sort": [{"started_at": {"order": "desc"}}]}}
                    },
                }
            },
        )
    except NotFoundError:
        return {}
    return {
        bucket["key"]: [dict(hit["_source"]) for hit in bucket["last"]["hits"]["hits"]]
        for bucket in found["aggregations"]["by_source"]["buckets"]
    }


# -- health states ------------------------------------------------------------------------------


def load_health_states(client: Elasticsearch | None = None) -> dict[str, dict[str, Any]]:
    """The last recorded health state of every source, keyed by source id."""
    client = client or build_client()
    try:
        found = client.search(index=health_index(), size=10_000, query={"match_all": {}})
    except NotFoundError:
        return {}
    return {hit["_id"]: dict(hit["_source"]) for hit in found["hits"]["hits"]}


def save_health_states(states: dict[str, dict[str, Any]], client: Elasticsearch | None = None) -> None:
    """Record the evaluated state of each source (one bulk request)."""
    if not states:
        return
    client = client or build_client()
    ensure_indices(client)
    operations: list[dict[str, Any]] = []
    for source, state in states.items():
        operations += [{"index": {"_index": health_index(), "_id": source}}, {"source": source, **state}]
    client.bulk(operations=operations, refresh=True)


def latest_article_dates(client: Elasticsearch | None = None) -> dict[str, str]:
    """Per source, when its newest indexed article was fetched (ISO date), from the articles alias."""
    from indexer.lifecycle import articles_alias

    client = client or build_client()
    try:
        found = client.search(
            index=articles_alias(),
            size=0,
            aggs={
                "by_source": {
                    "terms": {"field": "source", "size": 10_000},
                    "aggs": {"newest": {"max": {"field": "fetched_at"}}},
                }
            },
        )
    except NotFoundError:
        return {}
    return {
        b["key"]: b["newest"]["value_as_string"]
        for b in found["aggregations"]["by_source"]["buckets"]
        if b["newest"].get("value_as_string")
    }


def describe_unavailable(exc: Exception) -> RunsError:
    """A one-line error for a CLI whose history read failed."""
    return RunsError(f"run history unavailable at {shown_url(get_settings().es_url)}: {exc}")
