"""Extra search spellings of lexicon entries, from an admin-edited file (config/spellings.yaml).

The lexicon decides what an article is about; this file only widens what a search for an entry
looks up. It is validated against the lexicon, and every error names the file, the entry, the
language and the spelling at fault.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from indexer.search.errors import SearchError
from vnmon.kernel.configfiles import config_file
from vnmon.kernel.lexicon import Lexicon
from vnmon.kernel.lexicon.folding import fold_term
from vnmon.kernel.settings import get_settings

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_MARKS = ("*", "~", "=")
MAX_SPELLING_CHARS = 100


class SpellingsError(SearchError):
    """The spellings file is unreadable or invalid (the message names file, entry and field)."""


@dataclass(frozen=True)
class Spelling:
    """One extra written form of a lexicon entry."""

    text: str
    language: str
    entry: str


@dataclass(frozen=True)
class Spellings:
    """Extra spellings by entry key, and which entry each folded spelling names."""

    by_entry: dict[str, tuple[Spelling, ...]] = field(default_factory=dict)
    source: Path | None = None

    def entries_named(self, text: str) -> list[str]:
        """The entries of which `text` is an extra spelling (compared folded, like the lexicon)."""
        folded = fold_term(text)
        return [
            key for key, forms in self.by_entry.items() if any(fold_term(f.text) == folded for f in forms)
        ]


def default_spellings_path() -> tuple[Path, bool]:
    """`VNMON_SPELLINGS` (which must exist), else config/spellings.yaml if present (optional)."""
    configured = get_settings().spellings
    if configured is not None:
        return configured, True
    return config_file(None, "spellings.yaml"), False


def load_spellings(path: Path, lexicon: Lexicon, *, required: bool = True) -> Spellings:
    """Read and validate `path` against `lexicon`; a missing optional file means no extra spellings."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        if not required:
            return Spellings(source=None)
        raise SpellingsError(f"{path}: no such spellings file (set VNMON_SPELLINGS or create it)") from exc
    except OSError as exc:
        raise SpellingsError(f"{path}: cannot read spellings: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise SpellingsError(f"{path}: not valid YAML: {exc}") from exc
    if document is None:
        return Spellings(source=path)
    if not isinstance(document, dict) or set(document) - {"spellings"}:
        raise SpellingsError(f"{path}: expected one top-level key 'spellings' mapping entries to languages")
    raw = document.get("spellings") or {}
    if not isinstance(raw, dict):
        raise SpellingsError(f"{path}: 'spellings' must map lexicon entry keys to languages")
    by_entry = {str(key): _entry(path, str(key), value, lexicon) for key, value in raw.items()}
    return Spellings(by_entry=by_entry, source=path)


def _entry(path: Path, key: str, raw: Any, lexicon: Lexicon) -> tuple[Spelling, ...]:
    where = f"{path}: spellings.{key}"
    if key not in lexicon.entries:
        close = difflib.get_close_matches(key, list(lexicon.entries), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else " (keys are those of config/lexicon.yaml)"
        raise SpellingsError(f"{where}: no lexicon entry {key!r}{hint}")
    if not isinstance(raw, dict) or not raw:
        raise SpellingsError(f"{where}: must map language codes to lists of spellings")
    known = {fold_term(term.text) for term in lexicon.entries[key].terms}
    found: list[Spelling] = []
    for language, forms in raw.items():
        if not isinstance(language, str) or not _LANGUAGE.match(language):
            raise SpellingsError(f"{where}: {language!r} is not an ISO 639 language code (e.g. ja, pt)")
        if not isinstance(forms, list) or not forms:
            raise SpellingsError(f"{where}.{language}: must be a non-empty list of spellings")
        for i, form in enumerate(forms):
            found.append(_spelling(f"{where}.{language}[{i}]", key, language, form, known))
            known.add(fold_term(found[-1].text))
    return tuple(found)


def _spelling(where: str, key: str, language: str, form: Any, known: set[str]) -> Spelling:
    if not isinstance(form, str) or not form.strip():
        raise SpellingsError(f"{where}: must be a non-empty string, got {form!r}")
    text = " ".join(form.split())
    if len(text) > MAX_SPELLING_CHARS:
        raise SpellingsError(f"{where}: {len(text)} characters; at most {MAX_SPELLING_CHARS}")
    if any(mark in text for mark in _MARKS):
        raise SpellingsError(f"{where}: {form!r}: plain text only (no {' '.join(_MARKS)} marks)")
    if fold_term(text) in known:
        raise SpellingsError(f"{where}: {form!r} is already a spelling of {key!r}")
    return Spelling(text, language, key)
