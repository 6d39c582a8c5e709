"""Search against the real node: languages, expansion, story grouping, facets, dates, paging."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest
from elasticsearch import Elasticsearch

from indexer.search import (
    ArticleNotFoundError,
    SearchError,
    SearchParams,
    SearchQueryError,
    SearchResult,
    get_article,
    make_params,
    search,
    story_copies,
)
from indexer.search.syntax import MAX_TERMS
from tests.indexer.search.conftest import Env
from tests.indexer.search.corpus import (
    PAGER_SECOND_COPIES,
    PAGER_STORIES,
    WIRE_OUTLETS,
    precise_articles,
)

# The precise articles' sources (the pager set is left out unless a test pages through it).
PRECISE = tuple(sorted({a.source for a in precise_articles()}))


def run(client: Elasticsearch, q: str = "", **options: object) -> SearchResult:
    options.setdefault("sources", PRECISE)
    options.setdefault("size", 50)
    return search(client, SearchParams(q=q, **options))


def ids(result: SearchResult) -> set[str]:
    return {hit.id for hit in result.hits}


def test_ukrainian_query_finds_the_other_case_forms_through_the_lexicon(
    corpus: Env, es_client: Elasticsearch
) -> None:
    found = ids(run(es_client, "В'єтнам"))
    assert {"uk-visit", "uk-typo"} <= found  # В'єтнаму, and В’єтнамом with a typographic apostrophe
    # Ukrainian has no stemmer in the mapping: without expansion the other cases are not found.
    assert not {"uk-visit", "uk-typo"} & ids(run(es_client, "В'єтнам", expand=False))


def test_russian_query_finds_inflected_forms_through_the_russian_analyzer(
    corpus: Env, es_client: Elasticsearch
) -> None:
    result = run(es_client, "Вьетнам", expand=False)
    assert ids(result) == {"ru-rice"}  # the text says "во Вьетнаме" and "из Вьетнама" only
    assert "<mark>Вьетнаме</mark>" in result.hits[0].snippet  # highlighted in its own language
    assert "риса" in ids_text(run(es_client, "рис"), "ru-rice")  # an ordinary word's other case


def ids_text(result: SearchResult, article_id: str) -> str:
    return next(hit.snippet_text for hit in result.hits if hit.id == article_id)


def test_vietnam_terms_expand_to_every_language(corpus: Env, es_client: Elasticsearch) -> None:
    expanded = ids(run(es_client, "Vietnam"))
    # German adjective (stem), Japanese katakana, Russian and Ukrainian inflections.
    assert {"de-rice", "ja-coffee", "ru-rice", "uk-visit", "uk-typo"} <= expanded
    assert not {"de-rice", "ja-coffee", "ru-rice", "uk-visit"} & ids(run(es_client, "Vietnam", expand=False))
    assert "fr-metro" in ids(run(es_client, "Hanoi"))  # written Hanoï


def test_a_place_name_typed_without_quotes_matches_its_other_spellings(
    corpus: Env, es_client: Elasticsearch
) -> None:
    assert ids(run(es_client, "Ho Chi Minh City")) == {"ru-metro"}  # the text says "В Хошимине"
    assert ids(run(es_client, '"Ho Chi Minh City"')) == {"ru-metro"}
    assert ids(run(es_client, "Ho Chi Minh City", expand=False)) == set()


def test_boolean_operators_phrases_prefixes_and_fields(corpus: Env, es_client: Elasticsearch) -> None:
    assert "en-war" in ids(run(es_client, "Vietnam"))
    assert "en-war" not in ids(run(es_client, "Vietnam -war"))
    assert "en-war" not in ids(run(es_client, "Vietnam NOT war"))
    assert ids(run(es_client, "title:veterans")) == {"en-war"}
    assert ids(run(es_client, '"ferry from Vietnam arrived late"')) == {"late-17"}
    assert ids(run(es_client, "ferry (late OR early)")) == {"late-17", "early-18"}
    assert ids(run(es_client, "ferr* late")) == {"late-17"}
    assert ids(run(es_client, "Vietnam lang:ru")) == {"ru-rice"}
    assert ids(run(es_client, "country:ua")) == {"uk-visit", "uk-typo"}
    assert ids(run(es_client, "source:gazette OR source:nippo")) == {"fr-metro", "ja-coffee"}


def test_wire_story_is_one_hit_with_its_copies_and_outlets(corpus: Env, es_client: Elasticsearch) -> None:
    grouped = run(es_client, "rice export deal")
    wire = [hit for hit in grouped.hits if hit.cluster_id == "wire-rice"]
    assert len(wire) == 1
    assert wire[0].copies == len(WIRE_OUTLETS) == 3
    assert sorted(o.source for o in wire[0].outlets) == sorted(s for s, _, _ in WIRE_OUTLETS)
    assert wire[0].id == "wire-2"  # equal texts score the same: the newest copy stands for the story
    assert grouped.total == len(grouped.hits) and grouped.articles == grouped.total + 2

    every = run(es_client, "rice export deal", all_copies=True)
    assert sorted(h.id for h in every.hits if h.cluster_id == "wire-rice") == ["wire-0", "wire-1", "wire-2"]
    assert every.total == every.articles == len(every.hits)


def test_filters_by_language_country_source_and_relevance(corpus: Env, es_client: Elasticsearch) -> None:
    assert ids(run(es_client, langs=("uk",))) == {"uk-visit", "uk-typo"}
    assert ids(run(es_client, countries=("jp", "fr"))) == {"ja-coffee", "fr-metro"}
    everything = run(es_client)
    assert everything.total == len({a.cluster_id for a in precise_articles()})
    assert run(es_client, min_relevance=7.0).total == 0


def test_published_date_filters_use_local_days(corpus: Env, es_client: Elasticsearch) -> None:
    ferries = {"late-17", "early-18"}
    # 16:59 UTC on the 17th is 23:59 in Hanoi; 17:00 UTC is already the 18th there.
    assert ids(run(es_client, "ferry", date_to=date(2025, 3, 17))) == {"late-17"}
    assert ids(run(es_client, "ferry", date_from=date(2025, 3, 18))) == {"early-18"}
    assert ids(run(es_client, "ferry", date_from=date(2025, 3, 17), date_to=date(2025, 3, 18))) == ferries
    assert ids(run(es_client, "ferry", date_from=datetime(2025, 3, 18, 0, 0))) == {"early-18"}
    assert ids(run(es_client, "ferry", date_to=datetime(2025, 3, 17, 23, 59))) == {"late-17"}
    undated = run(es_client, "undated", date_from=date(2000, 1, 1))
    assert undated.total == 0 and "no-date" in ids(run(es_client, "undated"))
    with pytest.raises(SearchQueryError, match=r"date_from \(2025-03-18\) is after date_to \(2025-03-17\)"):
        make_params(date_from=date(2025, 3, 18), date_to=date(2025, 3, 17))


def test_facets_count_the_whole_result_set(corpus: Env, es_client: Elasticsearch) -> None:
    result = run(es_client, size=1, date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    dated = [a for a in precise_articles() if a.published_at is not None]
    assert result.facets is not None and len(result.hits) == 1
    assert {b.key: b.count for b in result.facets.languages} == Counter(a.language for a in dated)
    assert {b.key: b.count for b in result.facets.countries} == Counter(a.country for a in dated)
    sources = {b.key: (b.count, b.label) for b in result.facets.sources}
    assert sources["visnyk"] == (2, "Вісник")
    assert result.facets.interval == "day" and len(result.facets.histogram) == 31
    assert sum(b.count for b in result.facets.histogram) == len(dated) == result.articles
    assert next(b.count for b in result.facets.histogram if b.key == "2025-03-12") == 2  # both uk articles


@pytest.mark.parametrize(
    ("start", "end", "interval"),
    [
        (date(2025, 3, 17), date(2025, 3, 17), "hour"),
        (date(2025, 1, 1), date(2025, 12, 31), "week"),
        (date(2023, 1, 1), date(2025, 12, 31), "month"),
    ],
)
def test_histogram_interval_follows_the_date_range(
    corpus: Env, es_client: Elasticsearch, start: date, end: date, interval: str
) -> None:
    result = run(es_client, date_from=start, date_to=end)
    assert result.facets is not None and result.facets.interval == interval
    assert sum(b.count for b in result.facets.histogram) == result.articles


def test_sort_by_date_is_newest_first(corpus: Env, es_client: Elasticsearch) -> None:
    result = run(es_client, "Vietnam", sort="date")
    dates = [hit.published_at for hit in result.hits if hit.published_at]
    assert dates == sorted(dates, reverse=True) and len(dates) > 5
    assert result.hits[-1].published_at is None  # undated articles last


@pytest.mark.parametrize(("sort", "all_copies"), [("relevance", False), ("date", False), ("relevance", True)])
def test_cursor_pages_have_no_duplicates_or_gaps(
    corpus: Env, es_client: Elasticsearch, sort: str, all_copies: bool
) -> None:
    params = {"sources": ("pager", "pager2"), "size": 17, "sort": sort, "all_copies": all_copies}
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        page = search(es_client, SearchParams(q="coffee harvest", cursor=cursor, **params))
        pages += 1
        seen.extend(hit.cluster_id if not all_copies else hit.id for hit in page.hits)  # type: ignore[misc]
        cursor = page.next_cursor
        if cursor is None:
            break
        assert pages < 40, "paging does not end"
    expected = PAGER_STORIES + (PAGER_SECOND_COPIES if all_copies else 0)
    assert len(seen) == len(set(seen)) == expected == page.total


def test_a_cursor_only_continues_its_own_search(corpus: Env, es_client: Elasticsearch) -> None:
    first = search(es_client, SearchParams(q="coffee", sources=("pager",), size=5))
    assert first.next_cursor
    with pytest.raises(SearchQueryError, match="belongs to a different search"):
        search(es_client, SearchParams(q="tea", sources=("pager",), size=5, cursor=first.next_cursor))
    with pytest.raises(SearchQueryError, match="cursor is damaged"):
        search(es_client, SearchParams(q="coffee", cursor="!!not-a-cursor!!"))


HOSTILE = [
    "a" * 5000,
    "(" * 500 + "rice" + ")" * 500,
    "NOT " * 300 + "rice",
    " OR ".join(["rice"] * 500),
    "*a*",
    "*",
    "?",
    "\\",
    '"""',
    "rice~2 coffee^1000 tea:/",
    "title:/.*/",
    "{!lucene}rice",
    "rice\x00\x1b[31m",
    "\u202eecir\u202c",
    "Vietnam " * 60,
    " OR ".join(["Vietnam", "Hanoi", "Saigon", "Danang", "Hue", "Mekong", "VinFast", "Vietjet"] * 8),
    "😀 rice 🇻🇳",
    "ﷺ ‮ ‭ ",
]


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:30]))
def test_hostile_input_is_refused_clearly_or_searched_safely(
    corpus: Env, es_client: Elasticsearch, query: str
) -> None:
    try:
        result = run(es_client, query)
    except SearchQueryError as exc:
        message = str(exc)
        assert message and "\n" not in message and len(message) < 400
    else:
        assert result.total >= 0


