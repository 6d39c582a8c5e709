"""`vnmon runs`: the history of crawl runs (scheduled and manual) with their numbers."""

from __future__ import annotations

import json
from typing import Any

import click

from vnmon.cli.common import reports_errors
from vnmon.cli.display import shown_time


@click.group("runs")
def runs() -> None:
    """What every crawl run did: when, why, how it ended, per source."""


@runs.command("list")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--source", help="Only runs that crawled this source.")
@click.option("--status", type=click.Choice(["running", "finished", "degraded", "interrupted", "failed"]))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@reports_errors
def list_(limit: int, source: str | None, status: str | None, fmt: str) -> None:
    """The latest runs first."""
    from vnmon.scheduling.control import recent_runs

    found = _read(lambda: recent_runs(limit, source=source, status=status))
    click.echo(json.dumps(found, indent=2, ensure_ascii=False) if fmt == "json" else _table(found))


@runs.command("show")
@click.argument("run_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--dropped", is_flag=True, help="Also list the URLs the crawl dropped, by reason (its log).")
@reports_errors
def show(run_id: str, fmt: str, dropped: bool) -> None:
    """One run with its per-source numbers (and, with --dropped, the pages it did not index)."""
    from dataclasses import asdict

    from vnmon.operations.dropped import dropped_pages, render_dropped
    from vnmon.scheduling.control import get_run

    found = _read(lambda: get_run(run_id))
    if fmt == "json":
        if dropped:
            pages = dropped_pages(found.get("log_file"))
            found["dropped_urls"] = {r: [asdict(p) for p in ps] for r, ps in pages.by_reason.items()}
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    click.echo(_details(found))
    if dropped:
        click.echo(render_dropped(dropped_pages(found.get("log_file"))))


@runs.command("sync")
@reports_errors
def sync() -> None:
    """Record the crawl summaries Elasticsearch missed (it was away when the crawl ended)."""
    from crawler.runs import sync_summaries

    count = _read(sync_summaries)
    click.echo(f"recorded {count} run{'s' if count != 1 else ''}")


def _read(fetch: Any) -> Any:
    from elasticsearch import ApiError, TransportError

    from crawler.runs import describe_unavailable

    try:
        return fetch()
    except (TransportError, ApiError) as exc:
        raise describe_unavailable(exc) from None


def _table(found: list[dict[str, Any]]) -> str:
    header = ["RUN", "TRIGGER", "STATUS", "STARTED", "SECONDS", "SOURCES", "PAGES", "ARTICLES"]
    rows = [
        [
            r["run_id"],
            r.get("trigger") or "-",
            r.get("status") or "-",
            shown_time(r.get("started_at")),
            "-" if r.get("duration_seconds") is None else f"{r['duration_seconds']:.0f}",
            _sources(r.get("sources") or []),
            str(r.get("pages_fetched", "-")),
            str(r.get("articles_indexed", "-")),
        ]
        for r in found
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]
    )


def _sources(ids: list[str]) -> str:
    return ",".join(ids) if len(ids) <= 3 else f"{','.join(ids[:3])} +{len(ids) - 3}"


def _details(run: dict[str, Any]) -> str:
    lines = [
        f"{key}: {shown_time(run[key], seconds=True) if key in _TIMES else run[key]}"
        for key in _FIELDS
        if run.get(key) is not None
    ]
    for source, tally in sorted((run.get("per_source") or {}).items()):
        dropped = ", ".join(f"{k} {v}" for k, v in sorted(tally.get("dropped", {}).items())) or "-"
        http = ", ".join(f"{k}×{v}" for k, v in sorted(tally.get("http_errors", {}).items())) or "-"
        lines.append(
            f"  {source}: fetched {tally.get('fetched', 0)}, articles {tally.get('articles', 0)}, "
            f"dropped {dropped}, http errors {http}, robots-denied {tally.get('robots_denied', 0)}, "
            f"errors {tally.get('errors', 0)}"
        )
        if "records" in tally:  # what a discovery read: GDELT records, kept, URLs to crawl
            lines[-1] += (
                f"; records {tally['records']}, kept {tally['kept']}, URLs to crawl {tally.get('found', 0)}"
            )
        for url, outcome in sorted(tally.get("entry_points", {}).items()):
            lines.append(f"    {url}: {outcome}")
    return "\n".join(lines)


_TIMES = ("started_at", "ended_at")  # shown in VNMON_TIMEZONE with the zone's offset
_FIELDS = (
    "run_id",
    "trigger",
    "status",
    "finish_reason",
    "problems",
    "exit_code",
    "spider",
    "started_at",
    "ended_at",
    "duration_seconds",
    "sources",
    "pages_fetched",
    "articles_indexed",
    "indexed",
    "spooled",
    "spool_waiting",
    "quarantined",
    "pages_per_second",
    "host",
    "log_file",
    "summary_file",
)
