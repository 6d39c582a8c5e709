"""Plain-text tables of saved searches and of an alerts run, for the terminal."""

from __future__ import annotations

import json
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from vnmon.alerts.models import SavedSearch
from vnmon.alerts.runner import AlertsRunResult
from vnmon.kernel.settings import get_settings


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    return ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in [header, *rows]]  # fmt: skip


def render_saved(searches: Sequence[SavedSearch], fmt: str = "table") -> str:
    """`vnmon alerts list`: a table, or JSON (one object per saved search, with its id)."""
    if fmt == "json":
        return json.dumps([s.model_dump(mode="json") for s in searches], ensure_ascii=False, indent=2)
    if not searches:
        return "no saved searches (add one with `vnmon alerts save NAME QUERY --email ADDR`)"
    rows = [
        [
            s.name,
            s.owner,
            s.frequency,
            s.query.describe(),
            ", ".join(s.emails + ([s.webhook] if s.webhook else [])) or "-",
            _last_run(s),
        ]
        for s in searches
    ]
    return "\n".join(_table(["name", "owner", "frequency", "query", "targets", "last run"], rows))


def _last_run(saved: SavedSearch) -> str:
    run = saved.last_run
    if run is None:
        return "never"
    at = run.at.astimezone(ZoneInfo(get_settings().timezone))  # the display zone, with its offset
    text = f"{at:%Y-%m-%d %H:%M %Z} {run.delivered} sent"
    if run.failed or run.errors:
        text += f", {run.failed} FAILED (retried next run)"
    return text


def render_run(result: AlertsRunResult) -> str:
    """`vnmon alerts run`: per saved search its new matches, deliveries and failures, then each error."""
    if not result.searches:
        return "no saved searches"
    rows = [
        [s.name, s.owner, s.status + (" (more next run)" if s.more else ""), s.matches, s.delivered, s.failed]
        for s in result.searches
    ]
    lines = _table(
        ["saved search", "owner", "status", "matches", "delivered", "failed"],
        [[str(cell) for cell in row] for row in rows],
    )
    lines.append(f"total: {result.matches} new matches, {result.delivered} delivered, {result.failed} failed")
    errors = result.errors()
    if errors:
        lines.append("failures (retried at the next run, nothing is lost):")
        lines += [f"  {line}" for line in errors]
    return "\n".join(lines)
