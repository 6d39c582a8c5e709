"""Search results as terminal text: a table of stories with a facets summary, or JSON."""

from __future__ import annotations

import json
import shutil
import unicodedata
from typing import Literal

from indexer.client import connect
from indexer.search.engine import search
from indexer.search.params import SearchParams
from indexer.search.results import Bucket, SearchResult

Format = Literal["table", "json"]
_FACET_ITEMS = 5


def search_as_text(params: SearchParams, output: Format = "table", width: int | None = None) -> str:
    """Connect to the configured cluster, search, and render the page (what `vnmon search` prints)."""
    result = search(connect(), params)
    if output == "json":
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2)
    return render_table(result, width or shutil.get_terminal_size((120, 24)).columns, params.all_copies)


def render_table(result: SearchResult, width: int, all_copies: bool = False) -> str:
    """One line per hit (date, language, source, copies, title), then facets and the next cursor."""
    unit = "articles" if all_copies else "stories"
    lines = [f"{result.total} {unit} ({result.articles} articles) in {result.took_ms} ms"]
    for hit in result.hits:
        day = (hit.published_at or "")[:10] or "----------"
        copies = f"x{hit.copies}" if hit.copies > 1 else ""
        head = f"{day}  {hit.language:<3} {_fit(hit.source, 14):<14} {copies:>4}  "
        lines.append(head + _fit(hit.title or hit.url, max(10, width - _width(head))))
    facets = result.facets
    if facets is not None:
        lines.append("")
        lines.append(_summary("languages", facets.languages))
        lines.append(_summary("sources", facets.sources))
        lines.append(_summary("countries", facets.countries))
        if facets.histogram and facets.interval:
            peak = max(facets.histogram, key=lambda b: b.count)
            first, last = facets.histogram[0].key, facets.histogram[-1].key
            lines.append(
                f"per {facets.interval}: {len(facets.histogram)} periods from {first} to {last}, "
                f"peak {peak.count} on {peak.key}"
            )
    if result.next_cursor:
        lines.append(f"next page: --cursor {result.next_cursor}")
    return "\n".join(lines)


def _summary(name: str, buckets: list[Bucket]) -> str:
    shown = ", ".join(f"{b.key} {b.count}" for b in buckets[:_FACET_ITEMS])
    more = f", +{len(buckets) - _FACET_ITEMS} more" if len(buckets) > _FACET_ITEMS else ""
    return f"{name}: {shown or '-'}{more}"


def _width(text: str) -> int:
    """Terminal columns of `text` (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, columns: int) -> str:
    text = " ".join(text.split())
    if _width(text) <= columns:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > columns - 1:
            break
        out += ch
    return out + "…"
