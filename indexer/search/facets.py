"""Facet aggregations (language, source, country, place, topic, volume over time) and reading them back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from indexer.search.results import Bucket, Facets
from vnmon.kernel.settings import get_settings

LANGUAGE_BUCKETS = 60
SOURCE_BUCKETS = 100
COUNTRY_BUCKETS = 100
PLACE_BUCKETS = 50
TOPIC_BUCKETS = 50
# Facet aggregation name -> the SearchParams field that filters it.
FACET_PARAMS = {
    "languages": "langs",
    "sources": "sources",
    "countries": "countries",
    "places": "places",
    "topics": "topics",
}
# Distinct stories are counted exactly up to this many (then within a few per cent).
GROUP_PRECISION = 40000

# Histogram interval by the length of the date range, so a chart has tens of bars, not thousands.
_INTERVALS: tuple[tuple[timedelta, str], ...] = (
    (timedelta(days=2), "hour"),
    (timedelta(days=92), "day"),
    (timedelta(days=732), "week"),
)
_CALENDAR = {"hour": "1h", "day": "1d", "week": "1w", "month": "1M"}
_KEY_FORMAT = {"hour": "yyyy-MM-dd'T'HH:mm", "day": "yyyy-MM-dd", "week": "yyyy-MM-dd", "month": "yyyy-MM"}


def interval_for(start: datetime, end: datetime) -> str:
    """hour, day, week or month: the finest that keeps the histogram short."""
    span = end - start
    for limit, name in _INTERVALS:
        if span <= limit:
            return name
    return "month"


def count_aggs(facets: bool) -> dict[str, Any]:
    """Story count (always) and, with `facets`, the terms facets and the published-at extent."""
    aggs: dict[str, Any] = {
        "groups": {"cardinality": {"field": "cluster_id", "precision_threshold": GROUP_PRECISION}},
        "ungrouped": {"missing": {"field": "cluster_id"}},
    }
    if facets:
        aggs.update(
            languages={"terms": {"field": "language", "size": LANGUAGE_BUCKETS}},
            sources={
                "terms": {"field": "source", "size": SOURCE_BUCKETS},
                "aggs": {"name": {"terms": {"field": "source_name.raw", "size": 1}}},
            },
            countries={"terms": {"field": "country", "size": COUNTRY_BUCKETS}},
            places={"terms": {"field": "places", "size": PLACE_BUCKETS}},
            topics={"terms": {"field": "topics", "size": TOPIC_BUCKETS}},
            first={"min": {"field": "published_at"}},
            last={"max": {"field": "published_at"}},
        )
    return aggs


def histogram_agg(interval: str, start: datetime | None, end: datetime | None) -> dict[str, Any]:
    """Articles per hour/day/week/month in the configured timezone (empty periods included)."""
    histogram: dict[str, Any] = {
        "field": "published_at",
        "calendar_interval": _CALENDAR[interval],
        "time_zone": get_settings().timezone,
        "format": _KEY_FORMAT[interval],
        "min_doc_count": 0,
    }
    if start is not None and end is not None:
        last = end - timedelta(milliseconds=1)
        histogram["extended_bounds"] = {"min": _millis(start), "max": _millis(last)}
    return {"histogram": {"date_histogram": histogram}}


# Open date ranges: the chart's interval follows the results' own first and last dates, known only
# once the counts are in. So the counts request also counts days (within DAYS_SPAN, ending a year
# after today) and the bars are added up from them; a second request over the whole result set is
# needed only for hourly bars (results within two days) or results dated outside those bounds.
DAYS_SPAN = timedelta(days=12 * 366)
_DAY_MS = 86_400_000


def days_agg(start: datetime | None, end: datetime | None, today: date) -> dict[str, Any]:
    """Articles per local day, kept within bounds (a stray date in year 1 must not ask for
    700,000 daily buckets). The bounds depend on the day only, so the request stays cacheable."""
    # the query's own dates, if any, with the margin `rolled_up` checks (nothing falls past them)
    margin = timedelta(days=3)
    upper = (end or datetime(today.year, today.month, today.day, tzinfo=UTC) + timedelta(days=366)) + margin
    lower = max(start - margin, upper - DAYS_SPAN) if start is not None else upper - DAYS_SPAN
    bounds = {"min": _millis(lower), "max": _millis(upper) - 1}
    histogram = {
        "field": "published_at",
        "calendar_interval": "1d",
        "time_zone": get_settings().timezone,
        "format": _KEY_FORMAT["day"],
        "min_doc_count": 1,
        "hard_bounds": bounds,
    }
    return {"days": {"date_histogram": histogram, "meta": bounds}}


def rolled_up(aggs: dict[str, Any], interval: str) -> dict[str, Any] | None:
    """The `interval` histogram (empty periods included, as Elasticsearch gives it) added up from
    the day counts; None when they cannot give it: hourly bars, or results dated too close to or
    outside the bounds of the days counted."""
    days, spanned = aggs.get("days"), extent(aggs)
    if days is None or spanned is None or interval == "hour":
        return None
    first, last = aggs["first"]["value"], aggs["last"]["value"]
    # a day's bucket is keyed by its local midnight: a margin of two days keeps every one inside
    if first < days["meta"]["min"] + 2 * _DAY_MS or last > days["meta"]["max"] - 2 * _DAY_MS:
        return None
    counts: dict[date, int] = {}
    for bucket in days["buckets"]:
        period = _period(date.fromisoformat(bucket["key_as_string"]), interval)
        counts[period] = counts.get(period, 0) + int(bucket["doc_count"])
    bars = []
    if counts:
        period, last_period = min(counts), max(counts)
        while period <= last_period:
            key = period.strftime("%Y-%m") if interval == "month" else period.isoformat()
            bars.append({"key_as_string": key, "doc_count": counts.get(period, 0)})
            period = _following(period, interval)
    return {"buckets": bars}


def _period(day: date, interval: str) -> date:
    """The first day of the day/week (Monday, as Elasticsearch's calendar week)/month of `day`."""
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def _following(period: date, interval: str) -> date:
    if interval == "month":
        return date(period.year + period.month // 12, period.month % 12 + 1, 1)
    return period + timedelta(days=7 if interval == "week" else 1)


def _millis(instant: datetime) -> int:
    return int(instant.timestamp() * 1000)


def extent(aggs: dict[str, Any]) -> tuple[datetime, datetime] | None:
    """First and last published_at of the results (None when none has a date)."""
    first, last = aggs.get("first", {}).get("value"), aggs.get("last", {}).get("value")
    if first is None or last is None:
        return None
    return datetime.fromtimestamp(first / 1000).astimezone(), datetime.fromtimestamp(last / 1000).astimezone()


def read_facets(aggs: dict[str, Any], histogram: dict[str, Any] | None, interval: str | None) -> Facets:
    def buckets(name: str) -> list[Bucket]:
        found = aggs.get(name, {}).get("buckets", [])
        return [Bucket(key=str(b["key"]), count=int(b["doc_count"])) for b in found]

    sources = []
    for b in aggs.get("sources", {}).get("buckets", []):
        names = b.get("name", {}).get("buckets", [])
        label = names[0]["key"] if names else None
        sources.append(Bucket(key=str(b["key"]), count=int(b["doc_count"]), label=label))
    bars = [
        Bucket(key=str(b["key_as_string"]), count=int(b["doc_count"]))
        for b in (histogram or {}).get("buckets", [])
    ]
    return Facets(
        languages=buckets("languages"),
        sources=sources,
        countries=buckets("countries"),
        places=buckets("places"),
        topics=buckets("topics"),
        histogram=bars,
        interval=interval,
    )
