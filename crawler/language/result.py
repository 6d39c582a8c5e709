"""What language identification answers, and what the n-gram model hands to the second opinion."""

from __future__ import annotations

from dataclasses import dataclass

UNDETERMINED = "und"


@dataclass(frozen=True)
class LanguageResult:
    """A detected language: ISO 639-1 code (or "und") and a confidence in [0, 1]."""

    code: str
    confidence: float


@dataclass(frozen=True)
class NgramVerdict:
    """The n-gram model's answer with what it knows about its own reliability."""

    result: LanguageResult
    # Profile codes (langdetect's), best first.
    ranked: tuple[str, ...]
    # Share of the text's 3-grams the winner's profile has.
    fit: float
    # Letters beyond ASCII the winner's profile has never seen.
    unexplained: int
    # Letters of the text, and the length factor already in the confidence (0.4 for a word,
    # 1.0 from 50 letters).
    letters: int
    trust: float
