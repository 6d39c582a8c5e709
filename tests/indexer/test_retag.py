"""`vnmon index retag` against the real node: documents tagged with yesterday's places and topics
config get today's, only changed ones are written, nothing a crawl writes meanwhile is lost, and a
stopped or crashed run continues where it stopped."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from elasticsearch import Elasticsearch

from indexer.client import build_client
from indexer.lifecycle import articles_alias, setup
from indexer.mapping import article_document
from indexer.retag import RetagError, RetagOptions, Tagger, retag, subset_of
from vnmon.cli import main
from vnmon.kernel.article import Article
from vnmon.kernel.configfiles import config_file
from vnmon.kernel.settings import Settings
from vnmon.kernel.tagging import tag_article

ROOT = Path(__file__).resolve().parents[2]
BATCH = 4
# What the articles say: the new config knows "Perfume River" as Huế, has a coffee topic, and
# calls sport `sports`; Hanoi-only stories keep their tags.
TEXTS = [
    ("Coffee exports along the Perfume River", "Robusta coffee growers near the Perfume River expand. " * 5),
    ("Football final in Hanoi", "The football tournament final drew fans; the striker scored twice. " * 5),
    ("A quiet week in Hanoi", "Hanoi officials met residents about parks and streets. " * 5),
    ("Hue prepares its festival", "Visitors fill hotels in Hue for the heritage festival. " * 5),
]
COUNT = 23  # not a multiple of BATCH: the last batch is short


@pytest.fixture(scope="module")
def new_config(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Copies of config/places.yaml (+ its generated names) and config/topics.yaml, changed."""
    folder = tmp_path_factory.mktemp("config")
    places = config_file(None, "places.yaml")
    shutil.copy(places.with_name("places-names.yaml"), folder / "places-names.yaml")
    text = places.read_text("utf-8")
    old = "      en: [=Hue, Hue City, Hué]"
    assert old in text
    (folder / "places.yaml").write_text(text.replace(old, old[:-1] + ", Perfume River]"), "utf-8")
    text = config_file(None, "topics.yaml").read_text("utf-8")
    assert "\n  sport:\n" in text
    coffee = (
        "topics:\n  coffee:\n    label: Coffee\n    rules:\n"
        "      - weight: 3.0\n        any:\n          en: [coffee, robusta]\n"
    )
    text = text.replace("\n  sport:\n", "\n  sports:\n").replace("\ntopics:\n", "\n" + coffee, 1)
    (folder / "topics.yaml").write_text(text, "utf-8")
    return folder / "places.yaml", folder / "topics.yaml"


@pytest.fixture(scope="module")
def old_tagger() -> Tagger:
    return Tagger.load()


@pytest.fixture(scope="module")
def new_tagger(new_config: tuple[Path, Path]) -> Tagger:
    return Tagger.load(*new_config)


@pytest.fixture
def indexed(vnmon_env: Settings, old_tagger: Tagger) -> Iterator[Elasticsearch]:
    """COUNT articles tagged by the old config, as the crawl indexed them."""
    client = build_client()
    setup(client)
    operations: list[dict[str, Any]] = []
    for n in range(COUNT):
        operations += [
            {"index": {"_index": articles_alias(), "_id": f"doc-{n:02d}"}},
            article_document(_article(n, old_tagger)),
        ]
    client.bulk(operations=operations, refresh="wait_for")
    yield client
    client.close()


def _article(n: int, tagger: Tagger, title: str | None = None) -> Article:
    title = title or TEXTS[n % len(TEXTS)][0]
    body = TEXTS[n % len(TEXTS)][1]
    tags = tag_article(title, "", body, tagger.gazetteer, tagger.topics)
    return Article(
        id=f"doc-{n:02d}",
        url=f"https://news.example/{n:02d}",
        canonical_url=f"https://news.example/{n:02d}",
        source="example",
        source_name="Example News",
        country="GB",
        title=title,
        body=body,
        language="en",
        fetched_at=datetime(2026, 12, 1, tzinfo=UTC),
        **tags.fields(),
    )


def _stored(client: Elasticsearch) -> dict[str, dict[str, Any]]:
    client.indices.refresh(index=articles_alias())
    hits = client.search(index=articles_alias(), size=100, seq_no_primary_term=True)["hits"]["hits"]
    return {h["_id"]: h for h in hits}


