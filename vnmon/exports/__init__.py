"""Weekly exports for reporters: CSV, XLSX, JSONL, an HTML/PDF report, downloads and email."""

from __future__ import annotations

from vnmon.exports.errors import ExportError
from vnmon.exports.files import ExportedWeek, export_file, exports_dir, list_exports, media_type
from vnmon.exports.job import DEFAULT_SCHEDULE, run_weekly_export
from vnmon.exports.weekly import FORMATS, ExportRequest, ExportResult, export_week, parse_formats
from vnmon.exports.weeks import Week, last_complete_week, parse_week

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
