"""`place:` and `topic:` filters (names in any script resolve to place ids), their params and facets,
against the real Elasticsearch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from elasticsearch import Elasticsearch

from indexer.search import SearchParams, SearchQueryError, SearchResult, search
from indexer.search.known import UnknownFilterError
from tests.indexer.search.conftest import Env
from tests.indexer.search.corpus import article, at, index
from vnmon.kernel.settings import Settings

TAGGED = {
    "hue-tour": (["hue", "thua_thien_hue"], ["tourism_culture"]),
    "hue-trade": (["hue"], ["trade"]),
    "hoian-tour": (["hoi_an", "quang_nam", "da_nang"], ["tourism_culture"]),
    "hanoi-none": (["hanoi"], []),
}


@pytest.fixture(scope="module")
def tagged(module_settings: Settings, es_client: Elasticsearch) -> Iterator[Env]:
    articles = [
        article(
            ident, language="en", title=f"Story {ident}", body="Vietnam news.", published=at(i + 1)
        ).model_copy(update={"places": places, "topics": topics})
        for i, (ident, (places, topics)) in enumerate(TAGGED.items())
    ]
    alias = index(es_client, module_settings.index_prefix, articles)
    yield Env(module_settings, alias)
    es_client.indices.delete(index=f"{alias}-*", ignore_unavailable=True)


def run(client: Elasticsearch, q: str = "", **options: object) -> SearchResult:
    return search(client, SearchParams(q=q, size=50, **options))  # type: ignore[arg-type]


def ids(result: SearchResult) -> set[str]:
    return {hit.id for hit in result.hits}


@pytest.mark.usefixtures("tagged")
def test_place_filter_takes_an_id_or_a_name_in_any_script(es_client: Elasticsearch) -> None:
    by_id = ids(run(es_client, "place:hue"))
    assert by_id == {"hue-tour", "hue-trade"}
    for typed in ("place:Huế", "place:Хюе", "place:フエ", "place:HUE"):
        assert ids(run(es_client, typed)) == by_id, typed
    assert ids(run(es_client, 'place:"Thừa Thiên Huế"')) == {"hue-tour"}
    assert ids(run(es_client, "place:hoi_an,hue")) == {"hue-tour", "hue-trade", "hoian-tour"}
    assert ids(run(es_client, "Vietnam -place:hue")) == {"hoian-tour", "hanoi-none"}
    # The same through the params the web page, the API and the CLI fill.
    assert ids(run(es_client, places=("Хюе",))) == by_id


@pytest.mark.usefixtures("tagged")
def test_topic_filter_and_its_param(es_client: Elasticsearch) -> None:
    assert ids(run(es_client, "topic:tourism_culture")) == {"hue-tour", "hoian-tour"}
    assert ids(run(es_client, "topic:tourism_culture place:hue")) == {"hue-tour"}
    assert ids(run(es_client, topics=("trade",), places=("hue",))) == {"hue-trade"}


@pytest.mark.usefixtures("tagged")
def test_unknown_places_and_topics_are_clear_errors_with_the_closest_values(
    es_client: Elasticsearch,
) -> None:
    with pytest.raises(UnknownFilterError) as place:
        run(es_client, "place:Huee")
    assert str(place.value) == "unknown place 'Huee'; did you mean hue (Huế)?"
    with pytest.raises(UnknownFilterError) as topic:
        run(es_client, "topic:tourism")
    assert str(topic.value) == "unknown topic 'tourism'; did you mean tourism_culture (Tourism & culture)?"
    with pytest.raises(SearchQueryError, match="unknown place 'Atlantis'"):
        run(es_client, places=("Atlantis",))


@pytest.mark.usefixtures("tagged")
def test_facets_count_places_and_topics_keeping_other_choices(es_client: Elasticsearch) -> None:
    facets = run(es_client).facets
    assert facets is not None
    places = {b.key: b.count for b in facets.places}
    assert places["hue"] == 2 and places["hoi_an"] == 1 and places["hanoi"] == 1
    assert {b.key: b.count for b in facets.topics} == {"tourism_culture": 2, "trade": 1}
    # A chosen place keeps the other places' counts (multi-select), the topics follow the choice.
    chosen = run(es_client, places=("hue",)).facets
    assert chosen is not None
    assert {b.key: b.count for b in chosen.places}["hoi_an"] == 1
    assert {b.key: b.count for b in chosen.topics} == {"tourism_culture": 1, "trade": 1}
