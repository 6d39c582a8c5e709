"""Export any search: every matching article, streamed as CSV, XLSX or JSONL with the weekly export's columns.

The CLI (`vnmon search … --format csv --out FILE`) and the web (`GET /export/search?…&format=csv`)
both call `export_chunks`: the search's query and filters as the results page runs them, read
through a point in time page by page (no 10,000 limit, one page in memory), in the search's own
order (relevance or newest first). Every copy of a syndicated story is a row; `copies` says how
many of the matching articles tell the same story.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias
from indexer.search.compiler import to_es_query
from indexer.search.params import SearchParams, filter_clauses
from vnmon.exports import fetch
from vnmon.exports.errors import ExportError
from vnmon.exports.labels import Labels
from vnmon.exports.rows import ExportRow, RowContext, row_from_hit
from vnmon.exports.tabular import csv_lines, jsonl_lines
from vnmon.exports.xlsx import write_rows_xlsx
from vnmon.kernel.lexicon import load_lexicon
from vnmon.kernel.settings import Settings, get_settings

SEARCH_FORMATS = ("csv", "xlsx", "jsonl")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/x-ndjson; charset=utf-8",
}
_CHUNK = 64 * 1024


def check_format(fmt: str) -> str:
    """`fmt` lower-cased if it is one of SEARCH_FORMATS; `ExportError` naming the choices if not."""
    name = fmt.strip().lower()
    if name not in SEARCH_FORMATS:
        raise ExportError(f"unknown search export format {fmt!r}: choose one of {', '.join(SEARCH_FORMATS)}")
    return name


def search_query(params: SearchParams) -> dict[str, Any]:
    """The Elasticsearch query of a search: its text (Vietnam terms expanded unless turned off)
    and its filters, the same the results page runs."""
    return {"bool": {"must": [to_es_query(params.q, expand=params.expand)], "filter": filter_clauses(params)}}


def search_sort(params: SearchParams) -> list[Any]:
    """The search's own order; `_shard_doc` makes it total within the point in time."""
    newest = {"published_at": {"order": "desc", "missing": "_last"}}
    if params.sort == "date":
        return [newest, {"_shard_doc": "asc"}]
    return [{"_score": {"order": "desc"}}, newest, {"_shard_doc": "asc"}]


def search_rows(
    client: Elasticsearch, alias: str, params: SearchParams, settings: Settings
) -> Iterator[ExportRow]:
    """Every article matching `params` as an export row, read lazily in the search's order."""
    query = search_query(params)
    context = RowContext(
        tz=ZoneInfo(settings.timezone),
        copies=fetch.term_counts(client, alias, query, "cluster_id"),
        lexicon=load_lexicon(settings.lexicon),
        public_url=settings.public_url,
    )
    for hit in fetch.Scan(client, alias, query, search_sort(params)):
        yield row_from_hit(hit, context)


def export_search(params: SearchParams, fmt: str, out: BinaryIO, settings: Settings | None = None) -> int:
    """Write the export of every article matching `params` to `out` (what `vnmon search --format
    csv|xlsx|jsonl` does); returns how many articles it holds."""
    from indexer.client import connect

    settings = settings or get_settings()
    rows = _Counted(search_rows(connect(settings), articles_alias(settings.index_prefix), params, settings))
    for chunk in export_chunks(rows, fmt, settings):
        out.write(chunk)
    return rows.count


def export_chunks(
    rows: Iterator[ExportRow], fmt: str, settings: Settings, ui_lang: str = "both"
) -> Iterator[bytes]:
    """The export file of `rows` (`search_rows`) as a stream of bytes. CSV and JSONL are produced
    row by row; an XLSX (a zip) is written to a temporary file first, row by row, then streamed."""
    fmt = check_format(fmt)
    if fmt == "csv":
        yield from _batched(csv_lines(rows, Labels(ui_lang), settings.timezone, full_text=False))
    elif fmt == "jsonl":
        yield from _batched(jsonl_lines(rows))
    else:
        yield from _xlsx_chunks(rows, Labels(ui_lang), settings.timezone)


def download_name(fmt: str, now: datetime) -> str:
    """`vnmon-search-2026-12-07-1530.csv`: the moment it was made (the query is not put in a file
    name: it may hold any character)."""
    return f"vnmon-search-{now.strftime('%Y-%m-%d-%H%M')}.{check_format(fmt)}"


class _Counted(Iterator[ExportRow]):
    """The rows, counted as they pass."""

    def __init__(self, rows: Iterator[ExportRow]) -> None:
        self.rows = rows
        self.count = 0

    def __next__(self) -> ExportRow:
        row = next(self.rows)
        self.count += 1
        return row


def _batched(lines: Iterator[str]) -> Iterator[bytes]:
    """Lines gathered into chunks of about 64 KiB (one write per line would be slow to send)."""
    parts: list[str] = []
    size = 0
    for line in lines:
        parts.append(line)
        size += len(line)
        if size >= _CHUNK:
            yield "".join(parts).encode("utf-8")
            parts, size = [], 0
    if parts:
        yield "".join(parts).encode("utf-8")


def _xlsx_chunks(rows: Iterator[ExportRow], labels: Labels, tz_name: str) -> Iterator[bytes]:
    handle, name = tempfile.mkstemp(prefix="vnmon-search-", suffix=".xlsx")
    os.close(handle)
    try:
        path = Path(name)
        write_rows_xlsx(path, rows, labels, tz_name)
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk
    finally:
        os.unlink(name)
