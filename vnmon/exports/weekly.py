"""The weekly export: a week's articles as CSV, XLSX, JSONL, an HTML report and its PDF, in one folder."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from indexer.search.params import SearchParams
from indexer.search.trends import Trends, trends
from vnmon.exports import fetch
from vnmon.exports.coverage import week_coverage
from vnmon.exports.errors import ExportError
from vnmon.exports.labels import Labels
from vnmon.exports.publish import staging, swap_in, week_lock
from vnmon.exports.query import describe, folder_label, span_query, week_query
from vnmon.exports.report import find_chromium, html_to_pdf, render_html
from vnmon.exports.rows import ExportRow, RowContext, row_from_hit
from vnmon.exports.stats import WeekStats, compute_stats
from vnmon.exports.tabular import write_csv, write_jsonl
from vnmon.exports.tags import configured_tags
from vnmon.exports.weeks import Week
from vnmon.exports.xlsx import write_xlsx
from vnmon.kernel.lexicon import load_lexicon
from vnmon.kernel.settings import Settings

FORMATS = ("csv", "xlsx", "jsonl", "html", "pdf")
MANIFEST = "manifest.json"
NEW_OUTLET_WEEKS = 4  # an outlet is "new" with no article in this many weeks before


@dataclass(frozen=True)
class ExportRequest:
    """What to export: the week, the filters, which files, where, and how."""

    week: Week
    out_dir: Path
    filters: SearchParams = field(default_factory=SearchParams)
    formats: tuple[str, ...] = FORMATS
    full_text: bool = False
    ui_lang: str = "both"


@dataclass
class ExportResult:
    """What an export produced: the week's folder, its files by format, and the counts."""

    week: Week
    folder: Path
    files: dict[str, Path]
    count: int  # articles in every file
    index_count: int  # the index's count for the week and filters (equal to `count`)
    previous_count: int
    new_outlets: list[str]
    stats: WeekStats
    emailed_to: list[str] = field(default_factory=list)

    def summary(self) -> str:
        change = self.count - self.previous_count
        names = ", ".join(p.name for p in self.files.values())
        return (
            f"{self.week.label}: {self.count} articles ({change:+d} vs previous week), "
            f"{len(self.stats.by_outlet)} outlets, {len(self.new_outlets)} new -> {self.folder} [{names}]"
        )


