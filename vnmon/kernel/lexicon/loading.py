"""Reading and validating the lexicon file (config/lexicon.yaml): entries, terms, per-language endings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vnmon.kernel.configfiles import config_file, read_mapping
from vnmon.kernel.lexicon.folding import fold_term
from vnmon.kernel.lexicon.lexicon import BOUNDED, STEM, Entry, Lexicon, LexiconError, Term
from vnmon.kernel.settings import get_settings

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_CAPITALISED = "="
# Bounded stems shorter than this would turn short names (Hue, Vinh) into prefixes of words.
MIN_BOUNDED_STEM = 4
# Longest declared ending: endings are inflections and particles, not the tails of other words.
MAX_ENDING = 8


def default_lexicon_path() -> Path:
    """`VNMON_LEXICON` if set, else config/lexicon.yaml of the repository (or working dir)."""
    return config_file(get_settings().lexicon, "lexicon.yaml")


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and validate a lexicon file (default: `default_lexicon_path()`)."""
    path = Path(path) if path is not None else default_lexicon_path()
    document = read_mapping(path, "lexicon", LexiconError)
    if not isinstance(document.get("entries"), dict):
        raise LexiconError(f"{path}: expected a mapping with an 'entries' mapping at the top")
    if not document["entries"]:
        raise LexiconError(f"{path}: 'entries' is empty")
    endings = parse_endings(path, document.get("endings", {}))
    entries = [_parse_entry(path, str(key), raw, endings) for key, raw in document["entries"].items()]
    return Lexicon(entries, source=path)


def parse_endings(path: Path, raw: Any) -> dict[str, tuple[str, ...]]:
    """The `endings` mapping: language code -> the folded endings its bounded stems take
    (also read by the gazetteer, whose names use the same syntax)."""
    if not isinstance(raw, dict):
        raise LexiconError(f"{path}: 'endings' must map language codes to lists of endings")
    parsed: dict[str, tuple[str, ...]] = {}
    for language, endings in raw.items():
        where = f"{path}: endings.{language}"
        if not isinstance(language, str) or not _LANGUAGE.match(language):
            raise LexiconError(f"{where}: not an ISO 639 code")
        if not isinstance(endings, list) or not endings:
            raise LexiconError(f"{where}: must be a non-empty list")
        folded = []
        for ending in endings:
            text = fold_term(ending) if isinstance(ending, str) else ""
            if not _is_ending(text):
                raise LexiconError(f"{where}: {ending!r} is not an ending (letters, at most {MAX_ENDING})")
            folded.append(text)
        parsed[language] = tuple(sorted(set(folded), key=lambda e: (-len(e), e)))
    return parsed


def _is_ending(text: str) -> bool:
    # Letters and the vowel signs of Indic scripts (marks), at most MAX_ENDING of them.
    letters = all(ch.isalnum() or unicodedata.category(ch).startswith("M") for ch in text)
    return 0 < len(text) <= MAX_ENDING and letters


def _parse_entry(path: Path, key: str, raw: Any, endings: Mapping[str, tuple[str, ...]]) -> Entry:
    where = f"{path}: entry {key!r}"
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: expected a mapping with label, kind, weight and terms")
    unknown = set(raw) - {"label", "kind", "weight", "terms"}
    if unknown:
        raise LexiconError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    label, kind, weight, terms = (raw.get(f) for f in ("label", "kind", "weight", "terms"))
    if not isinstance(label, str) or not label.strip():
        raise LexiconError(f"{where}: 'label' must be a non-empty string")
    if not isinstance(kind, str) or not kind.strip():
        raise LexiconError(f"{where}: 'kind' must be a non-empty string")
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        raise LexiconError(f"{where}: 'weight' must be a positive number, got {weight!r}")
    parsed = parse_terms(where, key, "terms", terms, endings)
    return Entry(key, label.strip(), kind.strip(), float(weight), tuple(parsed))


def parse_terms(
    where: str, entry: str, field: str, raw: Any, endings: Mapping[str, tuple[str, ...]]
) -> list[Term]:
    """A mapping of ISO 639 codes to lists of forms (an entry's `terms`, a place's `names`, a
    topic rule's group); errors name `where` and `field`."""
    if not isinstance(raw, dict) or not raw:
        raise LexiconError(f"{where}: '{field}' must map language codes to lists of terms")
    parsed = []
    for language, forms in raw.items():
        if not isinstance(language, str) or not _LANGUAGE.match(language):
            raise LexiconError(f"{where}: {field} key {language!r} is not an ISO 639 code")
        if not isinstance(forms, list) or not forms:
            raise LexiconError(f"{where}: {field}.{language} must be a non-empty list")
        for i, form in enumerate(forms):
            term_where = f"{where}: {field}.{language}[{i}]"
            parsed.append(parse_term(term_where, entry, language, form, endings.get(language)))
    return parsed


def parse_term(where: str, entry: str, language: str, form: Any, endings: tuple[str, ...] | None) -> Term:
    """One written form ("=Hue", "Hanoj~", "в'єтнамськ*"); errors name `where`."""
    if not isinstance(form, str) or not form.strip(_CAPITALISED + STEM + BOUNDED + " "):
        raise LexiconError(f"{where}: must be a non-empty string, got {form!r}")
    capitalised = form.startswith(_CAPITALISED)
    text = form.removeprefix(_CAPITALISED).strip()
    folded = fold_term(text)
    words = folded.split(" ")
    for mark in STEM + BOUNDED:
        if any(mark in word[:-1] for word in words):
            raise LexiconError(f"{where}: {form!r}: '{mark}' may only end a word")
    if not any(word.endswith(BOUNDED) for word in words):
        return Term(text, language, entry, capitalised, folded)
    if endings is None:
        raise LexiconError(f"{where}: {form!r} ends in '{BOUNDED}' but 'endings' has no {language!r} list")
    if any(len(word) - 1 < MIN_BOUNDED_STEM for word in words if word.endswith(BOUNDED)):
        raise LexiconError(f"{where}: {form!r}: a '{BOUNDED}' stem needs {MIN_BOUNDED_STEM} letters or more")
    # Search expands the bare stem (a word lookup is cheap, a prefix query is not: expanding
    # every bounded stem as one would overflow a query's clause budget).
    return Term(text.replace(BOUNDED, ""), language, entry, capitalised, folded, endings)