def test_the_largest_queries_the_syntax_allows_run_on_the_node(corpus: Env, es_client: Elasticsearch) -> None:
    assert run(es_client, " ".join(f"word{i}" for i in range(MAX_TERMS))).total == 0
    places = run(es_client, " OR ".join(["Vietnam", "Hanoi", "Saigon", "Danang", "Hue", "Mekong", "VinFast"]))
    assert {"ru-rice", "uk-visit", "fr-metro", "ja-coffee"} <= ids(places)


def test_a_missing_index_or_a_dead_cluster_is_one_clear_line(
    corpus: Env, es_client: Elasticsearch, dead_es_url: str
) -> None:
    with pytest.raises(SearchError, match="there is no articles index nope-articles"):
        search(es_client, SearchParams(q="rice"), alias="nope-articles")
    dead = Elasticsearch(dead_es_url, max_retries=0, request_timeout=2)
    with pytest.raises(SearchError, match="cannot be reached to search"):
        search(dead, SearchParams(q="rice"))


def test_article_view_has_full_text_and_archive_reference(corpus: Env, es_client: Elasticsearch) -> None:
    article = get_article(es_client, "ru-rice")
    expected = next(a for a in precise_articles() if a.id == "ru-rice")
    assert article.body == expected.body and article.title == expected.title and article.source == "vestnik"
    with pytest.raises(ArticleNotFoundError, match="no-such-id"):
        get_article(es_client, "no-such-id")
    copies = story_copies(es_client, "wire-rice")
    assert [c.id for c in copies] == ["wire-0", "wire-1", "wire-2"]  # earliest first
    assert [c.source for c in copies] == [source for source, _, _ in WIRE_OUTLETS]
