"""The query language analysts type, parsed into a small syntax tree with clear error messages.

Grammar (operators are upper-case words; lower-case and/or/not are searched as words)::

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*          -- juxtaposition means AND
    unary   := ("NOT" | "-") unary | primary
    primary := "(" or_expr ")" | FIELD ":" primary | "phrase" | word | prefix*

AND binds tighter than OR: `a b OR c` is `(a AND b) OR c`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from indexer.search.errors import SearchQueryError

# Limits that keep any input cheap for the parser and the cluster.
MAX_QUERY_CHARS = 2000
MAX_TERMS = 64
MAX_DEPTH = 10
MIN_PREFIX_CHARS = 2

TEXT_FIELDS = ("title",)
KEYWORD_FIELDS = ("source", "lang", "country", "place", "topic")
FIELDS = (*TEXT_FIELDS, *KEYWORD_FIELDS)
Field = Literal["title", "source", "lang", "country", "place", "topic"]

_OPERATORS = ("AND", "OR", "NOT")
_FIELD_PREFIX = re.compile(r"([A-Za-z_]+):")
_SEARCHABLE = re.compile(r"\w")


@dataclass(frozen=True)
class Word:
    """A word to find (analysed), or the start of words when `prefix`."""

    text: str
    position: int
    field: Field | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words to find next to each other, in this order."""

    text: str
    position: int
    field: Field | None = None


@dataclass(frozen=True)
class Filter:
    """A keyword field (`source:`, `lang:`, `country:`, `place:`, `topic:`) restricted to one of
    `values` (exact, not analysed)."""

    field: Field
    values: tuple[str, ...]
    position: int


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Word | Phrase | Filter | Not | And | Or
Leaf = Word | Phrase | Filter


@dataclass(frozen=True)
class _Token:
    kind: Literal["word", "phrase", "lparen", "rparen", "op", "minus", "field"]
    text: str
    position: int  # 1-based, in the normalised query


def normalise(text: str) -> str:
    """NFC, control characters read as spaces (a pasted query keeps its visible text)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)


def parse(text: str) -> Node | None:
    """The syntax tree of `text`; None for an empty query (match everything).

    Raises `SearchQueryError` naming what is wrong and where.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise SearchQueryError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    tokens = _tokenize(normalise(text))
    if not tokens:
        if text.strip():
            raise SearchQueryError(f"the query {text.strip()!r} has no letters or digits to search")
        return None
    parser = _Parser(tokens)
    node = parser.parse()
    leaves = count_leaves(node)
    if leaves > MAX_TERMS:
        raise SearchQueryError(f"the query has {leaves} search terms; the limit is {MAX_TERMS}")
    return node


def count_leaves(node: Node) -> int:
    """How many words, phrases and filters a tree holds."""
    if isinstance(node, Word | Phrase | Filter):
        return 1
    if isinstance(node, Not):
        return count_leaves(node.child)
    return sum(count_leaves(child) for child in node.children)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(_Token("lparen" if ch == "(" else "rparen", ch, i + 1))
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise SearchQueryError(f'unclosed quote at position {i + 1}: add the closing "')
            tokens.append(_Token("phrase", text[i + 1 : end], i + 1))
            i = end + 1
        elif ch == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != "-":
            tokens.append(_Token("minus", ch, i + 1))
            i += 1
        else:
            i = _word(text, i, tokens)
    return tokens


def _word(text: str, start: int, tokens: list[_Token]) -> int:
    """Read one word (or a `field:` marker) from `start`; returns where the next token starts."""
    field = _FIELD_PREFIX.match(text, start)
    if field and not text.startswith("//", field.end()):
        tokens.append(_Token("field", field.group(1), start + 1))
        return field.end()
    end = start
    while end < len(text) and not text[end].isspace() and text[end] not in '()"':
        end += 1
    word = text[start:end]
    if word in _OPERATORS:
        tokens.append(_Token("op", word, start + 1))
    elif _SEARCHABLE.search(word):
        tokens.append(_Token("word", word, start + 1))
    # A word of symbols only (&&, ||, ~, a lone *) has nothing an analyzer would keep: skipped.
    return end


