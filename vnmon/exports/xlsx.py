"""The Excel workbook of a week: all articles, by language, by outlet; real dates, links, filters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from vnmon.exports.coverage import Coverage
from vnmon.exports.labels import Labels
from vnmon.exports.rows import ExportRow
from vnmon.exports.stats import WeekStats
from vnmon.exports.tabular import columns, header_label

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="9B1C1C")
_LINK_FONT = Font(color="0563C1", underline="single")
_DATE_FORMAT = "yyyy-mm-dd hh:mm"
# Excel refuses cells longer than this; full texts are cut there (the JSONL keeps them whole).
_EXCEL_CELL_MAX = 32767


def write_xlsx(
    path: Path,
    rows: Sequence[ExportRow],
    stats: WeekStats,
    labels: Labels,
    tz_name: str,
    full_text: bool,
) -> int:
    """Write the workbook; returns the number of article rows on the first sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    _articles_sheet(sheet, rows, labels, tz_name, full_text)
    _language_sheet(book.create_sheet(), stats, labels)
    _outlet_sheet(book.create_sheet(), stats, labels, tz_name)
    _coverage_sheet(book.create_sheet(), stats.by_province, labels, "by_province", "province")
    _coverage_sheet(book.create_sheet(), stats.by_topic, labels, "topics", "topic")
    book.save(path)
    return len(rows)


def write_rows_xlsx(
    path: Path, rows: Iterable[ExportRow], labels: Labels, tz_name: str, full_text: bool = False
) -> int:
    """A one-sheet workbook of `rows`, written row by row (openpyxl's write-only mode keeps
    memory flat however many articles a search matches); returns the number of rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(labels.short("all_articles")))
    cols = columns(full_text)
    for index, column in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in cols:
        cell = WriteOnlyCell(sheet, header_label(column, labels, tz_name))
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        header.append(cell)
    sheet.append(header)
    written = 0
    for row in rows:
        cells = []
        for column in cols:
            cell = WriteOnlyCell(sheet, _cell_value(column.value(row), column.kind))
            _style_cell(cell, column.kind)
            cells.append(cell)
        sheet.append(cells)
        written += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{written + 1}"
    book.save(path)
    return written


def _articles_sheet(
    sheet: Worksheet, rows: Sequence[ExportRow], labels: Labels, tz_name: str, full_text: bool
) -> None:
    sheet.title = _sheet_title(labels.short("all_articles"))
    cols = columns(full_text)
    headers = [header_label(c, labels, tz_name) for c in cols]
    body = [[c.value(row) for c in cols] for row in rows]
    _table(sheet, headers, body, [c.width for c in cols], [c.kind for c in cols])


def _language_sheet(sheet: Worksheet, stats: WeekStats, labels: Labels) -> None:
    sheet.title = _sheet_title(labels.short("by_language"))
    headers = [labels("code"), labels("language"), labels("articles"), labels("share"), labels("outlets")]
    body = [
        [b.code, labels.language_name(b.code), b.articles, _share(b.articles, stats.total), b.outlets]
        for b in stats.by_language
    ]
    _table(sheet, headers, body, [8, 30, 10, 9, 10], ["text", "text", "int", "percent", "int"])


def _outlet_sheet(sheet: Worksheet, stats: WeekStats, labels: Labels, tz_name: str) -> None:
    sheet.title = _sheet_title(labels.short("by_outlet"))
    headers = [
        labels("outlet"),
        labels("source_id"),
        labels("country"),
        labels("language"),
        labels("articles"),
        labels("share"),
        labels("mean_relevance"),
        f"{labels('first_published')} ({tz_name})",
        f"{labels('last_published')} ({tz_name})",
        labels("new"),
    ]
    body = [
        [
            o.outlet,
            o.source,
            o.country,
            o.language,
            o.articles,
            _share(o.articles, stats.total),
            o.mean_relevance,
            o.first,
            o.last,
            "✓" if o.new else "",
        ]
        for o in stats.by_outlet
    ]
    kinds = ["text", "text", "text", "text", "int", "percent", "number", "date", "date", "text"]
    _table(sheet, headers, body, [28, 22, 9, 9, 10, 9, 12, 18, 18, 7], kinds)


def _coverage_sheet(sheet: Worksheet, coverage: Coverage, labels: Labels, title: str, heading: str) -> None:
    """Every province (topic): articles, share of the week, the week before, the change."""
    sheet.title = _sheet_title(labels.short(title))
    headers = [
        labels("code"),
        labels(heading),
        labels("articles"),
        labels("share"),
        labels("previous_week"),
        labels("previous_share"),
        labels("change"),
    ]
    body = [
        [
            s.id,
            s.label,
            s.articles,
            _share(s.articles, s.total),
            s.previous,
            _share(s.previous, s.previous_total),
            s.change,
        ]
        for s in coverage.shares
    ]
    kinds = ["text", "text", "int", "percent", "int", "percent", "int"]
    _table(sheet, headers, body, [18, 32, 10, 9, 12, 12, 10], kinds)


def _table(
    sheet: Worksheet,
    headers: list[str],
    body: list[list[Any]],
    widths: list[float],
    kinds: list[str],
) -> None:
    """Header row (bold, frozen, filterable), typed cells, column widths."""
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sheet.row_dimensions[1].height = 32
    # Row numbers are counted here: `sheet.max_row` scans every cell, which made big weeks quadratic.
    for row, values in enumerate(body, start=2):
        sheet.append([_cell_value(v, k) for v, k in zip(values, kinds, strict=True)])
        _style_row(sheet, row, kinds)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A1:{last}{len(body) + 1}"


def _cell_value(value: Any, kind: str) -> Any:
    if kind == "date":
        # Excel has no time zones: store the local wall-clock time (the header names the zone).
        return value.replace(tzinfo=None)
    if isinstance(value, str) and len(value) > _EXCEL_CELL_MAX:
        return value[: _EXCEL_CELL_MAX - 1] + "…"
    return value


def _style_row(sheet: Worksheet, row: int, kinds: list[str]) -> None:
    for index, kind in enumerate(kinds, start=1):
        _style_cell(sheet.cell(row=row, column=index), kind)


def _style_cell(cell: Any, kind: str) -> None:
    """Number formats, links, and text kept as text (a cell of the sheet or a write-only cell)."""
    if kind == "date":
        cell.number_format = _DATE_FORMAT
    elif kind == "percent":
        cell.number_format = "0.0%"
    elif kind == "number":
        cell.number_format = "0.00"
    elif kind == "url" and cell.value:
        cell.hyperlink = str(cell.value)
        cell.font = _LINK_FONT
    if isinstance(cell.value, str) and cell.value.startswith("="):
        # openpyxl stores any text starting with "=" as a formula: keep headlines as text.
        cell.data_type = "s"


def _share(part: int, total: int) -> float:
    return round(part / total, 4) if total else 0.0


def _sheet_title(text: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in text)
    return cleaned[:31].strip()
