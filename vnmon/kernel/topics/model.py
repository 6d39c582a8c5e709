"""Topics as weighted multilingual keyword rules, and tagging an article with them."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from vnmon.kernel.lexicon import Entry, Hit, Lexicon, Term
from vnmon.kernel.positions import MAX_HITS_PER_PART, POSITION_FACTOR, article_parts

RULE_KINDS = ("any", "all", "near")
# The languages of the UI a topic's label is written in (the first is the fallback).
LABEL_LANGUAGES = ("en", "vi")
# Terms written in capitals this short are acronyms (AI, EV, PIB, HAM): they match only in capitals.
MAX_ACRONYM = 6
# Characters per word when a gap has no spaces (Chinese, Japanese, Thai), for `near`.
CHARS_PER_WORD = 6


class TopicsError(ValueError):
    """The topics file is missing or malformed (the message names the file, topic and field)."""


@dataclass(frozen=True)
class Rule:
    """`any`: each mention of group 0; `all`: every group in one part; `near`: group 0 within
    `within` words of group 1. Groups are indexes into the topic set's term groups."""

    kind: str
    weight: float
    groups: tuple[int, ...]
    within: int = 10


@dataclass(frozen=True)
class Topic:
    """A topic: its id, its English `label`, its label per UI language and its rules."""

    id: str
    label: str
    threshold: float
    rules: tuple[Rule, ...]
    # (language, label) for each UI language the file names (a plain-string label: none).
    translations: tuple[tuple[str, str], ...] = ()

    def label_in(self, language: str) -> str:
        """The label for a reader of `language` ("vi", "en"); the English label otherwise."""
        return dict(self.translations).get(language, self.label)


@dataclass(frozen=True)
class TopicScore:
    topic: str
    score: float


class TopicSet:
    """Every topic's rules over one matcher of all their terms (one pass over each article part)."""

    def __init__(
        self,
        topics: Iterable[Topic],
        groups: list[list[Term]],
        source: Path | None = None,
        min_share: float = 0.0,
    ) -> None:
        self.topics: dict[str, Topic] = {topic.id: topic for topic in topics}
        self.source = source
        # A topic must also reach this share of the article's best topic: a long article gathers
        # passing mentions of many topics, and the secondary ones are mostly noise.
        self.min_share = min_share
        # A form written alike in several groups is one matcher entry that stands for all of them.
        self._owners: dict[str, set[int]] = {}
        forms: dict[tuple[str, bool], Term] = {}
        for index, terms in enumerate(groups):
            for term in terms:
                key = f"{'=' if term.capitalised else ''}{term.folded}"
                first = forms.setdefault((term.folded, term.capitalised), _keyed(term, key))
                self._owners.setdefault(first.entry, set()).add(index)
        self._lexicon = Lexicon(Entry(t.entry, t.text, "topic term", 1.0, (t,)) for t in forms.values())

    def labels(self, language: str = "en") -> dict[str, str]:
        """Topic id -> label for a reader of `language`, in the file's order."""
        return {topic.id: topic.label_in(language) for topic in self.topics.values()}

    def find(self, title: str | None, lead: str | None, body: str | None) -> list[TopicScore]:
        """The topics an article reaches (score >= the topic's threshold), best first."""
        scores: dict[str, float] = {}
        for part, raw in article_parts(title, lead, body):
            text = unicodedata.normalize("NFC", raw)
            mentions = self._mentions(text)
            for topic in self.topics.values():
                gained = sum(_rule_score(rule, part, mentions, text) for rule in topic.rules)
                scores[topic.id] = scores.get(topic.id, 0.0) + gained
        best = max(scores.values(), default=0.0)
        reached = [
            TopicScore(t, round(s, 4))
            for t, s in scores.items()
            if s >= self.topics[t].threshold and s >= self.min_share * best
        ]
        return sorted(reached, key=lambda ts: (-ts.score, ts.topic))

    def _mentions(self, text: str) -> dict[int, list[Hit]]:
        found: dict[int, list[Hit]] = {}
        for hit in self._lexicon.find(text):
            if _acronym_ok(hit, text):
                for group in self._owners[hit.entry.key]:
                    found.setdefault(group, []).append(hit)
        return found


def _keyed(term: Term, key: str) -> Term:
    return Term(term.text, term.language, key, term.capitalised, term.folded, term.endings)


def _acronym_ok(hit: Hit, text: str) -> bool:
    letters = [ch for ch in hit.term.text if ch.isalpha()]
    if not letters or len(letters) > MAX_ACRONYM or not all(ch.isupper() for ch in letters):
        return True
    written = text[hit.start : hit.end][: len(hit.term.text.rstrip("*~"))]
    return not any(ch.islower() for ch in written)


def _rule_score(rule: Rule, part: str, mentions: Mapping[int, list[Hit]], text: str) -> float:
    factor = POSITION_FACTOR[part] * rule.weight
    if rule.kind == "any":
        per_term = Counter(hit.term.entry for hit in mentions.get(rule.groups[0], ()))
        return factor * sum(min(n, MAX_HITS_PER_PART) for n in per_term.values())
    if rule.kind == "all":
        return factor if all(mentions.get(g) for g in rule.groups) else 0.0
    first, second = (mentions.get(g, []) for g in rule.groups)
    near = sum(1 for a in first if any(_gap(a, b, text) <= rule.within for b in second if b is not a))
    return factor * min(near, MAX_HITS_PER_PART)


def _gap(a: Hit, b: Hit, text: str) -> int:
    """Words between two mentions (a gap without spaces counts its characters in words)."""
    start, end = (a.end, b.start) if a.start <= b.start else (b.end, a.start)
    between = text[start:end] if end > start else ""
    return max(len(between.split()), len(between.strip()) // CHARS_PER_WORD)
