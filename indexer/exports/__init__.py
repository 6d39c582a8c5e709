"""Weekly exports for reporters: CSV, XLSX, JSONL, an HTML/PDF report, downloads and email."""

from __future__ import annotations

from indexer.exports.errors import ExportError
from indexer.exports.files import ExportedWeek, export_file, exports_dir, list_exports, media_type
from indexer.exports.job import DEFAULT_SCHEDULE, run_weekly_export
from indexer.exports.weekly import FORMATS, ExportRequest, ExportResult, export_week, parse_formats
from indexer.exports.weeks import Week, last_complete_week, parse_week

__all__ = [
    "DEFAULT_SCHEDULE",
    "FORMATS",
    "ExportError",
    "ExportRequest",
    "ExportResult",
    "ExportedWeek",
    "Week",
    "export_file",
    "export_week",
    "exports_dir",
    "last_complete_week",
    "list_exports",
    "media_type",
    "parse_formats",
    "parse_week",
    "run_weekly_export",
]
