"""Staleness counts from publication dates, and `vnmon sources health` only shows unless told to record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from elasticsearch import Elasticsearch

from crawler import runs
from tests.vnmon.exports.corpus import article, index_articles
from vnmon.cli import main
from vnmon.kernel.settings import Settings


def _run_of(source: str) -> dict[str, object]:
    started = datetime.now(UTC) - timedelta(hours=1)
    tally = {"fetched": 12, "articles": 1, "dropped": {}, "http_errors": {}, "errors": 0,
             "entry_points": {f"http://{source}.example/rss.xml": "200"}}  # fmt: skip
    return {"run_id": f"run-{source}", "started_at": started.isoformat(), "status": "finished",
            "sources": [source], "per_source": {source: tally}}  # fmt: skip


def test_a_feed_serving_a_2018_article_fetched_today_is_stale(
    vnmon_env: Settings, es_client: Elasticsearch
) -> None:
    old = article(1, datetime(2018, 5, 2, 9, tzinfo=UTC), outlet=0)
    old = old.model_copy(update={"fetched_at": datetime.now(UTC) - timedelta(minutes=30)})
    fresh = article(2, datetime.now(UTC) - timedelta(days=1), outlet=1)
    future = article(3, datetime.now(UTC) + timedelta(days=400), outlet=1)  # a wrong date does not count
    index_articles(es_client, [old, fresh, future], vnmon_env.data_dir)
    runs.save_run(_run_of("pacific-wire"))
    runs.save_run(_run_of("gazette-estuaire"))

    shown = CliRunner().invoke(main, ["sources", "health"])

    assert shown.exit_code == 0, shown.output
    assert "NEWEST ARTICLE (Asia/Ho_Chi_Minh)" in shown.output
    [stale] = [line for line in shown.output.splitlines() if line.startswith("pacific-wire")]
    assert " degraded " in stale and "2018-05-02 (" in stale
    assert "stale: its newest article was published 2018-05-02" in stale
    [ok] = [line for line in shown.output.splitlines() if line.startswith("gazette-estuaire")]
    assert " healthy " in ok and "(1.0d ago)" in ok
    assert runs.load_health_states() == {}  # the plain command records nothing

    recorded = CliRunner().invoke(main, ["sources", "health", "--record"])
    assert recorded.exit_code == 0, recorded.output
    states = runs.load_health_states()
    assert states["pacific-wire"]["state"] == "degraded" and states["gazette-estuaire"]["state"] == "healthy"
