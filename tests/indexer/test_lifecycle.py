"""`vnmon index setup` against the real local node: idempotent, one versioned index behind the alias."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from elasticsearch import Elasticsearch

from indexer.client import build_client, connect
from indexer.lifecycle import articles_alias, create_index, current_index, flip_alias, setup
from indexer.mapping import MAPPING_VERSION, article_document
from vnmon.cli import main
from vnmon.kernel.errors import EsUnavailableError
from vnmon.kernel.settings import Settings


def test_setup_twice_is_harmless(vnmon_env: Settings) -> None:
    client = build_client()
    first, created = setup(client)
    second, created_again = setup(client)
    assert created and not created_again
    assert first == second
    alias = articles_alias()
    assert alias == f"{vnmon_env.index_prefix}-articles"
    assert list(client.indices.get_alias(name=alias).body) == [first]
    assert first.startswith(f"{alias}-v{MAPPING_VERSION}-")


def test_workers_starting_together_share_one_index(vnmon_env: Settings) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: setup(build_client()), range(4)))
    assert len({index for index, _ in results}) == 1
    assert sum(created for _, created in results) == 1


def test_cli_setup_reports_alias_and_index(vnmon_env: Settings) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["index", "setup"])
    second = runner.invoke(main, ["index", "setup"])
    assert first.exit_code == 0, first.output
    assert first.output.startswith(f"created {vnmon_env.index_prefix}-articles -> ")
    assert "already set up" in second.output
    index = first.output.split(" -> ")[1].strip()
    assert second.output.strip().endswith(index)


def test_flip_alias_moves_reads_and_writes_atomically(vnmon_env: Settings) -> None:
    client = build_client()
    old, _ = setup(client)
    new = create_index(client)
    assert flip_alias(client, new) == old
    assert current_index(client) == new


def test_language_fields_are_searchable_with_stemming(vnmon_env: Settings, es_client: Elasticsearch) -> None:
    from datetime import UTC, datetime

    from vnmon.kernel.article import Article

    client = build_client()
    setup(client)
    article = Article(
        id="ru-1",
        url="http://ru.example/1",
        canonical_url="http://ru.example/1",
        source="ru",
        source_name="RU",
        country="RU",
        title="Визит в Ханой",
        body="Во Вьетнаме прошли парламентские выборы.",
        language="ru",
        fetched_at=datetime.now(UTC),
    )
    client.index(index=articles_alias(), id=article.id, document=article_document(article), refresh=True)
    # The standard field does not match the other case form; the Russian copy does.
    plain = client.count(index=articles_alias(), query={"match": {"body": "выборах"}})["count"]
    stemmed = client.count(index=articles_alias(), query={"match": {"i18n.body_russian": "выборах"}})["count"]
    assert (plain, stemmed) == (0, 1)


def test_russian_case_forms_of_vietnam_meet_in_one_token(vnmon_env: Settings) -> None:
    client = build_client()
    index, _ = setup(client)
    tokens = {
        word: [
            t["token"]
            for t in client.indices.analyze(index=index, field="i18n.body_russian", text=word)["tokens"]
        ]
        for word in ("Вьетнам", "Вьетнаме", "Вьетнама", "Вьетнаму")
    }
    assert all(found == ["вьетнам"] for found in tokens.values()), tokens


def test_unreachable_url_gives_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, vnmon_env: Settings, dead_es_url: str
) -> None:
    with pytest.raises(EsUnavailableError, match=dead_es_url):
        connect(url=dead_es_url)
    monkeypatch.setenv("VNMON_ES_URL", dead_es_url)
    from vnmon.kernel.settings import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(main, ["index", "setup"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and dead_es_url in result.output


def test_setup_gives_an_existing_index_eager_facet_ordinals(vnmon_env: Settings) -> None:
    """An index made before the facet fields had eager global ordinals gets them from `setup`
    (the mapping is updated in place: no new version, no reindex)."""
    import json

    from indexer.mapping import articles_mapping, articles_settings

    client = build_client()
    alias = articles_alias()
    older = json.loads(json.dumps(articles_mapping()).replace(', "eager_global_ordinals": true', ""))
    assert "eager_global_ordinals" not in json.dumps(older)
    index = f"{alias}-v{MAPPING_VERSION}-initial"
    client.indices.create(index=index, mappings=older, settings=articles_settings(), aliases={alias: {}})
    assert setup(client) == (index, False)
    fields = client.indices.get_mapping(index=index)[index]["mappings"]["properties"]
    eager = {name for name, field in fields.items() if field.get("eager_global_ordinals")}
    assert eager == {"language", "source", "country", "places", "topics"}
    assert fields["source_name"]["fields"]["raw"]["eager_global_ordinals"] is True
