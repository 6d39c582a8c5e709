"""The Vietnam lexicon (config/lexicon.yaml): loading, validation, finding its terms in text, expansion."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from indexer.lexicon.folding import fold, fold_term
from indexer.lexicon.scripts import joins_words
from indexer.settings import get_settings

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_CAPITALISED = "="
_VARIANT_CACHE = 10_000
_STEM = "*"


class LexiconError(ValueError):
    """The lexicon file is missing or malformed (the message names the file and entry)."""


@dataclass(frozen=True)
class Term:
    """One written form of an entry."""

    text: str
    language: str
    entry: str
    capitalised: bool
    folded: str

    @property
    def pattern(self) -> str:
        """Regular expression over folded text."""
        # Terms of scripts without word spaces (or with glued prefixes) match anywhere.
        if any(joins_words(ch) for ch in self.folded):
            return re.escape(self.folded)
        words = []
        for word in self.folded.split(" "):
            stem = word.endswith(_STEM)
            words.append(re.escape(word.rstrip(_STEM)) + (r"\w*" if stem else ""))
        return r"(?<!\w)" + " ".join(words) + r"(?!\w)"


@dataclass(frozen=True)
class Entry:
    """One thing the lexicon knows (the country, a city, a leader...) and its forms."""

    key: str
    label: str
    kind: str
    weight: float
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Hit:
    """A term found in a text (offsets into the NFC-normalised text)."""

    entry: Entry
    term: Term
    start: int
    end: int


class Lexicon:
    """Weighted Vietnam terms, matched case- and accent-insensitively, longest match first."""

    def __init__(self, entries: Iterable[Entry], source: Path | None = None) -> None:
        self.entries: dict[str, Entry] = {entry.key: entry for entry in entries}
        self.source = source
        unique: dict[tuple[str, bool], Term] = {}
        for entry in self.entries.values():
            for term in entry.terms:
                unique.setdefault((term.pattern, term.capitalised), term)
        self._matcher = _Matcher(list(unique.values()))
        # For expansion: each entry's folded label and compiled forms (re's own cache holds
        # 512 patterns, fewer than the lexicon has forms, so it would recompile on every call).
        self._namers = [
            (entry, fold_term(entry.label), [re.compile(term.pattern) for term in entry.terms])
            for entry in self.entries.values()
        ]
        self._variants: dict[str, list[Term]] = {}

    def find(self, text: str) -> list[Hit]:
        """Every non-overlapping occurrence of a lexicon term in `text`, longest match first."""
        folded, origin = fold(text)
        source = unicodedata.normalize("NFC", text)
        hits = []
        for term, start, end in self._matcher.matches(folded):
            begin = origin[start]
            if term.capitalised and not source[begin].isupper():
                continue
            hits.append(Hit(self.entries[term.entry], term, begin, origin[end - 1] + 1))
        return hits

    def expand(self, term: str) -> list[str]:
        """All forms of the entries that `term` names (by a form or a label), for query expansion.

        The result starts with `term` itself; stems keep their trailing "*".
        """
        variants = [term]
        variants.extend(form.text for form in self.variants(term) if form.text != term)
        return list(dict.fromkeys(variants))

    def variants(self, term: str) -> list[Term]:
        """Every form (with its language) of the entries `term` names; [] when it names none."""
        folded = fold_term(term)
        if not folded:
            return []
        known = self._variants.get(folded)
        if known is None:
            known = [
                form
                for entry, label, patterns in self._namers
                if folded == label or any(p.fullmatch(folded) for p in patterns)
                for form in entry.terms
            ]
            if len(self._variants) < _VARIANT_CACHE:
                self._variants[folded] = known
        return list(known)


_FIRST_WORD = re.compile(r"\w+")


class _Matcher:
    """Finds term occurrences without trying every term at every position.

    Word terms are indexed by their first word (or its stem) and only tried where a text
    word has that form; substring terms are located with `str.find`.
    """

    def __init__(self, terms: list[Term]) -> None:
        self._exact: dict[str, list[tuple[Term, re.Pattern[str]]]] = {}
        self._stems: dict[str, list[tuple[Term, re.Pattern[str]]]] = {}
        self._substrings: list[Term] = []
        for term in terms:
            pattern = term.pattern
            first = _FIRST_WORD.match(term.folded)
            if not pattern.startswith("(?<!") or first is None:
                self._substrings.append(term)
                continue
            stem = term.folded[first.end() : first.end() + 1] == _STEM
            index = self._stems if stem else self._exact
            index.setdefault(first.group(), []).append((term, re.compile(pattern)))

    def matches(self, folded: str) -> list[tuple[Term, int, int]]:
        found: list[tuple[Term, int, int]] = []
        for word in _FIRST_WORD.finditer(folded):
            text = word.group()
            candidates = list(self._exact.get(text, ()))
            for i in range(1, len(text) + 1):
                candidates.extend(self._stems.get(text[:i], ()))
            for term, regex in candidates:
                match = regex.match(folded, word.start())
                if match:
                    found.append((term, match.start(), match.end()))
        for term in self._substrings:
            start = folded.find(term.folded)
            while start >= 0:
                found.append((term, start, start + len(term.folded)))
                start = folded.find(term.folded, start + 1)
        # Leftmost first, longest first at one position; overlapping shorter hits are dropped.
        found.sort(key=lambda f: (f[1], f[1] - f[2]))
        chosen: list[tuple[Term, int, int]] = []
        for hit in found:
            if not chosen or hit[1] >= chosen[-1][2]:
                chosen.append(hit)
        return chosen


def default_lexicon_path() -> Path:
    """`VNMON_LEXICON` if set, else config/lexicon.yaml of the repository (or working dir)."""
    configured = get_settings().lexicon
    if configured is not None:
        return configured
    beside_package = Path(__file__).resolve().parents[2] / "config" / "lexicon.yaml"
    if beside_package.is_file():
        return beside_package
    return Path("config") / "lexicon.yaml"


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and validate a lexicon file (default: `default_lexicon_path()`)."""
    path = Path(path) if path is not None else default_lexicon_path()
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("entries"), dict):
        raise LexiconError(f"{path}: expected a mapping with an 'entries' mapping at the top")
    if not document["entries"]:
        raise LexiconError(f"{path}: 'entries' is empty")
    entries = [_parse_entry(path, str(key), raw) for key, raw in document["entries"].items()]
    return Lexicon(entries, source=path)


