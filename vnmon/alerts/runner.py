"""`run_alerts`: find each saved search's new matches and deliver them once to each of its targets."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from indexer.lifecycle import articles_alias
from vnmon.alerts.deliveries import delivered, record_deliveries
from vnmon.alerts.digest import email_html, email_text, subject, webhook_payload
from vnmon.alerts.locks import run_lock
from vnmon.alerts.matching import Candidate, Match, describe, iter_candidates
from vnmon.alerts.models import LastRun, SavedSearch
from vnmon.alerts.store import ensure_alert_indices, find_saved, get_saved, saved_index, scan_saved
from vnmon.kernel.errors import DeliveryError, VnmonError
from vnmon.kernel.settings import Settings, get_settings
from vnmon.notify import build_email, post_webhook, send_email

log = logging.getLogger(__name__)


@dataclass
class TargetOutcome:
    """One target's digest in this run: how many articles it got, or why it got none."""

    target: str
    articles: int
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class SearchOutcome:
    """What one run did for one saved search."""

    id: str
    name: str
    owner: str
    status: str  # ran | not due | paused | busy (another run has it) | no targets | error
    matches: int = 0
    delivered: int = 0
    failed: int = 0
    more: bool = False  # more new matches than one digest holds: the next run sends the rest
    targets: list[TargetOutcome] = field(default_factory=list)
    error: str | None = None


@dataclass
class AlertsRunResult:
    """The whole run: one outcome per saved search considered. `delivered`/`failed` count
    (target, article) pairs, so one article to two recipients is two."""

    started_at: datetime
    searches: list[SearchOutcome] = field(default_factory=list)

    @property
    def matches(self) -> int:
        return sum(s.matches for s in self.searches)

    @property
    def delivered(self) -> int:
        return sum(s.delivered for s in self.searches)

    @property
    def failed(self) -> int:
        return sum(s.failed for s in self.searches)

    @property
    def ok(self) -> bool:
        """No delivery failed and no saved search errored."""
        return all(s.failed == 0 and s.error is None for s in self.searches)

    def errors(self) -> list[str]:
        """Every problem of the run, one line each, naming the saved search and the target."""
        lines = [f"{s.name} ({s.owner}): {s.error}" for s in self.searches if s.error]
        lines += [
            f"{s.name} ({s.owner}) -> {t.target}: {t.error}"
            for s in self.searches
            for t in s.targets
            if t.error
        ]
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at.isoformat(),
            "matches": self.matches,
            "delivered": self.delivered,
            "failed": self.failed,
            "searches": [asdict(s) for s in self.searches],
        }


def run_alerts(
    settings: Settings | None = None,
    *,
    name: str | None = None,
    owner: str | None = None,
    client: Elasticsearch | None = None,
    now: datetime | None = None,
) -> AlertsRunResult:
    """Handle every saved search that is due (or only `name`, due or not): deliver the articles
    fetched since its watermark that its targets have not had yet, log each delivery after it
    succeeded, and move the watermark only when every target got everything."""
    settings = settings or get_settings()
    if client is None:
        from indexer.client import connect

        client = connect(settings)
    prefix = settings.index_prefix
    started = now or datetime.now(UTC)
    result = AlertsRunResult(started_at=started)
    ensure_alert_indices(client, prefix)
    if name is not None:
        chosen = [find_saved(client, name, owner, prefix)]
    else:
        every, unreadable = scan_saved(client, owner, prefix)
        chosen = [s for s in every if s.is_due(started)]
        result.searches += [
            SearchOutcome(s.id, s.name, s.owner, "paused" if s.paused else "not due")
            for s in every
            if s not in chosen
        ]
        # A malformed saved search is reported as its own error; the others run.
        result.searches += [SearchOutcome(u.id, u.name, u.owner, "error", error=u.error) for u in unreadable]
    for saved in chosen:
        with run_lock(client, saved.id, prefix) as held:
            # Read again under the lock: a run that just finished moved the watermark.
            current = get_saved(client, saved.id, prefix) if held else None
            if current is not None and (name is not None or current.is_due(started)):
                result.searches.append(_run_one(client, current, settings, started))
            elif current is not None:
                status = "paused" if current.paused else "not due"
                result.searches.append(SearchOutcome(saved.id, saved.name, saved.owner, status))
            elif held:
                continue  # removed meanwhile
            else:
                result.searches.append(SearchOutcome(saved.id, saved.name, saved.owner, "busy"))
    result.searches.sort(key=lambda s: (s.owner, s.name.casefold()))
    return result


def _run_one(
    client: Elasticsearch, saved: SavedSearch, settings: Settings, started: datetime
) -> SearchOutcome:
    outcome = SearchOutcome(saved.id, saved.name, saved.owner, "ran")
    watermark = started
    if not saved.targets:
        # Move the watermark all the same: a target added later gets what is new from then on
        # (and the lookback), not everything since the search was saved.
        outcome.status = "no targets"
        _record_run(client, saved, outcome, started, started, settings)
        return outcome
    try:
        batch = _collect(client, saved, settings)
        outcome.matches, outcome.more = len(batch.articles), batch.more
        for target in saved.targets:
            outcome.targets.append(_deliver(client, saved, target, batch.pending[target], settings))
        if batch.resume_at is not None:
            # Resume after the last article sent, not at `started`: the rest may be older than the lookback.
            watermark = batch.resume_at
    except (ApiError, TransportError, VnmonError) as exc:
        # Elasticsearch failed mid-way: deliveries logged so far stay logged, the rest is retried.
        outcome.status, outcome.error = "error", f"{type(exc).__name__}: {exc}"
    outcome.delivered = sum(t.articles for t in outcome.targets if t.ok)
    outcome.failed = sum(t.articles for t in outcome.targets if not t.ok)
    _record_run(client, saved, outcome, started, watermark, settings)
    return outcome


