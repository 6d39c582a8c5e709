"""The URLs a crawl dropped, by reason, read back from the crawl's own log (read-only).

The run record counts drops per reason (`per_source.*.dropped`); the URLs behind the counts are in
the log the crawl already writes (scheduled crawls always do: `VNMON_DATA_DIR/logs/<run id>.log`):
Scrapy logs each drop at INFO as two lines,

    2026-03-04 09:00:01 [scrapy.core.scraper] INFO: Dropped: irrelevant: score 1.20 below 3.00
    <Page pacific-wire 200 https://pacific-wire.example/news/1>

so an operator can review what relevance (or extraction, or dedup) threw away and spot a mistake.
Nothing is written: the log is only read, and only as far as MAX_LOG_BYTES.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

MAX_LOG_BYTES = 256 * 1024 * 1024  # a crawl's log past this is read up to here
MAX_PER_REASON = 200  # URLs kept per reason (the counts stay exact)
_DROPPED = re.compile(r" Dropped: (?P<reason>[A-Za-z0-9_]+)(?::\s*(?P<detail>.*))?$")
_PAGE = re.compile(r"^<Page (?P<source>\S+) (?P<status>\d{3}) (?P<url>\S+)>$")


@dataclass(frozen=True)
class DroppedPage:
    """One page a crawl did not index."""

    source: str
    status: int
    url: str
    detail: str  # the stage's words ("score 1.20 below 3.00", "is a listing page", ...)


@dataclass
class DroppedPages:
    """A run's dropped pages grouped by reason, most frequent reason first."""

    log_file: Path | None
    by_reason: dict[str, list[DroppedPage]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    problem: str | None = None  # why the URLs could not be read (no log, unreadable), if so

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def dropped_pages(log_file: str | Path | None, source: str | None = None) -> DroppedPages:
    """The pages the crawl logging to `log_file` dropped (of `source` only, if given)."""
    if not log_file:
        return DroppedPages(None, problem="this run wrote no log file (scheduled crawls do)")
    path = Path(log_file)
    if path.suffix != ".log" or not path.is_file():
        return DroppedPages(path, problem=f"its log {path} is not there any more")
    by_reason: dict[str, list[DroppedPage]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    pending: tuple[str, str] | None = None
    try:
        with path.open("r", encoding="utf-8", errors="replace") as log:
            read = 0
            for line in log:
                read += len(line)
                if read > MAX_LOG_BYTES:
                    break
                line = line.rstrip("\n")
                page = _PAGE.match(line) if pending is not None else None
                if page is not None and pending is not None and source in (None, page["source"]):
                    reason, detail = pending
                    counts[reason] += 1
                    if len(by_reason[reason]) < MAX_PER_REASON:
                        by_reason[reason].append(
                            DroppedPage(
                                page["source"], int(page["status"]), page["url"], _short(detail, page["url"])
                            )
                        )
                found = _DROPPED.search(line)
                pending = (found["reason"], found["detail"] or "") if found else None
    except OSError as exc:
        return DroppedPages(path, problem=f"its log {path} cannot be read: {exc.strerror or exc}")
    order = sorted(counts, key=lambda r: (-counts[r], r))
    return DroppedPages(path, {r: by_reason[r] for r in order}, {r: counts[r] for r in order})


def _short(detail: str, url: str) -> str:
    """The drop's detail without the page's own URL, which stages often repeat (`http_404: <url>`,
    `<reason> (<url>)`); another URL in it stays (`<url> is <canonical url>` keeps the canonical)."""
    text = detail[len(url) :] if detail.startswith(url) else detail.replace(f"({url})", "")
    return " ".join(text.split()).strip(" :")[:300]


def render_dropped(dropped: DroppedPages) -> str:
    """`vnmon runs show --dropped`: per reason its count and URLs."""
    if dropped.problem:
        return f"dropped URLs: {dropped.problem}"
    if not dropped.counts:
        return f"dropped URLs: none in {dropped.log_file}"
    lines = [f"dropped URLs ({dropped.total}, from {dropped.log_file}):"]
    for reason, pages in dropped.by_reason.items():
        lines.append(f"  {reason} ({dropped.counts[reason]}):")
        lines.extend(f"    {p.source}  {p.url}" + (f"  ({p.detail})" if p.detail else "") for p in pages)
        if dropped.counts[reason] > len(pages):
            lines.append(f"    … {dropped.counts[reason] - len(pages)} more")
    return "\n".join(lines)
