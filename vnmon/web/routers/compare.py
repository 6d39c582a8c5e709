"""Compare up to five queries: the JSON API (`/api/compare`) and the page with its charts (`/compare`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from markupsafe import Markup, escape
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import HTMLResponse

from indexer.search import SearchError, SearchParams, SearchQueryError
from indexer.search.compare import INTERVALS, MAX_QUERIES, By, Comparison, Interval, Series, compare
from indexer.search.names import country_name, language_name
from vnmon.web.context import web_context
from vnmon.web.i18n import pick_language
from vnmon.web.openapi import errors
from vnmon.web.pages import render
from vnmon.web.routers.search import MAX_QUERY_CHARS, search_query
from vnmon.web.security import MaySearch

router = APIRouter(tags=["search"], responses=errors(400, 422, 503))

# One colour per query, in order (dark enough on white, told apart without red/green alone).
COLOURS = ("#2a6f97", "#d1495b", "#edae49", "#00798c", "#66408a")

LABELS: dict[str, dict[str, str]] = {
    "title": {"vi": "So sánh truy vấn", "en": "Compare queries"},
    "intro": {
        "vi": "Tối đa 5 truy vấn: số bài theo thời gian, tỷ lệ trên toàn bộ tin, "
        "theo quốc gia hoặc ngôn ngữ.",
        "en": "Up to 5 queries: articles over time, their share of all coverage, by country or language.",
    },
    "query": {"vi": "Truy vấn {n}", "en": "Query {n}"},
    "by": {"vi": "Phân theo", "en": "Break down by"},
    "by_country": {"vi": "quốc gia", "en": "country"},
    "by_language": {"vi": "ngôn ngữ", "en": "language"},
    "interval": {"vi": "Khoảng", "en": "Interval"},
    "interval_day": {"vi": "ngày", "en": "day"},
    "interval_week": {"vi": "tuần", "en": "week"},
    "interval_month": {"vi": "tháng", "en": "month"},
    "from": {"vi": "Từ ngày", "en": "From"},
    "to": {"vi": "Đến ngày", "en": "To"},
    "submit": {"vi": "So sánh", "en": "Compare"},
    "volume": {"vi": "Số bài theo thời gian", "en": "Articles over time"},
    "share": {"vi": "Tỷ lệ trên toàn bộ tin", "en": "Share of all coverage"},
    "articles": {"vi": "bài", "en": "articles"},
    "stories": {"vi": "tin (mỗi tin đăng lại tính một lần)", "en": "stories"},
    "all_copies": {"vi": "Đếm mọi bản đăng lại", "en": "Count every syndicated copy"},
    "counting_stories": {
        "vi": "Đếm theo tin: các bản đăng lại của cùng một tin chỉ tính một lần.",
        "en": "Counting stories: the copies of a syndicated story count once.",
    },
    "counting_articles": {
        "vi": "Đếm theo bài: mọi bản đăng lại đều được tính.",
        "en": "Counting articles: every syndicated copy counts.",
    },
    "tone": {
        "vi": "Sắc thái GDELT trung bình {mean} ({articles} bài có điểm GDELT)",
        "en": "mean GDELT tone {mean} ({articles} articles GDELT scored)",
    },
    "tone_title": {
        "vi": "Sắc thái GDELT theo thời gian (trung bình, −100 đến +100; chỉ các bài GDELT đã chấm)",
        "en": "GDELT tone over time (mean, −100 to +100; only articles GDELT scored)",
    },
    "all": {"vi": "Toàn bộ tin", "en": "All coverage"},
    "need_query": {"vi": "Nhập ít nhất một truy vấn.", "en": "Type at least one query."},
    "bad": {"vi": "Không thể so sánh: {error}", "en": "Cannot compare: {error}"},
    "unavailable": {"vi": "Không thể tìm kiếm lúc này: {error}", "en": "Search is unavailable: {error}"},
}


def _labels(language: str) -> dict[str, str]:
    return {key: entry[language] for key, entry in LABELS.items()}


def _filters(request: Request) -> SearchParams:
    """The date, language, source and country filters, read and checked as the search page does."""
    values = request.query_params
    return search_query(
        lang=values.getlist("lang") or None,
        source=values.getlist("source") or None,
        country=values.getlist("country") or None,
        date_from=values.get("from"),
        date_to=values.get("to"),
        all_copies=_every_copy(request),
    )


def _every_copy(request: Request) -> bool:
    """Whether the form's "count every copy" box (or the API's `all_copies`) is on."""
    return request.query_params.get("all_copies", "").lower() in {"1", "true", "on", "yes"}


def run_compare(request: Request, queries: list[str], by: str, interval: str) -> Comparison:
    """Check the input (a 422 naming the bad query or parameter), run it (400 for a malformed
    query, naming which, 503 for a failing cluster)."""
    if not 1 <= len(queries) <= MAX_QUERIES:
        raise HTTPException(422, detail=f"'q' must be given 1 to {MAX_QUERIES} times, got {len(queries)}")
    for number, text in enumerate(queries, start=1):
        if not text.strip() or len(text) > MAX_QUERY_CHARS:
            why = "is empty" if not text.strip() else f"is longer than {MAX_QUERY_CHARS} characters"
            raise HTTPException(422, detail=f"query {number} ('q' number {number}) {why}")
    if by not in ("country", "language"):
        raise HTTPException(422, detail=f"'by' must be country or language, got {by[:40]!r}")
    if interval not in INTERVALS:
        raise HTTPException(422, detail=f"'interval' must be day, week or month, got {interval[:40]!r}")
    filters = _filters(request)
    context = web_context(request)
    chosen_by: By = "country" if by == "country" else "language"
    chosen_interval: Interval = "day" if interval == "day" else "week" if interval == "week" else "month"
    try:
        return compare(
            context.client,
            queries,
            by=chosen_by,
            interval=chosen_interval,
            filters=filters,
            alias=context.alias,
        )
    except SearchQueryError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    except SearchError as exc:
        raise HTTPException(503, detail=f"Elasticsearch at {context.es_shown}: {exc}") from exc


class CompareQuery(BaseModel):
    """The parameters of `/api/compare` (the page takes the same names)."""

    q: list[str] = Field(description=f"A query (search syntax), given 1 to {MAX_QUERIES} times")
    by: str = Field("country", description="country or language")
    interval: str = Field("month", description="day, week or month")
    lang: list[str] = Field(default_factory=list, description="Languages (ISO 639-1), repeatable")
    source: list[str] = Field(default_factory=list, description="Source ids, repeatable")
    country: list[str] = Field(default_factory=list, description="Countries (ISO 3166 alpha-2), repeatable")
    date_from: str | None = Field(None, alias="from", description="Published on or after (YYYY-MM-DD)")
    date_to: str | None = Field(None, alias="to", description="Published on or before (YYYY-MM-DD)")
    all_copies: bool = Field(False, description="Count every syndicated copy instead of one per story")


@router.get("/api/compare")
def api_compare(request: Request, _: MaySearch, query: Annotated[CompareQuery, Query()]) -> dict[str, Any]:
    """Compare 1 to 5 queries over the same filters: `{by, interval, counting, coverage, series: [...]}`.

    `counting` is `stories` (the copies of a syndicated story count once, the default) or
    `articles` (with `all_copies=true`). Each series has the query's `total` and `share` of all
    coverage, `over_time` (`{key, count, share, tone}` per period, every series on the same
    periods) and `breakdown` (per country or language, share of that country's or language's
    coverage). `tone` is GDELT's mean tone `{mean, articles}` over the articles GDELT scored, or
    null where none was. `coverage` is everything under the filters. A bad parameter answers 422,
    a malformed query 400 (naming which).
    """
    return run_compare(request, query.q, query.by, query.interval).to_json()


@router.get("/compare", response_class=HTMLResponse, include_in_schema=False)
def compare_page(request: Request, _: MaySearch) -> HTMLResponse:
    """The form (five query boxes, by, interval, dates) and, once a query is typed, the charts."""
    language = pick_language(request)
    labels = _labels(language)
    values = request.query_params
    queries = [q for q in values.getlist("q") if q.strip()]
    by, interval = values.get("by", "country"), values.get("interval", "month")
    result: Comparison | None = None
    error: str | None = None
    status = 200
    if queries:
        try:
            result = run_compare(request, queries, by, interval)
        except HTTPException as exc:
            status = exc.status_code
            error = labels["unavailable" if status == 503 else "bad"].format(error=exc.detail)
    elif "q" in values:
        status, error = 422, labels["need_query"]
    shown = values.getlist("q")[:MAX_QUERIES]
    return render(
        request,
        "compare.html",
        status_code=status,
        L=labels,
        boxes=[*shown, *[""] * (MAX_QUERIES - len(shown))],
        form={
            "by": by,
            "interval": interval,
            "from": values.get("from", ""),
            "to": values.get("to", ""),
            "all_copies": _every_copy(request),
        },
        intervals=INTERVALS,
        result=result,
        error=error,
        colours=COLOURS,
        volume=_lines(result, "count", labels["volume"]) if result else "",
        share=_lines(result, "share", labels["share"]) if result else "",
        name=(lambda key: country_name(key, language))
        if by == "country"
        else (lambda key: language_name(key, language)),
        breakdown=_breakdown(result) if result else [],
        tones=_tones(result) if result else [],
    )


def _lines(result: Comparison, measure: str, title: str, width: int = 640, height: int = 180) -> Markup:
    """One polyline per query (`count` or `share` per period), periods on x, the first/last labelled."""
    periods = [p.key for p in result.coverage.over_time]
    if not periods:
        return Markup("")
    values = [[float(getattr(p, measure)) for p in s.over_time] for s in result.series]
    top = max((v for row in values for v in row), default=0.0) or 1.0
    left, bottom, plot_h = 4, 18, height - 34
    step = (width - left * 2) / max(len(periods) - 1, 1)
    label = 'font-size="11" fill="#444" font-family="sans-serif"'
    peak = f"{top:.0%}" if measure == "share" else f"{top:.0f}"
    parts = [
        f'<svg class="compare-chart" data-measure="{measure}" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" height="{height}" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="0" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#999"/>',
        f'<text x="{left}" y="{height - 4}" {label}>{escape(periods[0])}</text>',
        f'<text x="{width - left}" y="{height - 4}" text-anchor="end" {label}>{escape(periods[-1])}</text>',
        f'<text x="{left}" y="12" {label}>max {peak}</text>',
    ]
    for number, (series, row) in enumerate(zip(result.series, values, strict=True)):
        points = " ".join(
            f"{left + i * step:.1f},{height - bottom - plot_h * v / top:.1f}" for i, v in enumerate(row)
        )
        colour = COLOURS[number]
        parts.append(
            f'<polyline class="series" data-query="{escape(series.query)}" points="{points}" fill="none" '
            f'stroke="{colour}" stroke-width="2"><title>{escape(series.query)}</title></polyline>'
        )
        for point, xy in zip(series.over_time, points.split(), strict=True):  # a lone period is a dot
            x, y = xy.split(",")
            shown = f"{point.share:.1%}" if measure == "share" else str(point.count)
            tip = escape(f"{series.query} · {point.key}: {shown}")
            parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"><title>{tip}</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _breakdown(result: Comparison) -> list[tuple[str, int, list[tuple[Series, int, float]]]]:
    """(country or language, all its coverage, [(series, count, share)]) by most coverage first."""
    everything = {p.key: p.count for p in result.coverage.breakdown}
    keys = sorted(
        {p.key for s in result.series for p in s.breakdown}, key=lambda k: (-everything.get(k, 0), k)
    )
    rows = []
    for key in keys:
        cells = []
        for series in result.series:
            found = next((p for p in series.breakdown if p.key == key), None)
            cells.append((series, found.count if found else 0, found.share if found else 0.0))
        rows.append((key, everything.get(key, 0), cells))
    return rows


def _tones(result: Comparison) -> list[tuple[str, list[str]]]:
    """(period, each query's GDELT tone there or "") for the periods where any query has one."""
    rows = []
    for number, point in enumerate(result.coverage.over_time):
        cells = [s.over_time[number].tone for s in result.series]
        if any(cells):
            rows.append((point.key, [f"{t.mean:+.2f} ({t.articles})" if t else "" for t in cells]))
    return rows
