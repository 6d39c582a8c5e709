"""The weekly report as one self-contained HTML page (inline CSS and SVG chart), and its PDF."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from indexer.search.params import SearchParams
from indexer.search.trends import Trends
from vnmon.exports.chart import bar_chart, daily_chart
from vnmon.exports.coverage import Coverage
from vnmon.exports.errors import ExportError
from vnmon.exports.labels import Labels
from vnmon.exports.rows import ExportRow
from vnmon.exports.stats import WeekStats

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
PDF_TIMEOUT_SECONDS = 600
# The report lists every article up to this many (about 100 A4 pages, ~30 s of Chromium); past it,
# the most relevant ones, and says the full list is in the XLSX/CSV/JSONL, which are never cut.
REPORT_ROW_LIMIT = 2000


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    templates = resources.files("vnmon.exports").joinpath("templates")
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: templates.joinpath(name).read_text(encoding="utf-8")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    rows: Sequence[ExportRow],
    stats: WeekStats,
    previous_daily: Sequence[int],
    labels: Labels,
    filters: SearchParams,
    generated: datetime,
    trends: Trends | None = None,
) -> str:
    """The report page: totals and change, daily chart, top stories, what is new, breakdowns, all
    articles."""
    shown = list(rows)
    note = ""
    if len(shown) > REPORT_ROW_LIMIT:
        best = sorted(shown, key=lambda r: (-r.relevance, -r.prominence_rank, r.published))[:REPORT_ROW_LIMIT]
        shown = sorted(best, key=lambda r: r.published)
        note = labels("table_truncated").format(shown=len(shown), total=len(rows))
    days = [labels.day_name(day.weekday()) for day, _ in stats.daily]
    chart = daily_chart(stats.daily, days, labels("daily_volume"), previous_daily)
    province_chart = _coverage_chart(stats.by_province, labels("by_province"), "provinces")
    topic_chart = _coverage_chart(stats.by_topic, labels("topics"), "topics")
    return (
        _environment()
        .get_template("report.html")
        .render(
            t=labels,
            week=stats.week,
            stats=stats,
            rows=shown,
            rows_note=note,
            chart=chart,
            province_chart=province_chart,
            topic_chart=topic_chart,
            generated=generated,
            filters_text=describe_filters(filters, labels),
            trends=trends,
        )
    )


def _coverage_chart(coverage: Coverage, title: str, css_class: str) -> str:
    """Bars of the provinces (topics) with articles this week or the week before; "" if none."""
    items = [(s.label, s.articles, s.previous) for s in coverage.charted]
    return bar_chart(items, title, css_class) if items else ""


def describe_filters(filters: SearchParams, labels: Labels) -> str:
    parts = []
    if filters.q:
        parts.append(f"“{filters.q}”")
    if filters.langs:
        parts.append(f"{labels('language')}: {', '.join(filters.langs)}")
    if filters.sources:
        parts.append(f"{labels('outlet')}: {', '.join(filters.sources)}")
    if filters.countries:
        parts.append(f"{labels('country')}: {', '.join(filters.countries)}")
    if filters.places:
        parts.append(f"{labels('places')}: {', '.join(filters.places)}")
    if filters.topics:
        parts.append(f"{labels('topics')}: {', '.join(filters.topics)}")
    if filters.min_relevance is not None:
        parts.append(f"{labels('relevance')} ≥ {filters.min_relevance:g}")
    return " · ".join(parts)


def find_chromium() -> str:
    """The headless browser that prints PDFs; `ExportError` says how to install it."""
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    raise ExportError(
        "PDF export needs Chromium: install it (`apt-get install -y chromium`) or leave pdf out of --format"
    )


def html_to_pdf(html_path: Path, pdf_path: Path) -> None:
    """Print the HTML file to PDF with headless Chromium (A4, page size from the CSS)."""
    browser = find_chromium()
    with tempfile.TemporaryDirectory(prefix="vnmon-chromium-") as profile:
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            f"--print-to-pdf={pdf_path}",
            html_path.resolve().as_uri(),
        ]
        done = _run_browser(command, html_path)
    if done.returncode != 0 or not pdf_path.exists() or pdf_path.stat().st_size == 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise ExportError(
            f"Chromium ({browser}) could not print {html_path} to PDF "
            f"(exit {done.returncode}): {' | '.join(tail)}"
        )


def _run_browser(command: list[str], html_path: Path) -> subprocess.CompletedProcess[str]:
    """Run Chromium in its own process group, so a timeout ends its renderer processes too."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = process.communicate(timeout=PDF_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ExportError(f"Chromium did not print {html_path} within {PDF_TIMEOUT_SECONDS}s") from exc
    return subprocess.CompletedProcess(command, process.returncode, out, err)
