"""Which writing system a text is written in: the cheap first step of language identification."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# Start code point of each block and its script; a character belongs to the last block
# starting at or before it. "" marks gaps (symbols, punctuation, unassigned).
_BLOCKS: tuple[tuple[int, str], ...] = (
    (0x0000, ""),
    (0x0041, "Latin"),
    (0x0250, ""),
    (0x0259, "Latin"),  # ə, a letter of Azerbaijani (the rest of the block is phonetic notation)
    (0x025A, ""),
    (0x0370, "Greek"),
    (0x0400, "Cyrillic"),
    (0x0530, "Armenian"),
    (0x0590, "Hebrew"),
    (0x0600, "Arabic"),
    (0x0700, ""),
    (0x0750, "Arabic"),
    (0x0780, ""),
    (0x08A0, "Arabic"),
    (0x0900, "Devanagari"),
    (0x0980, "Bengali"),
    (0x0A00, "Gurmukhi"),
    (0x0A80, "Gujarati"),
    (0x0B00, "Oriya"),
    (0x0B80, "Tamil"),
    (0x0C00, "Telugu"),
    (0x0C80, "Kannada"),
    (0x0D00, "Malayalam"),
    (0x0D80, "Sinhala"),
    (0x0E00, "Thai"),
    (0x0E80, "Lao"),
    (0x0F00, "Tibetan"),
    (0x1000, "Myanmar"),
    (0x10A0, "Georgian"),
    (0x1100, "Hangul"),
    (0x1200, "Ethiopic"),
    (0x1400, ""),
    (0x1780, "Khmer"),
    (0x1800, ""),
    (0x1E00, "Latin"),
    (0x1F00, "Greek"),
    (0x2000, ""),
    (0x3040, "Kana"),
    (0x3100, ""),
    (0x3130, "Hangul"),
    (0x3190, ""),
    (0x31F0, "Kana"),
    (0x3200, ""),
    (0x3400, "Han"),
    (0x4DC0, ""),
    (0x4E00, "Han"),
    (0xA000, ""),
    (0xAC00, "Hangul"),
    (0xD7B0, ""),
    (0xF900, "Han"),
    (0xFB00, ""),
    (0xFB50, "Arabic"),
    (0xFE00, ""),
    (0xFE70, "Arabic"),
    (0xFF00, ""),
    (0xFF21, "Latin"),
    (0xFF5B, ""),
    (0xFF66, "Kana"),
    (0xFFA0, "Hangul"),
    (0xFFE0, ""),
    (0x20000, "Han"),
    (0x30000, ""),
)
_STARTS = [start for start, _ in _BLOCKS]

# Scripts written by one language only (for the purpose of news monitoring): no model needed.
SCRIPT_LANGUAGE: dict[str, str] = {
    "Greek": "el",
    "Armenian": "hy",
    "Hebrew": "he",
    "Bengali": "bn",
    "Gurmukhi": "pa",
    "Gujarati": "gu",
    "Oriya": "or",
    "Tamil": "ta",
    "Telugu": "te",
    "Kannada": "kn",
    "Malayalam": "ml",
    "Sinhala": "si",
    "Thai": "th",
    "Lao": "lo",
    "Tibetan": "bo",
    "Myanmar": "my",
    "Georgian": "ka",
    "Hangul": "ko",
    "Ethiopic": "am",
    "Khmer": "km",
}

# A syllable or ideograph carries about as much as a short word; letters of alphabets less.
_SCRIPT_WEIGHT = {"Han": 2.0, "Kana": 2.0, "Hangul": 2.0}
# A non-Latin script wins over Latin letters from this share on: foreign names, brand names and
# share-button boilerplate are Latin inside texts of any script.
NON_LATIN_SHARE = 0.25


@lru_cache(maxsize=8192)
def script_of(ch: str) -> str:
    """The script of one character, or "" for digits, punctuation, symbols and marks."""
    if not ch.isalpha():
        return ""
    return _BLOCKS[bisect_right(_STARTS, ord(ch)) - 1][1]


@dataclass(frozen=True)
class ScriptProfile:
    """How many letters of each script a text has."""

    counts: dict[str, int]

    @property
    def letters(self) -> int:
        return sum(self.counts.values())

    def weighted(self, script: str) -> float:
        return self.counts.get(script, 0) * _SCRIPT_WEIGHT.get(script, 1.0)

    def dominant(self) -> str:
        """The script the text is written in ("" when it has no letters).

        Han and Kana count together as "CJK" because Japanese mixes them.
        """
        groups: dict[str, float] = {}
        for script in self.counts:
            group = "CJK" if script in ("Han", "Kana") else script
            groups[group] = groups.get(group, 0.0) + self.weighted(script)
        if not groups:
            return ""
        latin = groups.pop("Latin", 0.0)
        if not groups:
            return "Latin"
        best = max(groups, key=lambda g: groups[g])
        if groups[best] >= NON_LATIN_SHARE * (latin + groups[best]):
            return best
        return "Latin"

    def share(self, scripts: tuple[str, ...]) -> float:
        """Share of the letters (weighted) that are in one of `scripts`."""
        total = sum(self.weighted(s) for s in self.counts)
        return sum(self.weighted(s) for s in scripts) / total if total else 0.0


def script_profile(text: str) -> ScriptProfile:
    """Count the letters of `text` by script."""
    counts = Counter(script_of(ch) for ch in text)
    counts.pop("", None)
    return ScriptProfile(dict(counts))