class _Parser:
    """Recursive descent over the tokens; `depth` bounds nesting of groups and negations."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def parse(self) -> Node:
        node = self._or()
        token = self._peek()
        if token is not None:
            if token.kind == "rparen":
                raise SearchQueryError(
                    f"unbalanced parenthesis at position {token.position}: ')' without a matching '('"
                )
            raise SearchQueryError(f"unexpected {token.text!r} at position {token.position}")
        return node

    def _peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _next(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _or(self, field: Field | None = None) -> Node:
        children = [self._and(field)]
        while (token := self._peek()) is not None and token.kind == "op" and token.text == "OR":
            self._next()
            self._need_operand(token)
            children.append(self._and(field))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def _and(self, field: Field | None) -> Node:
        children = [self._unary(field)]
        while (token := self._peek()) is not None and token.kind != "rparen":
            if token.kind == "op" and token.text == "OR":
                break
            if token.kind == "op" and token.text == "AND":
                self._next()
                self._need_operand(token)
            children.append(self._unary(field))
        return children[0] if len(children) == 1 else And(tuple(children))

    def _unary(self, field: Field | None) -> Node:
        token = self._peek()
        if token is not None and (token.kind == "minus" or (token.kind == "op" and token.text == "NOT")):
            self._next()
            self._need_operand(token)
            with _Deeper(self, token):
                return Not(self._unary(field))
        return self._primary(field)

    def _primary(self, field: Field | None) -> Node:
        token = self._peek()
        if token is None:
            raise SearchQueryError("the query ends where a search term was expected")
        if token.kind == "op":
            raise SearchQueryError(
                f"{token.text!r} at position {token.position} needs a search term before and after it"
            )
        if token.kind == "rparen":
            raise SearchQueryError(
                f"unbalanced parenthesis at position {token.position}: ')' without a matching '('"
            )
        self._next()
        if token.kind == "lparen":
            return self._group(token, field)
        if token.kind == "field":
            return self._field(token, field)
        if token.kind == "phrase":
            return _phrase(token, field)
        return _word_node(token, field)

    def _group(self, opening: _Token, field: Field | None) -> Node:
        with _Deeper(self, opening):
            if (token := self._peek()) is not None and token.kind == "rparen":
                raise SearchQueryError(f"empty parentheses at position {opening.position}")
            node = self._or(field)
        closing = self._peek()
        if closing is None or closing.kind != "rparen":
            raise SearchQueryError(
                f"unbalanced parenthesis at position {opening.position}: '(' is never closed"
            )
        self._next()
        return node

    def _field(self, token: _Token, outer: Field | None) -> Node:
        name = token.text.lower()
        if name not in FIELDS:
            raise SearchQueryError(
                f"field {token.text!r} at position {token.position} is not one of {', '.join(FIELDS)}"
            )
        if outer is not None:
            raise SearchQueryError(
                f"field {name!r} at position {token.position} cannot be used inside {outer}:(...)"
            )
        following = self._peek()
        if following is None or following.kind in ("rparen", "op", "field"):
            raise SearchQueryError(f"field {name!r} at position {token.position} needs a value after ':'")
        return self._primary(name)  # type: ignore[arg-type]

    def _need_operand(self, operator: _Token) -> None:
        following = self._peek()
        if (
            following is None
            or following.kind == "rparen"
            or (following.kind == "op" and following.text != "NOT")
        ):
            raise SearchQueryError(
                f"{operator.text!r} at position {operator.position} needs a search term after it"
            )


class _Deeper:
    """Counts one level of nesting while parsing a group or a negation."""

    def __init__(self, parser: _Parser, token: _Token) -> None:
        self.parser = parser
        self.token = token

    def __enter__(self) -> None:
        self.parser.depth += 1
        if self.parser.depth > MAX_DEPTH:
            raise SearchQueryError(
                f"the query nests too deeply at position {self.token.position}: "
                f"at most {MAX_DEPTH} levels of parentheses or NOT"
            )

    def __exit__(self, *exc: object) -> None:
        self.parser.depth -= 1


def _phrase(token: _Token, field: Field | None) -> Node:
    text = " ".join(token.text.split())
    if field in KEYWORD_FIELDS:
        return _filter(field, text, token.position)
    if not _SEARCHABLE.search(text):
        raise SearchQueryError(f"the phrase at position {token.position} has no words to search")
    return Phrase(text, token.position, field)


def _word_node(token: _Token, field: Field | None) -> Node:
    text = token.text
    if field in KEYWORD_FIELDS:
        if "*" in text:
            raise SearchQueryError(
                f"'*' at position {token.position}: {field}: takes exact values, not prefixes"
            )
        return _filter(field, text, token.position)
    prefix = text.endswith("*")
    stem = text.rstrip("*") if prefix else text
    if "*" in stem:
        where = token.position + stem.index("*")
        raise SearchQueryError(
            f"'*' at position {where} in {text!r}: a wildcard may only end a word (prefix*), "
            "never start it or stand inside it"
        )
    if prefix and len(stem) < MIN_PREFIX_CHARS:
        raise SearchQueryError(
            f"{text!r} at position {token.position}: give at least {MIN_PREFIX_CHARS} characters before '*'"
        )
    return Word(stem, token.position, field, prefix)


def _filter(field: Field | None, text: str, position: int) -> Filter:
    assert field is not None
    values = tuple(v.strip() for v in text.split(",") if v.strip())
    if not values:
        raise SearchQueryError(f"field {field!r} at position {position} needs a value after ':'")
    if field == "lang":
        values = tuple(v.lower() for v in values)
    elif field == "country":
        values = tuple(v.upper() for v in values)
    return Filter(field, values, position)
