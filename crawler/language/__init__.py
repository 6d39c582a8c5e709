"""Language identification of extracted article text (ISO 639-1 codes, "und" when undetermined)."""

from __future__ import annotations

from crawler.language.detector import (
    UNDETERMINED,
    LanguageResult,
    detect_language,
    detect_text,
    normalize_language_tag,
)

__all__ = [
    "UNDETERMINED",
    "LanguageResult",
    "detect_language",
    "detect_text",
    "normalize_language_tag",
]
