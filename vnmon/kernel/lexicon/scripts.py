"""Which characters belong to scripts whose lexicon terms match inside words (no word spaces)."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

# Scripts written without spaces between words, or with prefixes glued to names (Arabic
# و/ب/ال, Hebrew ב/ל/ה). Start code point of each Unicode block and whether it is one of them;
# a character belongs to the last block starting at or before it (the same blocks as the
# crawler's script detector, kept here so the index side needs nothing from the crawler).
_BLOCKS: tuple[tuple[int, bool], ...] = (
    (0x0000, False),
    (0x0590, True),  # Hebrew
    (0x0600, True),  # Arabic
    (0x0700, False),
    (0x0750, True),  # Arabic Supplement
    (0x0780, False),
    (0x08A0, True),  # Arabic Extended-A
    (0x0900, False),
    (0x0E00, True),  # Thai
    (0x0E80, True),  # Lao
    (0x0F00, False),
    (0x1000, True),  # Myanmar
    (0x10A0, False),
    (0x1100, True),  # Hangul Jamo
    (0x1200, False),
    (0x1780, True),  # Khmer
    (0x1800, False),
    (0x3040, True),  # Hiragana, Katakana
    (0x3100, False),
    (0x3130, True),  # Hangul Compatibility Jamo
    (0x3190, False),
    (0x31F0, True),  # Katakana Phonetic Extensions
    (0x3200, False),
    (0x3400, True),  # CJK Extension A
    (0x4DC0, False),
    (0x4E00, True),  # CJK Unified Ideographs
    (0xA000, False),
    (0xAC00, True),  # Hangul Syllables
    (0xD7B0, False),
    (0xF900, True),  # CJK Compatibility Ideographs
    (0xFB00, False),
    (0xFB50, True),  # Arabic Presentation Forms-A
    (0xFE00, False),
    (0xFE70, True),  # Arabic Presentation Forms-B
    (0xFF00, False),
    (0xFF66, True),  # Halfwidth Katakana and Hangul
    (0xFFE0, False),
    (0x20000, True),  # CJK Extension B and later
    (0x30000, False),
)
_STARTS = [start for start, _ in _BLOCKS]


@lru_cache(maxsize=8192)
def joins_words(ch: str) -> bool:
    """True for a letter of Han, Kana, Hangul, Thai, Lao, Khmer, Myanmar, Arabic or Hebrew script."""
    if not ch.isalpha():
        return False
    return _BLOCKS[bisect_right(_STARTS, ord(ch)) - 1][1]
