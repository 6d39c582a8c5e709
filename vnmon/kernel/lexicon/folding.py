"""Text folding for lexicon matching: case, accents, apostrophes and separators made uniform."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophe look-alikes: Ukrainian is typed with ', ’ and ʼ interchangeably (В'єтнам).
_APOSTROPHES = frozenset("'’ʼ‘`´′ʹ＇")
# Read as a space: hyphens and dashes ("Ho-Chi-Minh-Stadt"), the Hebrew maqaf, the Japanese
# middle dot of transcribed names (トー・ラム), the Latin middle dot.
_SEPARATORS = frozenset("-‐‑‒–—―־・·_/")
# Letters that do not decompose under NFD but have a plain twin; Arabic-script letters that
# Arabic, Persian and Urdu write differently (ي/ی/ى, ك/ک, ه/ہ/ە) and hamza seats on alif.
_PLAIN = {
    "đ": "d", "ð": "d", "ł": "l", "ø": "o", "ı": "i",
    "ی": "ي", "ى": "ي", "ې": "ي", "ک": "ك", "ہ": "ه", "ە": "ه", "ۀ": "ه", "ة": "ه",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
}  # fmt: skip
# Dropped: Arabic short vowels and tatweel, Hebrew points, invisible joiners and soft hyphens
# (written inside words by some and not others: فِيتْنَام, ويتنام‌ها, Viet\u00adnam).
_DROPPED = re.compile(r"[\u0591-\u05bd\u05bf-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed"
                      r"\u00ad\u200b-\u200d\u2060\ufeff]")  # fmt: skip


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """The folded form of one character (may be empty or several characters)."""
    if ch in _APOSTROPHES:
        return "'"
    if ch.isspace() or ch in _SEPARATORS:
        return " "
    if _DROPPED.match(ch):
        return ""
    folded = ch.casefold()
    if folded.isascii():
        return folded
    # Strip combining diacritics (U+0300-036F) only: marks of Indic, Thai or Arabic
    # scripts are letters' vowels, not accents.
    bare = "".join(c for c in unicodedata.normalize("NFD", folded) if not 0x300 <= ord(c) <= 0x36F)
    bare = unicodedata.normalize("NFC", bare)
    return "".join(_PLAIN.get(c, c) for c in bare)


class _FoldTable(dict[int, str]):
    """`str.translate` table filled on first use of each character; notes irregular ones."""

    def __init__(self) -> None:
        super().__init__()
        # Characters that fold to none or several characters (ß -> ss, Arabic vowel marks).
        self.irregular: set[str] = set()
        self.irregular_pattern: re.Pattern[str] | None = None

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = fold_char(ch)
        if len(folded) != 1:
            self.irregular.add(ch)
            self.irregular_pattern = re.compile("[" + "".join(map(re.escape, sorted(self.irregular))) + "]")
        self[code] = folded
        return folded


_TABLE = _FoldTable()
# A space that follows a space (or starts the text): folded text keeps one space per run.
_EXTRA_SPACES = re.compile(r"^ +|(?<= ) +")


def fold(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each of its characters, the offset it came from in NFC `text`.

    Runs of spaces collapse to one, so multi-word terms match across line breaks.
    """
    source = unicodedata.normalize("NFC", text)
    mapped, origin = _map(source)
    kept: list[tuple[int, int]] = []
    start = 0
    for extra in _EXTRA_SPACES.finditer(mapped):
        kept.append((start, extra.start()))
        start = extra.end()
    if not kept:
        return mapped, origin
    kept.append((start, len(mapped)))
    folded = "".join(mapped[a:b] for a, b in kept)
    kept_origin: list[int] = []
    for a, b in kept:
        kept_origin.extend(origin[a:b])
    return folded, kept_origin


def _map(source: str) -> tuple[str, list[int]]:
    """Every character of `source` folded (before space runs collapse), with its origins."""
    mapped = source.translate(_TABLE)
    pattern = _TABLE.irregular_pattern
    if pattern is None or not pattern.search(source):
        return mapped, list(range(len(source)))
    # Some characters fold to none or several: map regular stretches in bulk, those one by one.
    parts: list[str] = []
    origin: list[int] = []
    start = 0
    for odd in pattern.finditer(source):
        parts.append(source[start : odd.start()].translate(_TABLE))
        origin.extend(range(start, odd.start()))
        folded = _TABLE[ord(odd.group())]
        parts.append(folded)
        origin.extend([odd.start()] * len(folded))
        start = odd.end()
    parts.append(source[start:].translate(_TABLE))
    origin.extend(range(start, len(source)))
    return "".join(parts), origin


def fold_term(term: str) -> str:
    """A lexicon term folded the way texts are."""
    return fold(term)[0].strip()
