"""What a saved search would send, without sending it: the last days' matches (a preview on the
saved-searches page), and a test email to its recipients marked as a test (no delivery is logged)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias
from vnmon.alerts.digest import email_html, email_text, subject
from vnmon.alerts.errors import AlertError
from vnmon.alerts.matching import Candidate, Match, describe, iter_candidates
from vnmon.alerts.models import SavedSearch
from vnmon.kernel.errors import DeliveryError
from vnmon.kernel.settings import Settings
from vnmon.notify import build_email, send_email

PREVIEW_DAYS = 7
TEST_PREFIX = "[TEST / THỬ] "


def preview_matches(
    client: Elasticsearch, saved: SavedSearch, settings: Settings, days: int = PREVIEW_DAYS
) -> list[Match]:
    """The articles fetched in the last `days` that `saved` matches, one per story unless it asks
    for every copy, at most one digest's worth (`VNMON_ALERTS_MAX_ARTICLES`), oldest first."""
    since = datetime.now(UTC) - timedelta(days=days)
    alias = articles_alias(settings.index_prefix)
    chosen: list[Candidate] = []
    stories: set[str] = set()
    for page in iter_candidates(client, alias, saved.query, since):
        for candidate in page:
            if not saved.query.all_copies and candidate.cluster_id:
                if candidate.cluster_id in stories:
                    continue
                stories.add(candidate.cluster_id)
            chosen.append(candidate)
            if len(chosen) >= settings.alerts_max_articles:
                return describe(client, alias, saved.query, chosen)
    return describe(client, alias, saved.query, chosen)


def send_test(saved: SavedSearch, matches: list[Match], settings: Settings) -> list[str]:
    """Email `matches` to each of `saved`'s recipients as a test digest; returns the addresses.

    Raises `AlertError` when no mail server is configured, the search has no email recipient,
    or the server refuses (the message names the server)."""
    if not settings.smtp_host:
        raise AlertError("no mail server is configured (VNMON_SMTP_HOST): alerts cannot be emailed")
    if not saved.emails:
        raise AlertError(f"saved search {saved.name!r} has no email recipient to test")
    for address in saved.emails:
        message = build_email(
            [address],
            TEST_PREFIX + subject(saved, len(matches)),
            email_text(saved, matches, address, settings.timezone),
            email_html(saved, matches, address, settings.timezone),
            settings=settings,
        )
        try:
            send_email(message, settings)
        except DeliveryError as exc:
            raise AlertError(f"test email to {address}: {exc}") from exc
    return list(saved.emails)
