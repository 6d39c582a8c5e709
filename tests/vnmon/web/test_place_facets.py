"""The search page's place and topic facets: readable labels in the UI language, and ticking one
filters the results (the checkbox submits `place=<id>` like the language facet's `lang=`)."""

from __future__ import annotations

import re

import pytest
from elasticsearch import Elasticsearch

from tests.indexer.search.corpus import article, at, index
from tests.vnmon.web.conftest import Web
from vnmon.auth.roles import Role
from vnmon.kernel.settings import Settings


@pytest.fixture
def tagged(vnmon_env: Settings, es_client: Elasticsearch) -> None:
    tags = {"hue-1": (["hue"], ["tourism_culture"]), "hanoi-1": (["hanoi"], ["trade"])}
    articles = [
        article(ident, language="en", title=f"Vietnam {ident}", body="Vietnam news.", published=at(i + 1))
        .model_copy(update={"places": places, "topics": topics})
        for i, (ident, (places, topics)) in enumerate(tags.items())
    ]
    index(es_client, vnmon_env.index_prefix, articles)


def _facet_names(html: str, facet: str) -> dict[str, str]:
    """value -> shown name of a facet's checkboxes."""
    block = html.split(f'data-facet="{facet}"', 1)[1].split("</fieldset>", 1)[0]
    pattern = r'name="' + facet + r'" value="([^"]+)".*?<span class="name"[^>]*>([^<]+)</span>'
    return dict(re.findall(pattern, block))


@pytest.mark.usefixtures("tagged")
def test_place_and_topic_facets_have_names_and_filter_when_ticked(web: Web) -> None:
    client = web.logged_in(Role.ANALYST)
    english = client.get("/", params={"q": "Vietnam", "ui": "en"})
    assert english.status_code == 200, english.text
    assert "<legend>Place</legend>" in english.text and "<legend>Topic</legend>" in english.text
    assert _facet_names(english.text, "place") == {"hue": "Hue", "hanoi": "Hanoi"}
    topics = _facet_names(english.text, "topic")
    assert topics == {"tourism_culture": "Tourism &amp; culture", "trade": "Trade"}
    vietnamese = client.get("/", params={"q": "Vietnam", "ui": "vi"})
    assert _facet_names(vietnamese.text, "place") == {"hue": "Huế", "hanoi": "Hà Nội"}

    # Ticking Huế submits the search form with place=hue: only its article is left, the box stays ticked.
    ticked = client.get("/", params={"q": "Vietnam", "place": "hue", "ui": "en"})
    assert ticked.status_code == 200
    assert re.findall(r'href="/articles/([\w-]+)\?', ticked.text) == ["hue-1"]
    assert re.search(r'name="place" value="hue" data-value="hue" checked', ticked.text)
    api = client.get("/api/search", params={"place": "Хюе", "topic": "tourism_culture"}).json()
    assert [h["id"] for h in api["hits"]] == ["hue-1"]

    unknown = client.get("/", params={"q": "Vietnam", "place": "Atlantis", "ui": "en"})
    assert unknown.status_code == 400 and "Unknown place “Atlantis”" in unknown.text
    assert client.get("/api/search", params={"topic": "tourism"}).json()["detail"] == (
        "unknown topic 'tourism'; did you mean tourism_culture (Tourism & culture)?"
    )
