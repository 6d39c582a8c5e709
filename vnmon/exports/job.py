"""`run_weekly_export`: the one call behind `vnmon export weekly` and the Monday job."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias
from indexer.search.params import SearchParams
from vnmon.exports.delivery import email_report, recipients_from
from vnmon.exports.errors import ExportError
from vnmon.exports.files import exports_dir, list_exports
from vnmon.exports.query import normalise_codes
from vnmon.exports.weekly import FORMATS, ExportRequest, ExportResult, export_week, parse_formats
from vnmon.exports.weeks import Week, last_complete_week, parse_week
from vnmon.kernel.settings import Settings, get_settings

# The weekly job's default schedule: Monday 07:00 in VNMON_TIMEZONE. The weekday is a name, not 1:
# APScheduler 3 reads crontab weekday digits from 0 = Monday, so "1" would fire on Tuesdays.
DEFAULT_SCHEDULE = "0 7 * * mon"
JOB_KIND = "weekly_export"
JOB_PARAMS = ("week", "query", "lang", "source", "format", "out", "ui_lang", "full_text", "email")
# Weeks the job catches up at most after the scheduler was down (older ones: `--week` by hand).
MAX_CATCH_UP_WEEKS = 8


def run_weekly_export(
    settings: Settings | None = None,
    week: str | Week | None = None,
    *,
    query: str | None = None,
    languages: Sequence[str] = (),
    sources: Sequence[str] = (),
    formats: Sequence[str] = FORMATS,
    out_dir: Path | None = None,
    full_text: bool = False,
    ui_lang: str = "both",
    email_to: Sequence[str] | None = None,
    client: Elasticsearch | None = None,
    now: datetime | None = None,
    filters: SearchParams | None = None,
) -> ExportResult:
    """Export one week (default: the last complete one in `settings.timezone`) and, when
    recipients are given — or, with `email_to=None`, configured in VNMON_REPORT_RECIPIENTS —
    email the report. Pass `email_to=()` to never send. `filters` (a saved search's) replaces
    `query`, `languages` and `sources` when given."""
    settings = settings or get_settings()
    if client is None:
        from indexer.client import connect

        client = connect(settings)
    request = ExportRequest(
        week=_week(week, settings.timezone, now),
        out_dir=out_dir or exports_dir(settings),
        filters=filters
        or SearchParams(q=query or "", langs=normalise_codes(languages), sources=normalise_codes(sources)),
        formats=tuple(formats),
        full_text=full_text,
        ui_lang=ui_lang,
    )
    result = export_week(client, articles_alias(settings.index_prefix), request, settings, now)
    recipients = recipients_from([settings.report_recipients] if email_to is None else email_to)
    if recipients:
        email_report(result.stats, result.files, recipients, settings, ui_lang)
        result.emailed_to = recipients
    return result


def _week(week: str | Week | None, tz_name: str, now: datetime | None) -> Week:
    if isinstance(week, Week):
        return week
    if week:
        return parse_week(week, tz_name)
    return last_complete_week(tz_name, now)


def weeks_due(
    out_dir: Path, tz_name: str, now: datetime | None = None, limit: int = MAX_CATCH_UP_WEEKS
) -> list[Week]:
    """The weeks the Monday job owes, oldest first: every complete week after the newest one
    published in `out_dir` (the scheduler may have been down for weeks), at most `limit`; the
    last complete week alone when nothing older is owed or nothing was ever published."""
    last = last_complete_week(tz_name, now)
    published = []
    for exported in list_exports(out_dir):
        try:
            published.append(parse_week(exported.week_label, tz_name))
        except ExportError:
            continue  # a folder named like a week that is not one (2026-W60)
    newest = max(published, key=lambda w: w.start, default=None)
    if newest is None or newest.start >= last.start:
        return [last]
    due: list[Week] = []
    week = last
    while week.start > newest.start and len(due) < limit:
        due.append(week)
        week = week.shifted(-1)
    return due[::-1]


def run_export_job(schedule_name: str, params: Mapping[str, str]) -> None:
    """The `weekly_export` job kind of the scheduler: `params` are strings from the schedule
    (`week`, `query`, `lang`, `source`, `format`, `out`, `ui_lang`, `full_text`, `email`).

    `email` is comma-separated addresses, `none`, or absent for VNMON_REPORT_RECIPIENTS. Safe to
    run again: the week's folder is replaced whole. Without `week`, weeks missed while the
    scheduler was down are exported (and emailed) too, oldest first (`weeks_due`).
    """
    unknown = sorted(set(params) - set(JOB_PARAMS))
    if unknown:
        raise ExportError(
            f"schedule {schedule_name!r}: unknown weekly_export param(s) {', '.join(unknown)}; "
            f"known: {', '.join(JOB_PARAMS)}"
        )
    email = params.get("email")
    out_dir = Path(params["out"]) if params.get("out") else None
    if params.get("week"):
        weeks: list[str | Week] = [params["week"]]
    else:
        settings = get_settings()
        weeks = list(weeks_due(out_dir or exports_dir(settings), settings.timezone))
    for week in weeks:
        run_weekly_export(
            week=week,
            query=params.get("query") or None,
            languages=[params.get("lang", "")],
            sources=[params.get("source", "")],
            formats=parse_formats([params.get("format", "")]),
            out_dir=out_dir,
            full_text=params.get("full_text", "").lower() in ("1", "true", "yes"),
            ui_lang=params.get("ui_lang", "both"),
            email_to=None if email is None else ([] if email.strip().lower() == "none" else [email]),
        )
