"""Source health from recent runs: healthy / degraded / broken with the reason, alerting on breakage."""

from __future__ import annotations

import json
import logging
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from elasticsearch import Elasticsearch, NotFoundError

from crawler import runs
from crawler.sources import Source
from indexer.lifecycle import articles_alias
from vnmon.kernel.errors import DeliveryError
from vnmon.kernel.settings import get_settings

log = logging.getLogger(__name__)

WINDOW = 10  # runs per source the health looks at
BROKEN_EMPTY_RUNS = 3  # consecutive runs that fetched nothing at all
ERROR_RATE_BROKEN = 0.8
ERROR_RATE_DEGRADED = 0.25
EXTRACTION_FAILURE_DEGRADED = 0.5
STALE_DAYS = 14.0
VOLUME_DROP_DEGRADED = 0.8  # the last run yields 80% less than its own median
MIN_HISTORY = 3  # earlier runs needed before volume is judged

# Drops that mean "the page was fetched but no article came out of it" (layout changed?).
_EXTRACTION_FAILURES = ("no_text", "other")
_NOT_ATTEMPTS = ("domestic", "blocked_outlet")  # decided by the source or operator, not the page


@dataclass
class SourceHealth:
    """The health of one source over its last runs; `reasons` explain a state other than healthy."""

    source: str
    state: str  # healthy, degraded, broken, unknown (no runs yet)
    reasons: list[str] = field(default_factory=list)
    runs: int = 0
    yield_per_run: float = 0.0
    extraction_failure_rate: float = 0.0
    error_rate: float = 0.0
    days_since_last_article: float | None = None  # since the newest article's publication date
    last_published_at: str | None = None  # the newest article's publication date (ISO, UTC)
    volume_change: float | None = None  # last run vs the median of earlier runs: -0.5 is half
    last_run_at: str | None = None
    last_run_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _tally(run: dict[str, Any], source: str) -> dict[str, Any]:
    return dict(run.get("per_source", {}).get(source) or {})


def _failed_entry_points(tally: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (url, outcome)
        for url, outcome in tally.get("entry_points", {}).items()
        if not (outcome.isdigit() and int(outcome) < 400)
    ]


def _describe_entry(url: str, outcome: str) -> str:
    kind = "feed" if "feed" in url or url.endswith((".xml", ".rss", ".atom")) else "entry point"
    if "sitemap" in url:
        kind = "sitemap"
    what = f"answered HTTP {outcome}" if outcome.isdigit() else f"failed ({outcome})"
    return f"{kind} {url} {what}"


def _errors(tally: dict[str, Any]) -> int:
    http = sum(int(v) for k, v in tally.get("http_errors", {}).items() if k.isdigit())
    return http + int(tally.get("errors", 0))


def assess(
    source: str, history: Sequence[dict[str, Any]], last_article_at: str | None, now: datetime | None = None
) -> SourceHealth:
    """The health of `source` given its runs (newest first) and when its newest article was
    *published* (not fetched: a feed still serving a 2018 article is stale however often it is read)."""
    now = now or datetime.now(UTC)
    if not history:
        return SourceHealth(source, "unknown", ["no run yet"])
    tallies = [_tally(run, source) for run in history]
    latest = tallies[0]
    fetched = sum(int(t.get("fetched", 0)) for t in tallies)
    articles = [int(t.get("articles", 0)) for t in tallies]
    dropped = [t.get("dropped", {}) for t in tallies]
    attempts = sum(articles) + sum(int(v) for d in dropped for k, v in d.items() if k not in _NOT_ATTEMPTS)
    attempts -= sum(int(v) for d in dropped for k, v in d.items() if k.startswith("http_"))
    failures = sum(int(d.get(k, 0)) for d in dropped for k in _EXTRACTION_FAILURES)
    health = SourceHealth(
        source,
        "healthy",
        runs=len(history),
        yield_per_run=round(sum(articles) / len(history), 2),
        extraction_failure_rate=round(failures / attempts, 3) if attempts else 0.0,
        error_rate=round(sum(_errors(t) for t in tallies) / fetched, 3) if fetched else 0.0,
        last_run_at=history[0].get("started_at"),
        last_run_id=history[0].get("run_id"),
    )
    if last_article_at:
        published = datetime.fromisoformat(last_article_at.replace("Z", "+00:00"))
        health.last_published_at = published.astimezone(UTC).isoformat()
        health.days_since_last_article = round(max((now - published).total_seconds(), 0) / 86400, 2)
    earlier = articles[1:]
    if len(earlier) >= MIN_HISTORY and statistics.median(earlier) > 0:
        health.volume_change = round(articles[0] / statistics.median(earlier) - 1, 3)
    _judge(health, latest, tallies)
    return health