def _parse_time(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class _Batch:
    articles: list[Match]
    pending: dict[str, list[Match]]
    resume_at: datetime | None  # set when more matches wait than one digest holds

    @property
    def more(self) -> bool:
        return self.resume_at is not None


def _collect(client: Elasticsearch, saved: SavedSearch, settings: Settings) -> _Batch:
    """The oldest new matches (at most one digest's worth), and for each target those it lacks."""
    # Look back before the watermark: articles reach the index after they are fetched (spools,
    # long crawls); the delivery log keeps the overlap from being sent twice.
    lookback = timedelta(hours=settings.alerts_lookback_hours)
    since = max(
        saved.created_at,
        saved.resumed_at or saved.created_at,
        (saved.watermark or saved.created_at) - lookback,
    )
    by_cluster = not saved.query.all_copies
    chosen: list[Candidate] = []
    wanted: dict[str, list[str]] = {t: [] for t in saved.targets}  # target -> article ids
    in_batch: dict[str, set[str]] = {t: set() for t in saved.targets}  # target -> stories
    alias = articles_alias(settings.index_prefix)
    more = False
    for page in iter_candidates(client, alias, saved.query, since):
        clusters = [c.cluster_id for c in page if c.cluster_id]
        logged = delivered(
            client, saved.id, saved.targets, [c.id for c in page], clusters, settings.index_prefix
        )
        for candidate in page:
            takers = [
                t
                for t in saved.targets
                if not logged.has(t, candidate.id, candidate.cluster_id, by_cluster)
                and not (by_cluster and candidate.cluster_id in in_batch[t])
            ]
            if not takers:
                continue
            if len(chosen) >= settings.alerts_max_articles:
                more = True
                break
            chosen.append(candidate)
            for target in takers:
                wanted[target].append(candidate.id)
                if candidate.cluster_id:
                    in_batch[target].add(candidate.cluster_id)
        if more:
            break
    articles = describe(client, alias, saved.query, chosen)
    by_id = {m.id: m for m in articles}
    pending = {t: [by_id[i] for i in ids if i in by_id] for t, ids in wanted.items()}
    return _Batch(articles, pending, _parse_time(chosen[-1].fetched_at) if more else None)


def _deliver(
    client: Elasticsearch, saved: SavedSearch, target: str, matches: list[Match], settings: Settings
) -> TargetOutcome:
    """Send one target its digest; log the articles only once it was accepted."""
    if not matches:
        return TargetOutcome(target, 0)
    kind, _, address = target.partition(":")
    try:
        if kind == "email":
            message = build_email(
                [address],
                subject(saved, len(matches)),
                email_text(saved, matches, address, settings.timezone),
                email_html(saved, matches, address, settings.timezone),
                settings=settings,
            )
            send_email(message, settings)
        else:
            post_webhook(address, webhook_payload(saved, matches), public_only=not saved.webhook_internal)
    except DeliveryError as exc:
        log.warning("saved search %r: %s", saved.name, exc)
        return TargetOutcome(target, len(matches), error=str(exc))
    except Exception as exc:
        # One recipient's failure, whatever it is, is that recipient's: the run goes on to the rest.
        log.exception("saved search %r: delivery to %s failed", saved.name, target)
        return TargetOutcome(target, len(matches), error=f"{type(exc).__name__}: {exc}")
    record_deliveries(
        client, saved.id, target, [(m.id, m.cluster_id) for m in matches], settings.index_prefix
    )
    return TargetOutcome(target, len(matches))


def _record_run(
    client: Elasticsearch,
    saved: SavedSearch,
    outcome: SearchOutcome,
    started: datetime,
    watermark: datetime,
    settings: Settings,
) -> None:
    """Store the run's report, and move the watermark if nothing is left to deliver."""
    failed = outcome.failed > 0 or outcome.error is not None
    update: dict[str, Any] = {
        "pending": failed or outcome.more,
        "last_run": LastRun(
            at=started,
            matches=outcome.matches,
            delivered=outcome.delivered,
            failed=outcome.failed,
            errors=[outcome.error] if outcome.error else [t.error for t in outcome.targets if t.error],
        ).model_dump(mode="json"),
    }
    if not failed:
        update["watermark"] = watermark.isoformat()
    try:
        # A partial update: a concurrent edit of the query or targets is kept.
        client.update(index=saved_index(settings.index_prefix), id=saved.id, doc=update, refresh=True)
    except (ApiError, TransportError) as exc:
        # Harmless for correctness (the delivery log prevents repeats); the next run redoes the window.
        log.warning("saved search %r: run not recorded: %s", saved.name, exc)
        if outcome.error is None:
            outcome.error = f"run not recorded in {saved_index(settings.index_prefix)}: {exc}"