def parse_formats(values: Sequence[str]) -> tuple[str, ...]:
    """`csv,xlsx` (repeatable) → formats in canonical order; unknown names are an `ExportError`."""
    wanted = {part.strip().lower() for value in values for part in value.split(",") if part.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise ExportError(f"unknown export format(s) {', '.join(unknown)}: choose from {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in wanted) or FORMATS


def file_name(label: str, fmt: str) -> str:
    """`vnmon-2026-W47.xlsx` (`label` from `folder_label`): the week, and a filtered report's mark,
    in the name, so forwarded attachments stay distinguishable."""
    return f"vnmon-{label}.{fmt}"


def export_week(
    client: Elasticsearch, index: str, request: ExportRequest, settings: Settings, now: datetime | None = None
) -> ExportResult:
    """Read the week from the index, write every requested file, and swap the folder in."""
    if "pdf" in request.formats:
        find_chromium()  # fail before reading anything when the PDF cannot be printed
    week, filters = request.week, request.filters
    hits, index_count = fetch.scan(client, index, week_query(week, filters))
    if len(hits) != index_count:
        raise ExportError(f"{week.label}: read {len(hits)} articles but the index counts {index_count}")
    copies = fetch.term_counts(client, index, week_query(week, SearchParams()), "cluster_id")
    lexicon = load_lexicon(settings.lexicon)
    # A report for Vietnamese readers names topics in Vietnamese; English and bilingual ones in English.
    tags = configured_tags("vi" if request.ui_lang == "vi" else "en")
    context = RowContext(week.tz, copies, request.full_text, lexicon, settings.public_url, tags)
    rows = [row_from_hit(hit, context) for hit in hits]
    previous = week.shifted(-1)
    previous_daily = fetch.daily_counts(client, index, week_query(previous, filters), week.tz_name)
    earlier = fetch.term_counts(
        client, index, span_query(week.shifted(-NEW_OUTLET_WEEKS), NEW_OUTLET_WEEKS, SearchParams()), "source"
    )
    stats = compute_stats(week, rows, sum(previous_daily.values()), set(earlier))
    by_province, by_topic = week_coverage(
        client, index, week, filters, (stats.total, stats.previous_total), context.tags
    )
    stats = dataclasses.replace(stats, by_province=by_province, by_topic=by_topic)
    generated = (now or datetime.now(UTC)).astimezone(week.tz)
    labels = Labels(request.ui_lang)
    # What is new this week against the 8 before, among the report's articles (a saved search's
    # filters narrow both periods): a section of the report.
    wanted = {"html", "pdf"} & set(request.formats)
    new_words = trends(client, index, now=week.end, filters=filters) if wanted else None
    label = folder_label(week, filters)
    target = request.out_dir / label
    with week_lock(request.out_dir, label), staging(request.out_dir, label) as stage:
        files = _write_files(
            stage, request, rows, stats, labels, previous, previous_daily, generated, new_words
        )
        _write_manifest(stage, request, stats, files, generated, index_count)
        swap_in(stage, target)
    return ExportResult(
        week=week,
        folder=target,
        files={fmt: target / path.name for fmt, path in files.items()},
        count=len(rows),
        index_count=index_count,
        previous_count=stats.previous_total,
        new_outlets=[o.source for o in stats.new_outlets],
        stats=stats,
    )


def _write_files(
    stage: Path,
    request: ExportRequest,
    rows: list[ExportRow],
    stats: WeekStats,
    labels: Labels,
    previous: Week,
    previous_daily: dict[str, int],
    generated: datetime,
    new_words: Trends | None = None,
) -> dict[str, Path]:
    week, tz_name = request.week, request.week.tz_name
    label = folder_label(week, request.filters)
    files: dict[str, Path] = {}
    for fmt in request.formats:
        files[fmt] = stage / file_name(label, fmt)
    if "csv" in files:
        write_csv(files["csv"], rows, labels, tz_name, request.full_text)
    if "jsonl" in files:
        write_jsonl(files["jsonl"], rows)
    if "xlsx" in files:
        write_xlsx(files["xlsx"], rows, stats, labels, tz_name, request.full_text)
    if "html" in files or "pdf" in files:
        daily_before = [previous_daily.get(day.isoformat(), 0) for day in previous.days()]
        html = render_html(rows, stats, daily_before, labels, request.filters, generated, new_words)
        html_path = stage / file_name(label, "html")
        html_path.write_text(html, encoding="utf-8")
        if "pdf" in files:
            html_to_pdf(html_path, files["pdf"])
        if "html" not in files:
            html_path.unlink()
    return files


def _write_manifest(
    stage: Path,
    request: ExportRequest,
    stats: WeekStats,
    files: dict[str, Path],
    generated: datetime,
    index_count: int,
) -> None:
    """`manifest.json`: what the folder holds, for the web UI and for anyone auditing counts."""
    week = request.week
    manifest: dict[str, Any] = {
        "week": week.label,
        "folder": folder_label(week, request.filters),
        "time_zone": week.tz_name,
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "generated_at": generated.isoformat(),
        "filters": describe(request.filters),
        "full_text": request.full_text,
        "ui_lang": request.ui_lang,
        "articles": stats.total,
        "index_count": index_count,
        "previous_week_articles": stats.previous_total,
        "outlets": len(stats.by_outlet),
        "new_outlets": [o.source for o in stats.new_outlets],
        # Articles per province (current unit) and per topic, as the report counts them.
        "by_province": {s.id: s.articles for s in stats.by_province.shares if s.articles},
        "by_topic": {s.id: s.articles for s in stats.by_topic.shares if s.articles},
        "files": {fmt: {"name": p.name, "bytes": p.stat().st_size} for fmt, p in files.items()},
    }
    (stage / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
