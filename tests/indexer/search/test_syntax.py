"""The query language: what analysts type, what it means, and the errors they see."""

from __future__ import annotations

import json
from typing import Any

import pytest

from indexer.search import SearchQueryError, parse, to_es_query
from indexer.search.syntax import MAX_DEPTH, MAX_QUERY_CHARS, MAX_TERMS, And, Filter, Not, Or, Phrase, Word


def test_words_are_all_required_and_and_binds_tighter_than_or() -> None:
    assert parse("rice exports") == And((Word("rice", 1), Word("exports", 6)))
    tree = parse("rice exports OR coffee")
    assert tree == Or((And((Word("rice", 1), Word("exports", 6))), Word("coffee", 17)))
    assert parse("rice AND (exports OR coffee)") == And(
        (Word("rice", 1), Or((Word("exports", 11), Word("coffee", 22))))
    )


def test_phrases_negation_prefixes_and_fields() -> None:
    query = '"rice exports" -war NOT title:coffe* lang:ru,UK country:vn source:"the-globe"'

    def at(text: str) -> int:
        return query.index(text) + 1

    assert parse(query) == And(
        (
            Phrase("rice exports", 1),
            Not(Word("war", at("war"))),
            Not(Word("coffe", at("coffe"), field="title", prefix=True)),
            Filter("lang", ("ru", "uk"), at("ru,UK")),
            Filter("country", ("VN",), at("vn")),
            Filter("source", ("the-globe",), at('"the-globe')),
        )
    )


def test_lower_case_operators_and_inner_hyphens_are_words() -> None:
    assert parse("rock and roll") == And((Word("rock", 1), Word("and", 6), Word("roll", 10)))
    assert parse("covid-19") == Word("covid-19", 1)
    assert parse("title:(rice OR coffee)") == Or((Word("rice", 8, "title"), Word("coffee", 16, "title")))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("(rice OR coffee", "unbalanced parenthesis at position 1: '(' is never closed"),
        ("rice OR coffee) tea", "unbalanced parenthesis at position 15: ')' without a matching '('"),
        ("foo:bar", "field 'foo' at position 1 is not one of title, source, lang, country"),
        ('"rice exports', "unclosed quote at position 1"),
        ("rice AND", "'AND' at position 6 needs a search term after it"),
        ("OR rice", "'OR' at position 1 needs a search term before and after it"),
        ("*rice", "'*' at position 1 in '*rice': a wildcard may only end a word"),
        ("*a*", "a wildcard may only end a word (prefix*)"),
        ("ri*ce", "'*' at position 3"),
        ("r*", "give at least 2 characters before '*'"),
        ("title:", "field 'title' at position 1 needs a value after ':'"),
        ("lang:r*", "lang: takes exact values, not prefixes"),
        ("title:(source:x)", "field 'source' at position 8 cannot be used inside title:(...)"),
        ("()", "empty parentheses at position 1"),
        ("&& || !", "has no letters or digits to search"),
    ],
)
def test_malformed_queries_say_what_is_wrong_and_where(query: str, message: str) -> None:
    with pytest.raises(SearchQueryError) as raised:
        parse(query)
    assert message in str(raised.value)


def test_empty_query_matches_everything() -> None:
    assert parse("   ") is None
    assert to_es_query("") == {"match_all": {}}


def test_limits_on_length_terms_and_nesting() -> None:
    with pytest.raises(SearchQueryError, match=f"limit is {MAX_QUERY_CHARS}"):
        parse("a" * (MAX_QUERY_CHARS + 1))
    with pytest.raises(SearchQueryError, match=f"limit is {MAX_TERMS}"):
        parse(" ".join(f"w{i}" for i in range(MAX_TERMS + 1)))
    with pytest.raises(SearchQueryError, match=f"at most {MAX_DEPTH} levels"):
        parse("(" * (MAX_DEPTH + 1) + "rice" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(SearchQueryError, match=f"at most {MAX_DEPTH} levels"):
        parse("NOT " * (MAX_DEPTH + 1) + "rice")
    assert parse("(" * MAX_DEPTH + "rice" + ")" * MAX_DEPTH) == Word("rice", MAX_DEPTH + 1)


def _keys(query: Any) -> set[str]:
    if isinstance(query, dict):
        return set(query) | {k for v in query.values() for k in _keys(v)}
    if isinstance(query, list):
        return {k for v in query for k in _keys(v)}
    return set()


FORBIDDEN = {"query_string", "script", "script_score", "regexp", "wildcard", "fuzzy"}


@pytest.mark.parametrize(
    "query",
    [
        'Vietnam OR Hanoi OR "Ho Chi Minh City" -war title:rice* lang:ru',
        "a~2 b^10 title:d? e!",
        "rice /.+/ {!lucene} coffee",
        'tea \\ + = && || > < ! { } [ ] ^ ~ ? : / "a*b?c"',
        "В'єтнам OR 越南 OR เวียดนาม OR فيتنام",
    ],
)
def test_compiled_queries_are_structured_only(query: str) -> None:
    compiled = to_es_query(query)
    assert not _keys(compiled) & FORBIDDEN, json.dumps(compiled, ensure_ascii=False)[:500]


def test_control_characters_and_unicode_are_read_as_text() -> None:
    assert parse("rice\x00exports\u2028tea") == And((Word("rice", 1), Word("exports", 6), Word("tea", 14)))
    assert parse("Việt\u0301") is not None  # combining marks are normalised, not rejected
