"""The scheduler's `alerts` job: registered, in the default schedules, delivering and failing clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.smtp_fixture import Mailbox
from tests.vnmon.alerts.conftest import Install, WebhookReceiver, article
from vnmon.alerts import DEFAULT_SCHEDULE, AlertError, get_saved, save_search
from vnmon.scheduling.jobs import job_kind, job_kinds
from vnmon.scheduling.schedules import load_seed_file, parse_duration

SEED = Path(__file__).resolve().parents[3] / "config" / "schedules.yaml"
RICE = "Rice exporters in Vietnam signed new contracts this week."


def test_the_default_schedules_run_alerts_every_fifteen_minutes() -> None:
    assert "alerts" in job_kinds()
    [alerts] = [s for s in load_seed_file(SEED) if s.kind == "alerts"]
    assert alerts.every == DEFAULT_SCHEDULE
    assert parse_duration(alerts.every).total_seconds() == 15 * 60


def test_the_job_delivers_due_searches(install: Install, smtp_server: Mailbox) -> None:
    save_search(install.client, "Rice watch", {"q": "rice"}, emails=["analyst@example.org"])
    install.index(article("rice-1", "Rice contracts", RICE))

    job_kind("alerts")("alerts", {})
    job_kind("alerts")("alerts", {})  # an hourly search is not due again so soon

    [message] = smtp_server.messages
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None and "https://globe.example/news/rice-1.html" in plain.get_content()
    assert message["Subject"] == "vnmon: 1 bài mới / 1 new article — Rice watch"


def test_a_failed_delivery_fails_the_job_naming_it_and_is_kept_for_later(
    install: Install, webhook: WebhookReceiver
) -> None:
    saved = save_search(
        install.client, "Rice hook", {"q": "rice"}, webhook=webhook.url, webhook_internal=True
    )
    install.index(article("rice-1", "Rice contracts", RICE))
    webhook.status = 500

    with pytest.raises(AlertError, match=r"Rice hook.*webhook:http://127\.0\.0\.1:\d+/hooks/vnmon.*500"):
        job_kind("alerts")("alerts", {})

    stored = get_saved(install.client, saved.id)
    assert stored is not None and stored.pending and stored.last_run is not None
    assert stored.last_run.failed == 1
    webhook.status = 200
    job_kind("alerts")("alerts", {})
    assert [a["id"] for p in webhook.payloads for a in p["articles"]] == ["rice-1"]


def test_a_mistyped_job_param_is_named(install: Install) -> None:
    with pytest.raises(AlertError, match=r"unknown alerts param.*search.*known: name, owner"):
        job_kind("alerts")("alerts", {"search": "x"})
