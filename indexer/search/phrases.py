"""Phrases for "what is new": the 2- and 3-word runs around a period's significant words.

The index has no phrase field (no shingles), and existing indices must keep working, so phrases
are found at request time: candidate runs are read from the texts of a sample of the period's
stories that use the significant words, split into words the way the `standard` analyzer of
`title` and `body` splits them, and each candidate is then counted in the period and in the
weeks before with `match_phrase` (in one msearch, by `trends`).

Scripts: words are runs of letters and digits; Chinese characters and Japanese kana are one word
each, as the standard analyzer indexes them, so a 2-3 character phrase is often a whole word
(台风, 台風). Thai, Lao, Khmer and Burmese write words without spaces and the standard analyzer
does not split them, so no phrases are looked for in those languages (`phrases_supported`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

LENGTHS = (2, 3)
# Chinese and Japanese phrases are counted in characters: up to four (台风摩羯, a name).
CJK_LENGTHS = (2, 3, 4)
# Languages whose words the standard analyzer cannot separate.
UNSPLIT_LANGUAGES = frozenset({"th", "lo", "km", "my"})
# Han characters and hiragana are one word each; a katakana run is one word (ベトナム), as the
# standard analyzer has them.
_ONE = "\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff"
_CJK = _ONE + _KATAKANA
_CJK_CHARACTER = re.compile(f"[{_CJK}]")
_SINGLE = re.compile(f"[{_ONE}]")
# One Han/hiragana character, a katakana run, or a run of other letters/digits (inner
# apostrophes and dots kept, as in "vietnam's" and "u.s").
_LETTER = rf"(?:(?![{_CJK}])\w)"
_WORD = re.compile(rf"[{_ONE}]|[{_KATAKANA}]+|{_LETTER}+(?:(?:['’.]|(?<=\d),(?=\d)){_LETTER}+)*")
# Where a phrase cannot run across: sentence and clause punctuation, brackets, quotes, line ends
# (a full stop or comma only before a space: "U.S.", "1,000" are words).
_BREAK = re.compile(r"[.!?;:,]+(?=\s|$)|[()\[\]{}\"“”«»„‹›。、，！？；：（）「」『』\n\r\t|/—–]+")
_NUMBER = re.compile(r"^[0-9][0-9.,:']*$")


@dataclass(frozen=True)
class Candidate:
    """A run of words (as indexed, lower case) and in how many sampled stories it occurs."""

    words: tuple[str, ...]
    stories: int

    @property
    def text(self) -> str:
        return join(self.words)


def phrases_supported(language: str) -> bool:
    return language not in UNSPLIT_LANGUAGES


def words_of(text: str) -> list[list[str]]:
    """The words of `text` (lower case), per stretch between punctuation."""
    stretches = _BREAK.split(unicodedata.normalize("NFC", text))
    return [found for part in stretches if (found := [w.lower() for w in _WORD.findall(part)])]


def join(words: Iterable[str]) -> str:
    """The phrase as written: no space between two CJK characters, one elsewhere."""
    text = ""
    for word in words:
        glued = text and _CJK_CHARACTER.fullmatch(text[-1]) and _CJK_CHARACTER.fullmatch(word[0])
        text += word if not text or glued else f" {word}"
    return text


def candidates(texts: Iterable[str], significant: set[str], limit: int, least: int) -> list[Candidate]:
    """The `limit` runs of 2-3 words (2-4 Chinese/Japanese characters) that include a significant
    word, occur in at least `least` of the texts (one text per story) and neither start nor end
    with a number; most frequent first, then longer."""
    seen: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        runs: set[tuple[str, ...]] = set()
        for stretch in words_of(text):
            for size in CJK_LENGTHS:
                runs.update(_runs(stretch, size, significant))
        seen.update(runs)
    kept = [Candidate(words, count) for words, count in seen.items() if count >= least]
    kept.sort(key=lambda c: (-c.stories, -len(c.words), c.words))
    return kept[:limit]


def _runs(stretch: list[str], size: int, significant: set[str]) -> set[tuple[str, ...]]:
    found = set()
    for start in range(len(stretch) - size + 1):
        run = tuple(stretch[start : start + size])
        if size not in LENGTHS and not all(_SINGLE.fullmatch(w) for w in run):
            continue
        if significant.intersection(run) and not (_NUMBER.match(run[0]) or _NUMBER.match(run[-1])):
            found.add(run)
    return found


def contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Whether `shorter` is a contiguous part of `longer` (and shorter than it)."""
    size = len(shorter)
    return size < len(longer) and any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def jlh(fg: int, fg_size: int, bg: int, bg_size: int) -> float:
    """The significance Elasticsearch's `significant_text` gives by default (JLH): how much more
    frequent in the period than before, times how many times more frequent (0 if not more)."""
    if not fg_size or not bg_size:
        return 0.0
    now, before = fg / fg_size, max(bg, 1) / bg_size
    return (now - before) * (now / before) if now > before else 0.0
