"""What the terminal shows: times labelled with their zone, the search table, one article.

Every time the CLI prints goes through `shown_time`: in the display zone (`VNMON_TIMEZONE`, the
one the web UI uses) with the zone's offset after it ("2026-03-04 09:00 +07"), so a reader never
has to guess whether a time is UTC. Column widths count terminal cells (`rich.cells`: CJK
characters take two), and every line is cut to the terminal's width.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich.cells import cell_len, set_cell_size

from vnmon.kernel.settings import get_settings

if TYPE_CHECKING:  # the renderers take these; reading them is vnmon/cli/reading.py's job
    from indexer.search.results import SearchHit, SearchResult
    from vnmon.kernel.article import Article
    from vnmon.kernel.prominence import Prominence

_FACET_ITEMS = 5
_INDENT = "    "
PROMINENCE_NAMES = {
    "title": "in the headline",
    "lead": "in the lead (opening paragraph)",
    "passing": "a passing mention",
    "none": "not named (matched by other terms)",
}


def display_zone() -> ZoneInfo:
    """The zone every time is shown in (`VNMON_TIMEZONE`, shared with the web UI)."""
    return ZoneInfo(get_settings().timezone)


def shown_time(moment: datetime | str | None, *, seconds: bool = False) -> str:
    """`2026-03-04 09:00 +07`: a time in the display zone with its offset; "-" when unknown.
    Strings are ISO 8601 (a trailing Z is UTC); a naive time is taken as UTC (how vnmon stores)."""
    if moment is None or moment == "":
        return "-"
    if isinstance(moment, str):
        try:
            parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
        except ValueError:
            return moment
        moment = parsed
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    local = moment.astimezone(display_zone())
    return local.strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z")


def fit(text: str, columns: int) -> str:
    """`text` on one line (line breaks become spaces), cut with an ellipsis to at most `columns`
    terminal cells."""
    text = re.sub(r"\s*[\r\n\t\f\v]+\s*", " ", text)
    if cell_len(text) <= columns:
        return text
    return set_cell_size(text, max(columns - 1, 0)).rstrip() + "…"


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 result`, `2 results`."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def search_table(result: SearchResult, width: int, passages: dict[str, str], all_copies: bool = False) -> str:
    """The results as the terminal shows them: per hit a line of date, language, outlet, copies and
    title; then its URL and id; then its snippet (the highlighted match, else `passages[id]`, the
    sentences naming Vietnam). Facet counts and the next page's cursor follow."""
    unit = "article" if all_copies else "story"
    stories = plural(result.total, unit, "articles" if all_copies else "stories")
    lines = [
        f"{plural(result.total, 'result')} ({stories}, {plural(result.articles, 'article')}) "
        f"in {result.took_ms} ms · times in {get_settings().timezone}"
    ]
    for number, hit in enumerate(result.hits, start=1):
        lines.append("")
        lines.extend(_hit_lines(number, hit, width, passages.get(hit.id, "")))
    facets = result.facets
    if facets is not None and result.total:
        lines.append("")
        lines.append(fit(_summary("languages", [(b.key, b.count) for b in facets.languages]), width))
        lines.append(fit(_summary("sources", [(b.key, b.count) for b in facets.sources]), width))
        lines.append(fit(_summary("countries", [(b.key, b.count) for b in facets.countries]), width))
    if result.next_cursor:
        lines.append(f"next page: --cursor {result.next_cursor}")
    return "\n".join(lines)


def snippet_of(hit: SearchHit, passage: str) -> str:
    """The highlighted fragments when the query matched some text, else the passage naming Vietnam,
    else the snippet the engine gave (the start of the text)."""
    if "<mark>" in hit.snippet:
        return hit.snippet_text
    return passage or hit.snippet_text or hit.lead


def _hit_lines(number: int, hit: SearchHit, width: int, passage: str) -> list[str]:
    copies = f" x{hit.copies}" if hit.copies > 1 else ""
    outlet = hit.source_name or hit.source
    when = shown_time(hit.published_at) if hit.published_at else "(undated)"
    head = f"{number:>2}. {when:<20}  {hit.language:<3} {fit(outlet, 22)}{copies}  "
    ident = f"  id {hit.id}"  # the id is what `vnmon article` takes: the URL is cut first
    url = fit(hit.url, max(10, width - len(_INDENT) - cell_len(ident)))
    lines = [fit(head + (hit.title or "(no title)"), width), fit(_INDENT + url + ident, width)]
    text = snippet_of(hit, passage)
    if text:
        lines.append(_INDENT + fit(text, max(10, width - len(_INDENT))))
    return lines


def _summary(name: str, counts: Iterable[tuple[str, int]]) -> str:
    items = list(counts)
    shown = ", ".join(f"{key} {count}" for key, count in items[:_FACET_ITEMS])
    more = f", +{len(items) - _FACET_ITEMS} more" if len(items) > _FACET_ITEMS else ""
    return f"{name}: {shown or '-'}{more}"


def article_text(article: Article, found: Prominence, copies: int, public_url: str) -> str:
    """One article for the terminal: metadata, matched terms, prominence and passage, then the text."""
    rows = [
        ("id", article.id),
        ("title", article.title or "(no title)"),
        ("url", article.url),
        ("outlet", f"{article.source_name or article.source} ({article.source}, {article.country or '?'})"),
        ("language", f"{article.language} (confidence {article.language_confidence:.2f})"),
        ("published", shown_time(article.published_at)),
        ("fetched", shown_time(article.fetched_at)),
        ("authors", ", ".join(article.authors) or "-"),
        ("section", article.section or "-"),
        ("relevance", f"{article.relevance:.2f}"),
        ("matched terms", ", ".join(article.matched_terms) or "-"),
        (
            "prominence",
            f"{found.level}: {PROMINENCE_NAMES[found.level]} ({plural(found.mentions, 'mention')})",
        ),
        (
            "story",
            f"{article.cluster_id} ({plural(copies, 'copy', 'copies')})" if article.cluster_id else "-",
        ),
        ("archived copy", f"{public_url}/articles/{article.id}" if public_url else "-"),
        ("WARC record", f"{article.warc.file} @ {article.warc.offset}" if article.warc else "-"),
    ]
    label = max(len(name) for name, _ in rows)
    lines = [f"{name:<{label}}  {value}" for name, value in rows]
    if found.passage:
        lines += ["", "passage naming Vietnam:", f"{_INDENT}{found.passage}"]
    lines += ["", "text:"]
    if article.lead and not article.body.startswith(article.lead[:80]):
        lines += [article.lead, ""]
    lines.append(article.body or "(no text)")
    return "\n".join(lines)

