"""The digest of new matches: a bilingual (Vietnamese/English) email and a JSON webhook payload."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import escape

from vnmon.alerts.matching import Match
from vnmon.alerts.models import SavedSearch

WEBHOOK_EVENT = "vnmon.alert"


def subject(saved: SavedSearch, count: int) -> str:
    """`vnmon: 3 bài mới / 3 new articles — <name>`."""
    noun = "new article" if count == 1 else "new articles"
    return f"vnmon: {count} bài mới / {count} {noun} — {saved.name}"


def _when(value: str | None, tz: str) -> str:
    if not value:
        return "?"
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def _where(match: Match) -> str:
    return " · ".join(part for part in (match.source_name, match.country, match.language) if part)


def email_text(saved: SavedSearch, matches: Sequence[Match], recipient: str, tz: str) -> str:
    """The plain-text part: each article's title, outlet, date, link and snippet."""
    lines = [
        f"Tìm kiếm đã lưu / Saved search: {saved.name}",
        f"Truy vấn / Query: {saved.query.describe()}",
        f"{len(matches)} bài mới / new articles",
        "",
    ]
    for number, match in enumerate(matches, 1):
        lines += [
            f"{number}. {match.title or match.url}",
            f"   {_where(match)} — {_when(match.published_at, tz)}",
            f"   {match.url}",
        ]
        if match.snippet:
            lines.append(f"   {match.snippet}")
        lines.append("")
    lines.append(_footer(saved, recipient))
    return "\n".join(lines) + "\n"


def email_html(saved: SavedSearch, matches: Sequence[Match], recipient: str, tz: str) -> str:
    """The HTML part: the same content, escaped, with the matched words marked."""
    items = "".join(
        '<li style="margin-bottom:1em">'
        f'<a href="{escape(m.url)}"><strong>{escape(m.title or m.url)}</strong></a><br>'
        f"<small>{escape(_where(m))} — {escape(_when(m.published_at, tz))}</small><br>"
        f"<span>{m.snippet_html}</span></li>"
        for m in matches
    )
    return (
        '<!doctype html><html><head><meta charset="utf-8"></head><body>'
        f"<h2>{escape(subject(saved, len(matches)))}</h2>"
        f"<p>Tìm kiếm đã lưu / Saved search: <strong>{escape(saved.name)}</strong><br>"
        f"Truy vấn / Query: <code>{escape(saved.query.describe())}</code></p>"
        f"<ol>{items}</ol>"
        f"<p><small>{escape(_footer(saved, recipient))}</small></p>"
        "</body></html>"
    )


def _footer(saved: SavedSearch, recipient: str) -> str:
    return (
        f'Bạn nhận thư này vì {recipient} là người nhận của tìm kiếm "{saved.name}" ({saved.owner}). '
        f'/ You get this because {recipient} receives the saved search "{saved.name}" ({saved.owner}); '
        f'stop with: vnmon alerts remove "{saved.name}"'
    )


def webhook_payload(saved: SavedSearch, matches: Sequence[Match]) -> dict[str, Any]:
    """The JSON POSTed to a webhook: the event, the saved search, and its new articles."""
    return {
        "event": WEBHOOK_EVENT,
        "saved_search": {
            "id": saved.id,
            "name": saved.name,
            "owner": saved.owner,
            "query": saved.query.model_dump(mode="json"),
        },
        "count": len(matches),
        "subject": subject(saved, len(matches)),
        "generated_at": datetime.now(UTC).isoformat(),
        "articles": [m.to_json() for m in matches],
    }