def _judge(health: SourceHealth, latest: dict[str, Any], tallies: list[dict[str, Any]]) -> None:
    broken: list[str] = []
    degraded: list[str] = []
    entries = latest.get("entry_points", {})
    failed = _failed_entry_points(latest)
    if entries and len(failed) == len(entries):
        broken.append("every entry point fails: " + "; ".join(_describe_entry(u, o) for u, o in failed))
    elif failed:
        degraded.extend(_describe_entry(u, o) for u, o in failed)
    recent = tallies[:BROKEN_EMPTY_RUNS]
    if len(recent) == BROKEN_EMPTY_RUNS and all(int(t.get("fetched", 0)) == 0 for t in recent):
        broken.append(f"nothing fetched in the last {BROKEN_EMPTY_RUNS} runs")
    latest_fetched = int(latest.get("fetched", 0))
    latest_rate = _errors(latest) / latest_fetched if latest_fetched else 0.0
    if latest_fetched >= 5 and latest_rate >= ERROR_RATE_BROKEN:
        broken.append(f"{latest_rate:.0%} of the last run's requests failed")
    elif health.error_rate > ERROR_RATE_DEGRADED:
        degraded.append(f"error rate {health.error_rate:.0%} over {health.runs} runs")
    if health.extraction_failure_rate > EXTRACTION_FAILURE_DEGRADED:
        degraded.append(
            f"extraction fails on {health.extraction_failure_rate:.0%} of pages (did the layout change?)"
        )
    if health.days_since_last_article is not None and health.days_since_last_article > STALE_DAYS:
        newest = (health.last_published_at or "")[:10]
        degraded.append(
            f"stale: its newest article was published {newest}, {health.days_since_last_article:.0f} days ago"
        )
    if health.volume_change is not None and health.volume_change <= -VOLUME_DROP_DEGRADED:
        degraded.append(f"last run yielded {-health.volume_change:.0%} fewer articles than usual")
    if broken:
        health.state, health.reasons = "broken", broken + degraded
    elif degraded:
        health.state, health.reasons = "degraded", degraded


def source_health(
    sources: Sequence[Source] | None = None, window: int = WINDOW, now: datetime | None = None
) -> list[SourceHealth]:
    """The health of every source (those configured, plus any with runs), read-only."""
    history = runs.runs_by_source(window)
    latest = {**newest_publications(), **newest_discovered()}
    ids = sorted({s.id for s in sources or []} | set(history))
    return [assess(source, history.get(source, []), latest.get(source), now) for source in ids]


def newest_publications(client: Elasticsearch | None = None) -> dict[str, str]:
    """Per source, the publication date of its newest indexed article (ISO). A date more than a day
    ahead (a page's wrong date) does not count: it would make a stale source look fresh."""
    return _newest_published(client, {"terms": {"field": "source", "size": 10_000}})


# Discovery's entries in source health: the run history's source of each way of discovery.
DISCOVERY_WAYS = {
    runs.DISCOVERY: ("gdelt-gkg",),
    "gdelt-doc": ("gdelt-doc",),
    "news-search": ("news-search",),
}


def newest_discovered(client: Elasticsearch | None = None) -> dict[str, str]:
    """Per discovery source (`gdelt`, `gdelt-doc`, `news-search`), the publication date of the newest indexed
    article it found (ISO): a discovery that keeps running but finds nothing new goes stale."""
    ways = {name: {"terms": {"found_via": list(via)}} for name, via in DISCOVERY_WAYS.items()}
    return _newest_published(client, {"filters": {"filters": ways}})