def _expected(hit: dict[str, Any], tagger: Tagger) -> dict[str, Any]:
    src = hit["_source"]
    return tag_article(src["title"], src["lead"], src["body"], tagger.gazetteer, tagger.topics).fields()


def _topic_changes(old: Tagger, new: Tagger) -> tuple[int, int]:
    """Topics added and removed over the COUNT articles when `new` replaces `old`."""
    added = removed = 0
    for n in range(COUNT):
        before, after = set(_article(n, old).topics), set(_article(n, new).topics)
        added, removed = added + len(after - before), removed + len(before - after)
    return added, removed


def _tags(hit: dict[str, Any]) -> dict[str, Any]:
    return {name: hit["_source"][name] for name in ("places", "place_scores", "topics", "topic_scores")}


def test_the_test_config_changes_some_tags_and_not_others(indexed: Elasticsearch, new_tagger: Tagger) -> None:
    before = _stored(indexed)
    assert before["doc-00"]["_source"]["places"] == []  # "Perfume River" only
    assert "sport" in before["doc-01"]["_source"]["topics"]
    assert _expected(before["doc-00"], new_tagger)["places"][0] == "hue"
    assert "coffee" in _expected(before["doc-00"], new_tagger)["topics"]
    assert _expected(before["doc-02"], new_tagger) == _tags(before["doc-02"])


def test_retag_fixes_changed_documents_only_and_a_second_run_does_nothing(
    indexed: Elasticsearch, old_tagger: Tagger, new_tagger: Tagger, vnmon_env: Settings
) -> None:
    before = _stored(indexed)
    state = vnmon_env.data_dir / "retag"
    dry = retag(indexed, articles_alias(), new_tagger, state, RetagOptions(dry_run=True, batch_size=BATCH))
    assert dry.status == "finished" and dry.dry_run
    assert _stored(indexed) == before  # nothing written, not even the state
    assert not state.exists()
    changing = {i for i, hit in before.items() if _expected(hit, new_tagger) != _tags(hit)}
    assert dry.counts.seen == COUNT and dry.counts.changed == len(changing) == 12

    outcome = retag(indexed, articles_alias(), new_tagger, state, RetagOptions(batch_size=BATCH))
    assert outcome.status == "finished"
    counts = outcome.counts
    assert (counts.seen, counts.changed, counts.errors, counts.conflicts) == (COUNT, 12, [], 0)
    # 6 coffee stories gain hue, and coffee (in place of trade, which
    # falls below min_share of coffee's score); 6 football stories swap sport for sports.
    assert (counts.places_added, counts.places_removed) == (6, 0)
    # +coffee (6 documents) and +sports (6); -sport (6) and whatever the coffee topic now outranks
    # on the coffee stories under the repository's rules (trade, economy): counted from the taggers.
    assert (counts.topics_added, counts.topics_removed) == _topic_changes(old_tagger, new_tagger) == (12, 18)
    after = _stored(indexed)
    for doc_id, hit in after.items():
        assert _tags(hit) == _expected(hit, new_tagger)
        unchanged = doc_id not in changing
        assert (hit["_seq_no"] == before[doc_id]["_seq_no"]) is unchanged
        # The rewrite keeps every other field and the per-language copies search uses.
        assert {k: v for k, v in hit["_source"].items() if k not in _tags(hit)} == {
            k: v for k, v in before[doc_id]["_source"].items() if k not in _tags(hit)
        }
    found = indexed.search(index=articles_alias(), query={"match": {"i18n.title_english": "export"}})
    assert found["hits"]["total"]["value"] == 6  # stemmed "exports": the English copy is still there
    assert {
        h["_id"]
        for h in indexed.search(index=articles_alias(), query={"term": {"places": "hue"}}, size=50)["hits"][
            "hits"
        ]
    } >= {"doc-00", "doc-04"}

    again = retag(indexed, articles_alias(), new_tagger, state, RetagOptions(batch_size=BATCH))
    assert again.status == "up-to-date" and again.counts.seen == 0
    forced = retag(indexed, articles_alias(), new_tagger, state, RetagOptions(batch_size=BATCH, force=True))
    assert (forced.status, forced.counts.seen, forced.counts.changed) == ("finished", COUNT, 0)
    assert _stored(indexed) == after


