"""lingua's detector as a second opinion: built once per language set, loaded lazily, low-accuracy mode."""

from __future__ import annotations

import threading
from collections.abc import Iterable

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

# Every ISO 639-1 code lingua has a model for.
LINGUA_CODES: frozenset[str] = frozenset(language.iso_code_639_1.name.lower() for language in Language.all())

_lock = threading.Lock()
_detectors: dict[frozenset[str], LanguageDetector] = {}


def lingua_confidences(text: str, codes: Iterable[str]) -> list[tuple[str, float]]:
    """lingua's confidence per language among `codes` (those it knows), best first.

    Low-accuracy mode (trigram models only, ~1.4 MB per language loaded) is enough here:
    lingua is only asked when vnmon's own model is unsure or lacks the language, and its
    high-accuracy models would cost ~20 MB per language in every worker process.
    """
    detector = _detector(frozenset(code for code in codes if code in LINGUA_CODES))
    if detector is None:
        return []
    return [
        (value.language.iso_code_639_1.name.lower(), value.value)
        for value in detector.compute_language_confidence_values(text)
    ]


def _detector(codes: frozenset[str]) -> LanguageDetector | None:
    # Detectors are cheap to build and share the process-wide models (lingua caches each
    # language's model once, on first use), so one per language set costs no memory twice.
    if len(codes) < 2:
        return None
    detector = _detectors.get(codes)
    if detector is None:
        with _lock:
            detector = _detectors.get(codes)
            if detector is None:
                isos = [getattr(IsoCode639_1, code.upper()) for code in sorted(codes)]
                builder = LanguageDetectorBuilder.from_iso_codes_639_1(*isos)
                detector = builder.with_low_accuracy_mode().build()
                _detectors[codes] = detector
    return detector
