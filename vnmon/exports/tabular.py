"""CSV and JSONL files of a week's rows (and the column set the spreadsheet shares)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vnmon.exports.labels import Labels
from vnmon.exports.rows import ExportRow

# Text a spreadsheet would run as a formula when a cell starts with one of these (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One exported column: its label key, how to read it from a row, its XLSX width and kind."""

    key: str
    value: Callable[[ExportRow], Any]
    width: float
    kind: str = "text"  # text | date | number | int | url


def columns(full_text: bool) -> list[Column]:
    """The row columns, in the order every tabular file uses."""
    cols = [
        Column("published", lambda r: r.published, 17, "date"),
        Column("outlet", lambda r: r.outlet, 24),
        Column("country", lambda r: r.country, 8),
        Column("language", lambda r: r.language, 9),
        Column("headline", lambda r: r.title, 60),
        Column("url", lambda r: r.url, 45, "url"),
        Column("archive_url", lambda r: r.archive_url, 40, "url"),
        Column("prominence", lambda r: r.prominence, 11),
        Column("snippet", lambda r: r.snippet, 70),
        Column("relevance", lambda r: r.relevance, 11, "number"),
        Column("matched_terms", lambda r: "; ".join(r.matched_terms), 28),
        Column("places", lambda r: "; ".join(r.places), 30),
        Column("topics", lambda r: "; ".join(r.topics), 30),
        Column("found_via", lambda r: "; ".join(r.found_via), 14),
        Column("gdelt_tone", lambda r: r.gdelt_tone, 10, "number"),
        Column("gdelt_locations", lambda r: "; ".join(r.gdelt_locations), 30),
        Column("cluster_id", lambda r: r.cluster_id, 18),
        Column("copies", lambda r: r.copies, 8, "int"),
        Column("article_id", lambda r: r.article_id, 20),
    ]
    if full_text:
        cols.append(Column("full_text", lambda r: r.body or "", 100))
    return cols


def defuse(text: str) -> str:
    """A leading apostrophe on text Excel would otherwise evaluate as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_csv(path: Path, rows: Iterable[ExportRow], labels: Labels, tz_name: str, full_text: bool) -> int:
    """UTF-8 *with a BOM*: Excel opens a BOM-less CSV in the Windows code page and garbles
    Vietnamese, Cyrillic and Japanese; the BOM is how it recognises UTF-8 (other tools skip it)."""
    lines = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        for line in csv_lines(rows, labels, tz_name, full_text):
            out.write(line)
            lines += 1
    return lines - 1  # the rows, not the header


def csv_lines(rows: Iterable[ExportRow], labels: Labels, tz_name: str, full_text: bool) -> Iterator[str]:
    """The CSV file line by line (the first starts with the BOM), for files and streamed downloads."""
    cols = columns(full_text)
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield "\ufeff" + line([header_label(c, labels, tz_name) for c in cols])
    for row in rows:
        yield line([_csv_cell(c, row) for c in cols])


def header_label(column: Column, labels: Labels, tz_name: str) -> str:
    """The column's label; a date column's names its time zone."""
    label = labels(column.key)
    return f"{label} ({tz_name})" if column.kind == "date" else label


def _csv_cell(column: Column, row: ExportRow) -> str:
    value = column.value(row)
    if value is None:  # unknown (a GDELT tone of an article GDELT does not know)
        return ""
    if column.kind == "date":
        # "YYYY-MM-DD HH:MM" is the form Excel and LibreOffice read as a date-time in any locale.
        return str(value.strftime("%Y-%m-%d %H:%M"))
    if isinstance(value, str):
        return defuse(value)
    return str(value)


def write_jsonl(path: Path, rows: Iterable[ExportRow]) -> int:
    """One JSON object per line, UTF-8 without escapes (keys are stable English names)."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for line in jsonl_lines(rows):
            out.write(line)
            written += 1
    return written


def jsonl_lines(rows: Iterable[ExportRow]) -> Iterator[str]:
    """The JSONL file line by line."""
    for row in rows:
        yield json.dumps(row.to_json(), ensure_ascii=False) + "\n"