def _parse_entry(path: Path, key: str, raw: Any) -> Entry:
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
    if not isinstance(terms, dict) or not terms:
        raise LexiconError(f"{where}: 'terms' must map language codes to lists of terms")
    parsed = []
    for language, forms in terms.items():
        if not isinstance(language, str) or not _LANGUAGE.match(language):
            raise LexiconError(f"{where}: terms key {language!r} is not an ISO 639 code")
        if not isinstance(forms, list) or not forms:
            raise LexiconError(f"{where}: terms.{language} must be a non-empty list")
        for i, form in enumerate(forms):
            parsed.append(_parse_term(f"{where}: terms.{language}[{i}]", key, language, form))
    return Entry(key, label.strip(), kind.strip(), float(weight), tuple(parsed))


def _parse_term(where: str, entry: str, language: str, form: Any) -> Term:
    if not isinstance(form, str) or not form.strip(_CAPITALISED + _STEM + " "):
        raise LexiconError(f"{where}: must be a non-empty string, got {form!r}")
    capitalised = form.startswith(_CAPITALISED)
    text = form.removeprefix(_CAPITALISED).strip()
    folded = fold_term(text)
    if _STEM in folded.replace(_STEM + " ", " ").rstrip(_STEM):
        raise LexiconError(f"{where}: {form!r}: '*' may only end a word")
    return Term(text, language, entry, capitalised, folded)