def test_a_stopped_and_a_crashed_run_resume_where_they_stopped(
    indexed: Elasticsearch, new_tagger: Tagger, vnmon_env: Settings
) -> None:
    state = vnmon_env.data_dir / "retag"
    read: list[list[str]] = []

    def record(hits: list[dict[str, Any]]) -> None:
        read.append([h["_id"] for h in hits])

    first = retag(
        indexed,
        articles_alias(),
        new_tagger,
        state,
        RetagOptions(batch_size=BATCH, max_batches=2, on_batch_read=record),
    )
    assert first.status == "stopped" and first.counts.seen == 2 * BATCH

    class Crash(Exception):
        pass

    def crash_on_second(hits: list[dict[str, Any]]) -> None:
        record(hits)
        if len(read) == 4:  # the second batch of this run: read, never written
            raise Crash

    with pytest.raises(Crash):
        retag(
            indexed,
            articles_alias(),
            new_tagger,
            state,
            RetagOptions(batch_size=BATCH, on_batch_read=crash_on_second),
        )
    last = retag(
        indexed, articles_alias(), new_tagger, state, RetagOptions(batch_size=BATCH, on_batch_read=record)
    )
    assert last.status == "finished" and last.resumed
    assert last.counts.seen == COUNT and last.counts.changed == 12  # counted across the three runs
    # Each run started after the last batch written: only the crashed batch was read twice.
    assert read[3] == read[4]
    assert sorted(i for batch in read[:4] + read[5:] for i in batch) == [f"doc-{n:02d}" for n in range(COUNT)]
    for hit in _stored(indexed).values():
        assert _tags(hit) == _expected(hit, new_tagger)


def test_a_crawl_writing_between_read_and_write_is_not_lost(
    indexed: Elasticsearch, old_tagger: Tagger, new_tagger: Tagger, vnmon_env: Settings
) -> None:
    def crawl_rewrites_doc_00(hits: list[dict[str, Any]]) -> None:
        if any(h["_id"] == "doc-00" for h in hits):
            # The crawl fetched doc-00 again: a new title, a relevance; tagged by its (old) config.
            article = _article(0, old_tagger, title="Coffee boom on the Perfume River in Hanoi")
            doc = article_document(article.model_copy(update={"relevance": 9.5}))
            indexed.index(index=articles_alias(), id="doc-00", document=doc, refresh="wait_for")

    outcome = retag(
        indexed,
        articles_alias(),
        new_tagger,
        vnmon_env.data_dir / "retag",
        RetagOptions(batch_size=BATCH, on_batch_read=crawl_rewrites_doc_00),
    )
    assert outcome.counts.conflicts == 1 and outcome.counts.errors == []
    hit = _stored(indexed)["doc-00"]
    assert hit["_source"]["relevance"] == 9.5
    assert hit["_source"]["title"] == "Coffee boom on the Perfume River in Hanoi"
    assert _tags(hit) == _expected(hit, new_tagger)
    assert "hanoi" in hit["_source"]["places"] and "hue" in hit["_source"]["places"]


def test_a_query_subset_retags_only_what_it_matches(
    indexed: Elasticsearch, new_tagger: Tagger, vnmon_env: Settings
) -> None:
    subset = subset_of("football", datetime(2026, 11, 30), "Asia/Ho_Chi_Minh")
    outcome = retag(
        indexed, articles_alias(), new_tagger, vnmon_env.data_dir / "retag", RetagOptions(subset=subset)
    )
    assert (outcome.counts.seen, outcome.counts.changed) == (6, 6)
    stored = _stored(indexed)
    assert "sports" in stored["doc-01"]["_source"]["topics"]
    assert stored["doc-00"]["_source"]["places"] == []  # outside the subset
    later = subset_of(None, datetime(2026, 12, 2), "UTC")
    assert (
        retag(
            indexed, articles_alias(), new_tagger, vnmon_env.data_dir / "retag", RetagOptions(subset=later)
        ).counts.seen
        == 0
    )


