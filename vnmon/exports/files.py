"""Finds published weekly exports on disk for downloads (web UI): listing and path-safe lookup."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vnmon.exports.errors import ExportError
from vnmon.kernel.settings import Settings, get_settings

# A week's full export (2026-W47) or a filtered one (2026-W47-filtered-1a2b3c4d, `folder_label`).
FOLDER_PATTERN = r"^\d{4}-W\d{2}(-filtered-[0-9a-f]{8})?$"
_WEEK_DIR = re.compile(FOLDER_PATTERN)
_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MEDIA_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jsonl": "application/x-ndjson; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".json": "application/json",
}


@dataclass(frozen=True)
class ExportedWeek:
    """One published week's folder, as the download page lists it."""

    week: str  # the folder's name: the ISO week, and a filter's mark for a filtered report
    folder: Path
    files: list[str]
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def week_label(self) -> str:
        """The ISO week alone (`2026-W47`)."""
        return self.week[:8]

    @property
    def filtered(self) -> bool:
        return self.week != self.week_label

    @property
    def articles(self) -> int | None:
        value = self.manifest.get("articles")
        return int(value) if value is not None else None


def exports_dir(settings: Settings | None = None) -> Path:
    """Where weekly exports live by default: `VNMON_DATA_DIR/exports`."""
    return (settings or get_settings()).data_dir / "exports"


def list_exports(out_dir: Path | None = None) -> list[ExportedWeek]:
    """Published weeks, newest first, each week's full report before its filtered ones (staging
    folders and locks are not listed)."""
    root = out_dir or exports_dir()
    if not root.is_dir():
        return []
    weeks = []
    for folder in sorted(root.iterdir(), key=lambda f: (f.name[:8], -len(f.name), f.name), reverse=True):
        if not (folder.is_dir() and _WEEK_DIR.match(folder.name)):
            continue
        files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix in MEDIA_TYPES)
        weeks.append(ExportedWeek(folder.name, folder, files, _manifest(folder)))
    return weeks


def export_file(week: str, name: str, out_dir: Path | None = None) -> Path:
    """The path of one published file, refusing anything that could leave the exports folder
    (`..`, slashes, hidden files, symlinks out); `ExportError` when it is not there."""
    root = (out_dir or exports_dir()).resolve()
    if not _WEEK_DIR.match(week) or not _FILE.match(name) or Path(name).suffix not in MEDIA_TYPES:
        raise ExportError(f"no export file {week}/{name}")
    path = (root / week / name).resolve()
    if path.parent != root / week or not path.is_file():
        raise ExportError(f"no export file {week}/{name} in {root}")
    return path


def media_type(path: Path) -> str:
    return MEDIA_TYPES.get(path.suffix, "application/octet-stream")


def _manifest(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
