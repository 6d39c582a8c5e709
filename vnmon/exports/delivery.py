"""Emails a weekly report to reporters: a short summary in the message, the files attached."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from vnmon.exports.coverage import Coverage
from vnmon.exports.labels import Labels
from vnmon.exports.stats import WeekStats
from vnmon.kernel.settings import Settings
from vnmon.notify import build_email, send_email

# Attached in this order of preference: the PDF to read, the workbook to filter, the HTML as
# the fallback report when no PDF was made. JSONL/CSV stay on the server (download page).
_ATTACH = ("pdf", "xlsx", "html")
_TOP_IN_MAIL = 5
# Many mail servers refuse messages over 20-25 MB (and base64 adds a third): files that would
# pass this total stay on the download page, and the message says so.
MAX_ATTACHMENT_BYTES = 14 * 1024 * 1024


def recipients_from(values: Sequence[str]) -> list[str]:
    """Addresses from comma-separated and repeated values, in order, without duplicates."""
    seen: dict[str, None] = {}
    for value in values:
        for part in value.split(","):
            if part.strip():
                seen.setdefault(part.strip(), None)
    return list(seen)


def email_report(
    stats: WeekStats,
    files: dict[str, Path],
    to: Sequence[str],
    settings: Settings,
    ui_lang: str = "both",
) -> None:
    """Send the report; `DeliveryError` (from notify) names the server when it fails."""
    labels = Labels(ui_lang)
    attachments, left_out = _attachments(files)
    subject = f"vnmon · {labels('report_subject')} {stats.week.label}: {stats.total} {labels('articles')}"
    text = _text(stats, labels)
    if left_out:
        text += f"{labels('too_large')}: {', '.join(p.name for p in left_out)}\n"
    message = build_email(
        to,
        subject,
        text,
        html=_html(stats, labels),
        attachments=attachments,
        settings=settings,
    )
    send_email(message, settings)


def _attachments(files: dict[str, Path]) -> tuple[list[Path], list[Path]]:
    """The files to attach, in order of preference, within the size budget; and those left out."""
    wanted = [files[fmt] for fmt in _ATTACH if fmt in files]
    if "pdf" in files and "html" in files:
        wanted.remove(files["html"])
    attached: list[Path] = []
    left_out: list[Path] = []
    total = 0
    for path in wanted:
        size = path.stat().st_size
        if total + size > MAX_ATTACHMENT_BYTES:
            left_out.append(path)
            continue
        attached.append(path)
        total += size
    return attached, left_out


def _change(stats: WeekStats) -> str:
    if stats.change_pct is None:
        return f"{stats.change:+d}"
    return f"{stats.change:+d}, {stats.change_pct:+.0f}%"


def _leaders(coverage: Coverage, labels: Labels) -> str:
    """`Huế 3 (+2), Hà Nội 2 (+0)`: the provinces (topics) with the most articles this week."""
    leading = [s for s in coverage.shares if s.articles][:_TOP_IN_MAIL]
    return ", ".join(f"{s.label} {s.articles} ({s.change:+d})" for s in leading) or labels("none")


def _text(stats: WeekStats, labels: Labels) -> str:
    week = stats.week
    lines = [
        f"{labels('title')} · {labels('week')} {week.label} "
        f"({week.monday:%d/%m/%Y} – {week.sunday:%d/%m/%Y}, {week.tz_name})",
        "",
        f"{labels('articles')}: {stats.total} ({labels('previous_week')}: {stats.previous_total}; "
        f"{_change(stats)})",
        f"{labels('outlets')}: {len(stats.by_outlet)} · {labels('new_outlets')}: "
        + (", ".join(o.outlet for o in stats.new_outlets) or labels("none")),
        f"{labels('languages')}: " + ", ".join(f"{b.code} {b.articles}" for b in stats.by_language),
        f"{labels('by_province')}: {_leaders(stats.by_province, labels)}",
        f"{labels('topics')}: {_leaders(stats.by_topic, labels)}",
        "",
        labels("top_syndicated") + ":",
    ]
    for story in stats.top_syndicated[:_TOP_IN_MAIL] or stats.top_relevant[:_TOP_IN_MAIL]:
        lines.append(f"- [{story.copies}×] {story.lead.title} ({story.lead.outlet})\n  {story.lead.url}")
    lines += ["", labels("attached")]
    return "\n".join(lines) + "\n"


def _html(stats: WeekStats, labels: Labels) -> str:
    stories = stats.top_syndicated[:_TOP_IN_MAIL] or stats.top_relevant[:_TOP_IN_MAIL]
    items = "".join(
        f'<li>[{s.copies}×] <a href="{escape(s.lead.url)}">{escape(s.lead.title)}</a> '
        f"({escape(s.lead.outlet)})</li>"
        for s in stories
    )
    week = stats.week
    return (
        f"<h2>{escape(labels('title'))} · {escape(week.label)}</h2>"
        f"<p><b>{stats.total}</b> {escape(labels('articles'))} "
        f"({escape(labels('previous_week'))}: {stats.previous_total}; {escape(_change(stats))}) · "
        f"{len(stats.by_outlet)} {escape(labels('outlets'))}</p>"
        f"<p>{escape(labels('by_province'))}: {escape(_leaders(stats.by_province, labels))}<br>"
        f"{escape(labels('topics'))}: {escape(_leaders(stats.by_topic, labels))}</p>"
        f"<h3>{escape(labels('top_syndicated'))}</h3><ul>{items}</ul>"
        f"<p>{escape(labels('attached'))}</p>"
    )
