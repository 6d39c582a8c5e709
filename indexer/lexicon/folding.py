"""Text folding for lexicon matching: case, accents, apostrophes and separators made uniform."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Apostrophe look-alikes: Ukrainian is typed with ', ’ and ʼ interchangeably (В'єтнам).
_APOSTROPHES = frozenset("'’ʼ‘`´′ʹ＇")
# Read as a space: hyphens and dashes ("Ho-Chi-Minh-Stadt"), the Japanese middle dot of
# transcribed names (トー・ラム), the Latin middle dot.
_SEPARATORS = frozenset("-‐‑‒–—―・·_/")
# Letters that do not decompose under NFD but have a plain twin.
_PLAIN = {"đ": "d", "ð": "d", "ł": "l", "ø": "o", "ı": "i"}


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """The folded form of one character (may be empty or several characters)."""
    if ch in _APOSTROPHES:
        return "'"
    if ch.isspace() or ch in _SEPARATORS:
        return " "
    folded = ch.casefold()
    if folded.isascii():
        return folded
    # Strip combining diacritics (U+0300-036F) only: marks of Indic, Thai or Arabic
    # scripts are letters' vowels, not accents.
    bare = "".join(c for c in unicodedata.normalize("NFD", folded) if not 0x300 <= ord(c) <= 0x36F)
    bare = unicodedata.normalize("NFC", bare)
    return "".join(_PLAIN.get(c, c) for c in bare)


def fold(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each of its characters, the offset it came from in NFC `text`.

    Runs of spaces collapse to one, so multi-word terms match across line breaks.
    """
    source = unicodedata.normalize("NFC", text)
    out: list[str] = []
    origin: list[int] = []
    previous_space = True
    for i, ch in enumerate(source):
        folded = fold_char(ch)
        if not folded:
            continue
        if folded == " ":
            if previous_space:
                continue
            previous_space = True
        else:
            previous_space = False
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


def fold_term(term: str) -> str:
    """A lexicon term folded the way texts are."""
    return fold(term)[0].strip()
