"""Turns the query syntax tree into a structured Elasticsearch query (never query_string, never scripts)."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from indexer.search.errors import SearchQueryError
from indexer.search.expansion import Form, default_lexicon, forms_of
from indexer.search.fields import analyzers_for_languages, analyzers_for_text, scripts_of, text_fields
from indexer.search.syntax import And, Filter, Node, Not, Or, Phrase, Word, parse
from indexer.search.vocabulary import place_ids, topic_ids
from vnmon.kernel.lexicon import Lexicon
from vnmon.kernel.lexicon.scripts import joins_words

# Leaf clauses a compiled query may hold: the node refuses more than 4096 on a 512 MB heap, and
# 64 words (MAX_TERMS) in every Latin-script field take 3264.
MAX_CLAUSES = 3600
# Words a prefix may expand to, per field: the analyst's own prefix, and a lexicon stem
# (whose endings are a language's few inflections). Elasticsearch takes the first ones in
# dictionary order, so a very short prefix on a big index misses words past the limit.
PREFIX_EXPANSIONS = 50
STEM_EXPANSIONS = 20
# What a prefix is counted as against MAX_CLAUSES: most prefixes expand to a few words only,
# and MAX_TERMS already bounds how many a query can hold.
PREFIX_COST = 4
# Longest run of unquoted words tried as one lexicon name.
MAX_NAME_WORDS = 6
# Lexicon variants score a little below the word the user typed.
VARIANT_BOOST = 0.9

_FILTER_FIELDS = {"source": "source", "lang": "language", "country": "country"}
_MATCH_ALL: dict[str, Any] = {"match_all": {}}
# Letters and digits, possibly joined by apostrophes (Vietnam's, В'єтнаму, Vietnam'da).
_ONE_TOKEN = re.compile(r"\w+(?:['’]\w+)*")

Query = dict[str, Any]


@dataclass
class _Budget:
    """Counts the leaf clauses (fields x words) a query costs Elasticsearch."""

    variants_in_language_fields: bool
    # Lexicon stems are kept only for these languages (None: all); highlighting needs the page's.
    stem_languages: frozenset[str] | None = None
    used: int = 0
    # What each expanded term stood for: the typed text -> the other forms searched.
    searched: dict[str, list[str]] = field(default_factory=dict)

    def spend(self, fields: list[str], text: str, prefix: bool = False) -> None:
        words = max(1, len(text.split()))
        self.used += len(fields) * (words + (PREFIX_COST if prefix else 0))


@dataclass(frozen=True)
class Compiled:
    """A compiled query and the spellings each expanded term was searched in."""

    query: Query
    spellings: dict[str, list[str]]


def to_es_query(
    text: str,
    *,
    lexicon: Lexicon | None = None,
    expand: bool = True,
    stem_languages: Collection[str] | None = None,
) -> Query:
    """The Elasticsearch query for the analyst's query `text` (match_all when it is empty).

    Vietnam terms expand through `lexicon` (default: the configured one) unless `expand` is
    False. `stem_languages` keeps the lexicon's word stems of those languages only: a lighter
    query that finds the same words in their texts (for highlighting a page of results).
    Raises `SearchQueryError` for malformed or oversized queries.
    """
    return compile_query(text, lexicon=lexicon, expand=expand, stem_languages=stem_languages).query


def compile_query(
    text: str,
    *,
    lexicon: Lexicon | None = None,
    expand: bool = True,
    stem_languages: Collection[str] | None = None,
) -> Compiled:
    """`to_es_query`, with the spellings searched for each expanded term (for showing them)."""
    tree = parse(text)
    if tree is None:
        return Compiled(dict(_MATCH_ALL), {})
    stems = frozenset(stem_languages) if stem_languages is not None else None
    return compile_tree(
        tree, lexicon=(lexicon or default_lexicon()) if expand else None, stem_languages=stems
    )


def compile_tree(
    tree: Node, lexicon: Lexicon | None, stem_languages: frozenset[str] | None = None
) -> Compiled:
    """Compile a parsed query; lexicon variants are looked up when `lexicon` is given.

    When the full expansion is too large, variants are searched in the standard fields only;
    when even that is too large, `SearchQueryError` says so.
    """
    for in_language_fields in (True, False):
        budget = _Budget(in_language_fields, stem_languages)
        query = _compile(tree, lexicon, budget)
        if budget.used <= MAX_CLAUSES:
            return Compiled(query, budget.searched)
        if lexicon is None:
            break
    advice = "use fewer terms" + (" or turn off Vietnam-term expansion" if lexicon is not None else "")
    raise SearchQueryError(
        f"the query is too broad: it needs about {budget.used} field lookups "
        f"(the limit is {MAX_CLAUSES}); {advice}"
    )


def _compile(node: Node, lexicon: Lexicon | None, budget: _Budget) -> Query:
    if isinstance(node, Word):
        if node.prefix:
            return _prefix(node.text, node.field, budget)
        return _text(node.text, node.field, lexicon, budget)
    if isinstance(node, Phrase):
        return _text(node.text, node.field, lexicon, budget)
    if isinstance(node, Filter):
        if node.field == "place":  # names in any script -> the place ids articles are tagged with
            return {"terms": {"places": place_ids(node.values)}}
        if node.field == "topic":
            return {"terms": {"topics": topic_ids(node.values)}}
        return {"terms": {_FILTER_FIELDS[node.field]: list(node.values)}}
    if isinstance(node, Not):
        return {"bool": {"filter": [_MATCH_ALL], "must_not": [_compile(node.child, lexicon, budget)]}}
    if isinstance(node, Or):
        should: list[Query] = []
        seen: set[str] = set()
        for child in node.children:
            before = budget.used
            compiled = _compile(child, lexicon, budget)
            key = json.dumps(compiled, sort_keys=True, ensure_ascii=False)
            if key in seen:
                budget.used = before  # another spelling of the same name: the same lookups
                continue
            seen.add(key)
            should.append(compiled)
        if len(should) == 1:
            return should[0]
        return {"bool": {"should": should, "minimum_should_match": 1}}
    return _and(node, lexicon, budget)


def _and(node: And, lexicon: Lexicon | None, budget: _Budget) -> Query:
    must: list[Query] = []
    filters: list[Query] = []
    must_not: list[Query] = []
    for child in _names_grouped(node.children, lexicon):
        if isinstance(child, tuple):
            must.append(_name(child, lexicon, budget))
        elif isinstance(child, Not):
            must_not.append(_compile(child.child, lexicon, budget))
        elif isinstance(child, Filter):
            # Restricting to a source or language says nothing about how well a text matches.
            filters.append(_compile(child, lexicon, budget))
        else:
            must.append(_compile(child, lexicon, budget))
    if not must and not filters:
        filters.append(_MATCH_ALL)
    clauses = {"must": must, "filter": filters, "must_not": must_not}
    return {"bool": {key: value for key, value in clauses.items() if value}}


def _names_grouped(children: tuple[Node, ...], lexicon: Lexicon | None) -> list[Node | tuple[Word, ...]]:
    """The children, with runs of plain words that name a lexicon entry ("Ho Chi Minh City",
    "Vietnam Airlines") gathered into tuples, longest name first."""
    grouped: list[Node | tuple[Word, ...]] = []
    i = 0
    while i < len(children):
        run = _plain_run(children, i)
        for end in range(min(len(run), MAX_NAME_WORDS), 1, -1):
            if lexicon is not None and lexicon.variants(" ".join(w.text for w in run[:end])):
                grouped.append(tuple(run[:end]))
                i += end
                break
        else:
            grouped.append(children[i])
            i += 1
    return grouped


def _plain_run(children: tuple[Node, ...], start: int) -> list[Word]:
    """The plain words (no prefix, same field) from `start` on."""
    run: list[Word] = []
    for child in children[start:]:
        if not isinstance(child, Word) or child.prefix or (run and child.field != run[0].field):
            break
        run.append(child)
    return run


def _name(words: tuple[Word, ...], lexicon: Lexicon | None, budget: _Budget) -> Query:
    """Words typed without quotes that name a lexicon entry: all the words anywhere (what they
    mean unquoted), or the name in any of its forms (Thành phố Hồ Chí Minh, Хошимин, 胡志明市)."""
    separate = {"bool": {"must": [_compile(word, lexicon, budget) for word in words]}}
    name = _text(" ".join(w.text for w in words), words[0].field, lexicon, budget)
    return {"dis_max": {"queries": [separate, name]}}


def _text(text: str, field: str | None, lexicon: Lexicon | None, budget: _Budget) -> Query:
    """A word or phrase in every field that can read it, or any of its lexicon variants.

    A text that is itself a listed form of an entry is searched exactly like the entry's other
    forms, so every listed spelling ("Hanoi", "Hà Nội", "Ханой", "ハノイ") finds the same articles.
    """
    typed, *variants = forms_of(text, lexicon)
    if not variants:
        return _typed(typed, field, budget)
    budget.searched.setdefault(
        text, _by_script([f"{form.text}*" if form.stem else form.text for form in variants])
    )
    listed = bool(typed.languages)
    clauses = [] if listed else [_typed(typed, field, budget)]
    # Single-word forms go in bags (one per set of language copies): one term lookup each. The
    # forms are taken in one order whichever was typed, so every listed spelling compiles to the
    # same query (and `A OR B` of two spellings costs one).
    bags: dict[tuple[str, ...], list[str]] = {}
    forms = sorted([typed, *variants] if listed else variants, key=lambda f: (f.text, f.stem))
    for form in forms:
        if form.stem:
            if budget.stem_languages is not None and not form.languages & budget.stem_languages:
                continue
            clauses.append(_prefix(form.text, field, budget, boost=VARIANT_BOOST, expansions=STEM_EXPANSIONS))
        elif is_one_token(form.text):
            own = analyzers_for_languages(form.languages) if budget.variants_in_language_fields else []
            bags.setdefault(tuple(own), []).append(form.text)
        else:
            clauses.append(_variant_phrase(form, field, budget))
    for analyzers, words in bags.items():
        fields = text_fields(analyzers, only=field)
        budget.spend(fields, " ".join(words))
        clauses.append({"multi_match": {"query": " ".join(words), "fields": fields, "boost": VARIANT_BOOST}})
    if len(clauses) == 1:
        return clauses[0]
    # The best-matching form counts, not how many forms a text happens to use.
    return {"dis_max": {"queries": clauses}}


def _by_script(forms: list[str]) -> list[str]:
    """`forms` with the scripts taking turns (Hà Nội, Ханой, ハノイ, Ha Noi, …), so the first few
    shown already span the languages searched."""
    groups: dict[frozenset[str], list[str]] = {}
    plain = set(forms)
    for form in forms:
        if any(mark in form for mark in "’ʼ") and form.replace("’", "'").replace("ʼ", "'") in plain:
            continue  # an apostrophe variant: searched, not worth showing
        groups.setdefault(scripts_of(form), []).append(form)
    columns = list(groups.values())
    return [
        column[i] for i in range(max(map(len, columns), default=0)) for column in columns if i < len(column)
    ]


def is_one_token(text: str) -> bool:
    """Whether the standard tokenizer keeps `text` as one word (letters, digits, inner apostrophes)."""
    return bool(_ONE_TOKEN.fullmatch(text)) and not any(joins_words(ch) for ch in text)


def _typed(form: Form, field: str | None, budget: _Budget) -> Query:
    """What the user typed: in the standard fields and every language copy of its script."""
    fields = text_fields(analyzers_for_text(form.text), only=field)
    budget.spend(fields, form.text)
    return {"multi_match": {"query": form.text, "type": "phrase", "fields": fields}}


def _variant_phrase(form: Form, field: str | None, budget: _Budget) -> Query:
    """A several-word variant (or one in a script without spaces) as a phrase.

    Thai, Arabic... forms are glued to neighbouring words in the standard fields, so they are
    also looked up in the copies of their own languages, whose analyzers split them off.
    """
    glued = any(joins_words(ch) for ch in form.text)
    own_copies = glued and budget.variants_in_language_fields
    analyzers = analyzers_for_languages(form.languages) if own_copies else []
    fields = text_fields(analyzers, only=field)
    budget.spend(fields, form.text)
    return {"multi_match": {"query": form.text, "type": "phrase", "fields": fields, "boost": VARIANT_BOOST}}


def _prefix(
    text: str, field: str | None, budget: _Budget, boost: float = 1.0, expansions: int = PREFIX_EXPANSIONS
) -> Query:
    """Words starting with `text`, in the standard (unstemmed) fields: a bounded expansion."""
    fields = text_fields([], only=field)
    budget.spend(fields, text, prefix=True)
    query: Query = {
        "query": text,
        "type": "phrase_prefix",
        "fields": fields,
        "max_expansions": expansions,
    }
    if boost != 1.0:
        query["boost"] = boost
    return {"multi_match": query}
