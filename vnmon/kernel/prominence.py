"""How prominently an article speaks of Vietnam, and the passage that says it.

An analyst sorting a week's articles wants to know at a glance whether Vietnam is the subject
(named in the headline), a main thread (named in the lead or the opening paragraphs) or a passing
mention deep in the text — and to read the sentences that matched rather than the article's first
paragraph, which is often about something else. The web article page, search results, exports and
weekly reports all show this, computed the same way from the stored title, lead and body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vnmon.kernel.lexicon import Hit, Lexicon

# Body text within this many characters of its start counts as the lead when no paragraph
# break comes sooner: the opening paragraph of a news story rarely runs longer.
LEAD_CHARS = 600
# The passage shown: the sentences around the first mention, at most this long.
PASSAGE_CHARS = 320

LEVELS = ("title", "lead", "passing", "none")
_RANK = {"title": 3, "lead": 2, "passing": 1, "none": 0}
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")


@dataclass(frozen=True)
class Prominence:
    """Where Vietnam is named first (`level`) and the passage around a mention in the text."""

    level: str  # one of LEVELS
    passage: str  # sentences around the first mention in the lead or body ("" when none)
    mentions: int  # lexicon hits in title, lead and body together

    @property
    def rank(self) -> int:
        """3 for the title, 2 the lead, 1 a passing mention, 0 none: for ordering ties."""
        return _RANK[self.level]


def prominence(title: str | None, lead: str | None, body: str | None, lexicon: Lexicon) -> Prominence:
    """Measure where `lexicon` terms occur in an article's parts; never raises on odd text."""
    title, lead, body = title or "", lead or "", body or ""
    title_hits = lexicon.find(title)
    lead_hits = lexicon.find(lead)
    body_hits = lexicon.find(body)
    mentions = len(title_hits) + len(lead_hits) + len(body_hits)
    opening = _opening_length(body)
    if title_hits:
        level = "title"
    elif lead_hits or any(hit.start < opening for hit in body_hits):
        level = "lead"
    elif body_hits:
        level = "passing"
    else:
        level = "none"
    if lead_hits:
        passage = _passage(lead, lead_hits[0])
    elif body_hits:
        passage = _passage(body, body_hits[0])
    else:
        passage = ""
    return Prominence(level, passage, mentions)


def _opening_length(body: str) -> int:
    """Characters of `body` that make its opening: the first paragraph, at most LEAD_CHARS."""
    stripped = len(body) - len(body.lstrip())
    paragraph_end = body.find("\n", stripped)
    if paragraph_end == -1:
        paragraph_end = len(body)
    return min(paragraph_end, stripped + LEAD_CHARS)


def _passage(text: str, hit: Hit) -> str:
    """The sentences of the paragraph around `hit`, cut to about PASSAGE_CHARS at sentence ends."""
    start = text.rfind("\n", 0, hit.start) + 1
    end = text.find("\n", hit.end)
    if end == -1:
        end = len(text)
    paragraph = text[start:end]
    at = hit.start - start
    sentences: list[tuple[int, int]] = []
    begin = 0
    for match in _SENTENCE_END.finditer(paragraph):
        sentences.append((begin, match.start()))
        begin = match.end()
    sentences.append((begin, len(paragraph)))
    index = next((i for i, (s, e) in enumerate(sentences) if s <= at < max(e, s + 1)), len(sentences) - 1)
    lo, hi = sentences[index]
    # Widen one sentence at a time, after first then before, while it stays short enough.
    left, right = index, index
    while True:
        grown = False
        if right + 1 < len(sentences) and sentences[right + 1][1] - lo <= PASSAGE_CHARS:
            right += 1
            hi = sentences[right][1]
            grown = True
        if left > 0 and hi - sentences[left - 1][0] <= PASSAGE_CHARS:
            left -= 1
            lo = sentences[left][0]
            grown = True
        if not grown:
            break
    passage = paragraph[lo:hi].strip()
    if len(passage) > PASSAGE_CHARS:  # one very long sentence: a window around the mention
        centre = at - lo
        cut_from = max(0, centre - PASSAGE_CHARS // 2)
        window = paragraph[lo:hi][cut_from : cut_from + PASSAGE_CHARS]
        passage = ("… " if cut_from else "") + window.strip() + " …"
    return " ".join(passage.split())
