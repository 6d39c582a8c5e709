"""Names of language and country codes in a reader's language (Babel's CLDR data), and which
codes are valid at all (ISO 639-1, ISO 3166-1 alpha-2)."""

from __future__ import annotations

from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError


@lru_cache(maxsize=16)
def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def language_name(code: str, reader: str = "en") -> str:
    """`ru` → "Русский / Russian" for an English reader: the language's own name, then the
    reader's name for it when that differs; the code itself when neither is known."""
    own_locale = _locale(code)
    reader_locale = _locale(reader)
    own = own_locale.get_display_name(code) if own_locale is not None else None
    theirs = reader_locale.languages.get(code) if reader_locale is not None else None
    own = own[:1].upper() + own[1:] if own else None
    theirs = theirs[:1].upper() + theirs[1:] if theirs else None
    if own and theirs and own.casefold() != theirs.casefold():
        return f"{own} / {theirs}"
    return own or theirs or code


def country_name(code: str, reader: str = "en") -> str:
    """`GB` → "United Kingdom" (in the reader's language); the code when it is not a country."""
    reader_locale = _locale(reader)
    name = reader_locale.territories.get(code.upper()) if reader_locale is not None else None
    return name or code


def is_language_code(code: str) -> bool:
    return len(code) == 2 and pycountry.languages.get(alpha_2=code.lower()) is not None


def is_country_code(code: str) -> bool:
    return len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


@lru_cache(maxsize=1)
def language_names() -> dict[str, str]:
    """Lowercased English and own names of every ISO 639-1 language → its code."""
    names: dict[str, str] = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code is None:
            continue
        names.setdefault(language.name.casefold(), code)
        own = _locale(code)
        if own is not None and own.get_display_name(code):
            names.setdefault(str(own.get_display_name(code)).casefold(), code)
    return names


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Lowercased English names (and common names) of every country → its alpha-2 code."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(value.casefold(), country.alpha_2)
    names.setdefault("uk", "GB")
    return names