def _newest_published(client: Elasticsearch | None, groups: dict[str, Any]) -> dict[str, str]:
    """Per bucket of the `groups` aggregation, the newest publication date no more than a day ahead."""
    client = client or runs.quick_client()
    try:
        answer = client.search(
            index=articles_alias(),
            size=0,
            query={"range": {"published_at": {"lte": "now+1d"}}},
            aggs={"groups": {**groups, "aggs": {"newest": {"max": {"field": "published_at"}}}}},
        )
    except NotFoundError:
        return {}  # no articles index yet: no source has an article
    buckets = answer["aggregations"]["groups"]["buckets"]
    named = buckets.items() if isinstance(buckets, dict) else ((b["key"], b) for b in buckets)
    return {str(k): b["newest"]["value_as_string"] for k, b in named if b["newest"].get("value_as_string")}


def check_health(sources: Sequence[Source] | None = None, alert: bool = True) -> list[SourceHealth]:
    """Evaluate every source, record its state, and alert (once) on each that has just turned broken
    (what `vnmon sources health --record` and the scheduler daemon do after crawls).

    A failed delivery is recorded and retried at the next evaluation.
    """
    results = source_health(sources)
    previous = runs.load_health_states()
    now = datetime.now(UTC).isoformat()
    states: dict[str, dict[str, Any]] = {}
    for health in results:
        before = previous.get(health.source, {})
        state: dict[str, Any] = {
            "state": health.state,
            "reasons": health.reasons,
            "evaluated_at": now,
            "since": before.get("since") if before.get("state") == health.state else now,
            "alerted_at": before.get("alerted_at") if health.state == "broken" else None,
            "alert_error": None,
        }
        if alert and health.state == "broken" and not state["alerted_at"]:
            try:
                deliver_alert(health)
                state["alerted_at"] = now
            except DeliveryError as exc:
                log.error("alert for broken source %s not delivered: %s", health.source, exc)
                state["alert_error"] = str(exc)
        states[health.source] = state
    runs.save_health_states(states)
    return results


def deliver_alert(health: SourceHealth) -> list[str]:
    """Email and/or webhook the operators that `health.source` is broken; returns where it went."""
    from vnmon.notify import build_email, post_webhook, send_email

    settings = get_settings()
    sent: list[str] = []
    subject = f"[vnmon] source {health.source} is broken"
    text = (
        f"The source {health.source} is broken since its run {health.last_run_id} "
        f"({health.last_run_at}).\n\nWhy:\n"
        + "\n".join(f"- {reason}" for reason in health.reasons)
        + f"\n\nCheck it with: vnmon sources check {health.source}\n"
        + f"Its recent runs: vnmon runs list --source {health.source}\n"
    )
    recipients = [a.strip() for a in (settings.alert_emails or "").split(",") if a.strip()]
    if recipients:
        send_email(build_email(recipients, subject, text))
        sent.append("email")
    if settings.alert_webhook:
        post_webhook(settings.alert_webhook, {"event": "source_broken", **health.to_dict()})
        sent.append("webhook")
    if not sent:
        log.warning("%s (set VNMON_ALERT_EMAILS or VNMON_ALERT_WEBHOOK to be told)", subject)
    return sent


def _last_article(health: SourceHealth, zone: ZoneInfo) -> str:
    """`2026-03-04 (3.2d ago)`: the newest article's publication day in the display zone."""
    if health.last_published_at is None or health.days_since_last_article is None:
        return "-"
    day = datetime.fromisoformat(health.last_published_at).astimezone(zone).strftime("%Y-%m-%d")
    return f"{day} ({health.days_since_last_article:.1f}d ago)"


def render_health(results: Sequence[SourceHealth], fmt: str = "table") -> str:
    """The health table printed by `vnmon sources health`, or JSON. Publication days are in the
    display zone (`VNMON_TIMEZONE`), named in the column's header."""
    if fmt == "json":
        return json.dumps([h.to_dict() for h in results], indent=2, ensure_ascii=False)
    zone = ZoneInfo(get_settings().timezone)
    newest = f"NEWEST ARTICLE ({zone.key})"
    header = ["SOURCE", "STATE", "RUNS", "ART/RUN", "EXTR FAIL", "ERRORS", newest, "VOLUME", "WHY"]
    rows = [
        [
            h.source,
            h.state,
            str(h.runs),
            f"{h.yield_per_run:g}",
            f"{h.extraction_failure_rate:.0%}",
            f"{h.error_rate:.0%}",
            _last_article(h, zone),
            "-" if h.volume_change is None else f"{h.volume_change:+.0%}",
            "; ".join(h.reasons) or "-",
        ]
        for h in results
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in [header, *rows]
    )
