"""An index made before discovery gains its fields (found_via, gdelt_*) without a rebuild."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from elasticsearch import Elasticsearch

from indexer.found import add_discovery
from indexer.lifecycle import articles_alias, setup
from indexer.mapping import MAPPING_VERSION, article_document, articles_mapping, articles_settings
from vnmon.kernel.article import Article
from vnmon.kernel.settings import Settings

NEW_FIELDS = ("found_via", "gdelt_tone", "gdelt_locations")


def test_setup_adds_the_discovery_fields_to_an_older_index(
    vnmon_env: Settings, es_client: Elasticsearch
) -> None:
    old = copy.deepcopy(articles_mapping())
    for name in NEW_FIELDS:
        del old["properties"][name]
    index = f"{articles_alias()}-v{MAPPING_VERSION}-initial"
    es_client.indices.create(
        index=index,
        mappings=old,
        settings=articles_settings(),
        aliases={articles_alias(): {"is_write_index": True}},
    )
    assert setup(es_client) == (index, False)
    mapped = es_client.indices.get_mapping(index=index)[index]["mappings"]["properties"]
    assert all(name in mapped for name in NEW_FIELDS)

    # An article found by a feed, then by GDELT: one document, both ways, GDELT's tone and places.
    url = "https://www.example.com/world/2026/12/07/vietnam-rice/"
    article = Article(
        id="a" * 64, url=url, canonical_url=url, source="example", source_name="Example", country="FR",
        title="Vietnam rice", body="Vietnam rice exports", language="en", fetched_at=datetime.now(UTC),
        found_via=["feed"],
    )  # fmt: skip
    es_client.index(index=articles_alias(), id=article.id, document=article_document(article), refresh=True)
    changed = add_discovery(
        es_client, {url: {"via": "gdelt-gkg", "tone": -2.5, "locations": ["Hanoi, Vietnam"]}}
    )
    assert changed == 1
    es_client.indices.refresh(index=articles_alias())
    doc = es_client.get(index=articles_alias(), id=article.id)["_source"]
    assert doc["found_via"] == ["feed", "gdelt-gkg"] and doc["gdelt_tone"] == -2.5
    assert doc["gdelt_locations"] == ["Hanoi, Vietnam"]
    # The per-language copies survive the rewrite: the English analyzer still finds the stem.
    hits = es_client.count(index=articles_alias(), query={"match": {"i18n.body_english": "export"}})
    assert hits["count"] == 1
    assert add_discovery(es_client, {url: {"via": "gdelt-gkg", "tone": -2.5, "locations": []}}) == 0