def test_cli_reports_progress_and_summary(
    indexed: Elasticsearch, new_config: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VNMON_PLACES", str(new_config[0]))
    monkeypatch.setenv("VNMON_TOPICS", str(new_config[1]))
    from vnmon.kernel.settings import get_settings

    get_settings.cache_clear()
    runner = CliRunner()
    dry = runner.invoke(main, ["index", "retag", "--dry-run", "--batch-size", "5"])
    assert dry.exit_code == 0, dry.output
    assert "would change 12" in dry.stdout and "[dry run]" in dry.stdout
    stopped = runner.invoke(main, ["index", "retag", "--batch-size", "5", "--max-batches", "2"])
    assert stopped.exit_code == 0, stopped.output
    assert "retag stopped after --max-batches (run again to continue)" in stopped.stdout
    assert "retag: 5/23 seen" in stopped.stderr and "docs/s, ETA" in stopped.stderr
    result = runner.invoke(main, ["index", "retag", "--batch-size", "5"])
    assert result.exit_code == 0, result.output
    assert "retag finished (resumed)" in result.stdout
    assert "retag: 15/23 seen" in result.stderr  # continued after the 10 documents of the first run
    assert "retag: 23/23 seen, 12 changed" in result.stderr
    assert "seen 23, changed 12" in result.stdout
    assert "places: +6 -0; topics: +12 -18" in result.stdout
    again = runner.invoke(main, ["index", "retag"])
    assert again.exit_code == 0 and "nothing to do" in again.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus"], "No such option '--bogus'"),
        (["--batch-size", "0"], "0 is not in the range 1<=x<=5000"),
        (["--since", "last week"], "'last week' does not match the formats"),
        (["--query", '"Hue'], 'error: unclosed quote at position 1: add the closing "'),
    ],
)
def test_cli_bad_options_get_one_line(vnmon_env: Settings, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["index", "retag", *args])
    assert result.exit_code != 0 and message in result.stderr
    assert "Traceback" not in result.output


def test_cli_names_the_url_when_elasticsearch_does_not_answer(
    vnmon_env: Settings, dead_es_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vnmon.kernel.settings import get_settings

    monkeypatch.setenv("VNMON_ES_URL", dead_es_url)
    get_settings.cache_clear()
    result = CliRunner().invoke(main, ["index", "retag"])
    assert result.exit_code == 1
    assert (
        result.stderr.count("\n") == 1 and f"Elasticsearch at {dead_es_url} does not answer" in result.stderr
    )


def test_no_alias_is_a_clear_error(vnmon_env: Settings, new_tagger: Tagger) -> None:
    with pytest.raises(RetagError, match=f"{articles_alias()} does not exist"):
        retag(build_client(), articles_alias(), new_tagger, vnmon_env.data_dir / "retag")


def test_an_interrupted_run_of_another_config_starts_over(
    indexed: Elasticsearch, old_tagger: Tagger, new_tagger: Tagger, vnmon_env: Settings
) -> None:
    state = vnmon_env.data_dir / "retag"
    stopped = retag(
        indexed, articles_alias(), old_tagger, state, RetagOptions(batch_size=BATCH, max_batches=1)
    )
    assert stopped.status == "stopped" and stopped.counts.changed == 0
    outcome = retag(indexed, articles_alias(), new_tagger, state, RetagOptions(batch_size=BATCH))
    assert outcome.restarted and not outcome.resumed
    assert (outcome.counts.seen, outcome.counts.changed) == (COUNT, 12)


def test_elasticsearch_going_away_mid_run_is_one_error_naming_the_url(
    indexed: Elasticsearch, new_tagger: Tagger, vnmon_env: Settings, dead_es_url: str
) -> None:
    def node_goes_away(hits: list[dict[str, Any]]) -> None:
        # From here on the run's client talks to a port where nothing listens.
        gone = build_client(url=dead_es_url).options(max_retries=0)
        run_client.transport.node_pool = gone.transport.node_pool

    run_client = build_client().options(max_retries=0)
    with pytest.raises(
        RetagError, match=f"retag of {articles_alias()} at {dead_es_url} failed: ConnectionError"
    ):
        retag(
            run_client,
            articles_alias(),
            new_tagger,
            vnmon_env.data_dir / "retag",
            RetagOptions(on_batch_read=node_goes_away),
        )
