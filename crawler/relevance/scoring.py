"""Is an article about Vietnam? Lexicon hits weighted by entry and by where they occur."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from vnmon.kernel.lexicon import Lexicon
from vnmon.kernel.positions import article_parts, worth
from vnmon.kernel.settings import get_settings


@dataclass(frozen=True)
class Relevance:
    """The verdict: score, canonical labels of the matched entries, and why."""

    score: float
    matched_terms: list[str]
    relevant: bool
    reason: str


def score_relevance(
    title: str | None,
    lead: str | None,
    body: str | None,
    lexicon: Lexicon,
    threshold: float | None = None,
) -> Relevance:
    """Score an article's parts against the lexicon; relevant when score >= threshold.

    `threshold` defaults to `VNMON_RELEVANCE_THRESHOLD` (settings, 3.0).
    """
    if threshold is None:
        threshold = get_settings().relevance_threshold
    contributions: dict[str, float] = {}
    mentions: list[str] = []
    for part, text in article_parts(title, lead, body):
        counts = Counter(hit.entry.key for hit in lexicon.find(text))
        for key, count in counts.items():
            entry = lexicon.entries[key]
            gained = worth(part, count, entry.weight)
            contributions[entry.label] = contributions.get(entry.label, 0.0) + gained
            mentions.append(f"{entry.label} x{count} in {part}" if count > 1 else f"{entry.label} in {part}")
    score = round(sum(contributions.values()), 4)
    matched = sorted(contributions, key=lambda label: -contributions[label])
    relevant = score >= threshold
    if not matched:
        reason = "no Vietnam term found"
    else:
        verdict = ">=" if relevant else "<"
        reason = f"score {score:g} {verdict} threshold {threshold:g}: " + "; ".join(mentions)
    return Relevance(score, matched, relevant, reason)
