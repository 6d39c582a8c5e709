"""Property-based tests of what analysts type: no query text, cursor or parameter value makes the
read side raise anything but `SearchQueryError`, and a query that compiles stays bounded."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from indexer.search.compiler import to_es_query
from indexer.search.cursor import decode_cursor, encode_cursor
from indexer.search.errors import SearchQueryError
from indexer.search.params import make_params
from vnmon.kernel.lexicon import load_lexicon

BOUNDED = settings(max_examples=300, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
LEXICON = load_lexicon()

# Query text made of what the syntax knows and what breaks parsers: quotes, parentheses,
# operators, field filters, prefixes, Vietnam terms in several scripts, odd characters.
_PIECES = st.sampled_from(
    [
        "Vietnam", "Hanoi", "Hà Nội", "Ханой", "ハノイ", "越南", "베트남에", "وهانوي", "Huế", '"', "(", ")",
        " ", "AND", "OR", "NOT", "-", "*", "lang:", "lang:ru,ja", "source:", "country:", "place:hue",
        ":", ",", "\\", "\x00", "\u200b", "'", "trade", "wi*", '"Ho Chi Minh"', "((((", "))))", "🇻🇳",
    ]
)  # fmt: skip
QUERIES = st.one_of(st.lists(_PIECES, max_size=60).map("".join), st.text(max_size=600))


@BOUNDED
@given(QUERIES)
@example('"unclosed')
@example("((((((((((((((((((((Vietnam))))))))))))))))))))")
@example("NOT NOT NOT")
@example("lang:")
def test_any_query_text_compiles_or_raises_a_search_query_error(text: str) -> None:
    try:
        query = to_es_query(text, lexicon=LEXICON)
    except SearchQueryError as exc:
        assert str(exc)
        return
    # What reaches Elasticsearch is plain JSON of a bounded size.
    assert len(json.dumps(query)) < 2_000_000


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@BOUNDED
@given(st.one_of(st.text(max_size=300), JSONISH.map(lambda v: encode_cursor("fp", [v]))))
@example("")
@example("e30")  # {}
def test_any_cursor_decodes_to_sort_values_or_raises_a_search_query_error(cursor: str) -> None:
    try:
        values = decode_cursor(cursor, "fp")
    except SearchQueryError:
        return
    assert values and all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values)


PARAM_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "q": st.text(max_size=50),
    "langs": st.one_of(st.lists(st.text(max_size=12), max_size=5), st.text(max_size=20)),
    "sources": st.lists(st.text(max_size=200), max_size=3),
    "sort": st.text(max_size=10),
    "cursor": st.one_of(st.none(), st.text(max_size=50)),
    "min_relevance": st.one_of(st.floats(), st.integers(), st.text(max_size=10)),
    "date_from": st.one_of(st.text(max_size=30), st.dates(), st.datetimes()),
    "date_to": st.one_of(st.text(max_size=30), st.dates(), st.datetimes()),
    "size": st.one_of(st.integers(), st.text(max_size=10)),
}


@BOUNDED
@given(st.fixed_dictionaries({}, optional=PARAM_VALUES))
@example({"date_to": "9999-12-31"})
@example({"min_relevance": float("inf")})
@example({"min_relevance": float("nan")})
def test_any_search_parameters_validate_or_raise_a_search_query_error(values: dict[str, Any]) -> None:
    try:
        make_params(**values)
    except SearchQueryError as exc:
        assert "invalid search parameters" in str(exc)
