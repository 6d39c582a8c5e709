"""Reading and validating the gazetteer: config/places.yaml (curated) and config/places-names.yaml
(generated from GeoNames and ISO 3166-2 by `python -m vnmon.kernel.gazetteer.build`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vnmon.kernel.configfiles import config_file, read_mapping
from vnmon.kernel.gazetteer.model import KINDS, UNIT_KINDS, Gazetteer, GazetteerError, Place
from vnmon.kernel.lexicon import Entry, LexiconError, Term
from vnmon.kernel.lexicon.loading import parse_endings, parse_term, parse_terms
from vnmon.kernel.settings import get_settings

_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
_ISO = re.compile(r"^VN-[0-9A-Z]{2}$")
_FIELDS = {"label", "kind", "iso", "now", "in", "geonames", "names", "exclude"}
NAMES_FILE = "places-names.yaml"


def default_places_path() -> Path:
    """`VNMON_PLACES` if set, else config/places.yaml of the repository (or working dir)."""
    return config_file(get_settings().places, "places.yaml")


def read_yaml(path: Path, what: str) -> dict[str, Any]:
    """A YAML file's top-level mapping; `GazetteerError` naming the file if it is not one."""
    return read_mapping(path, what, GazetteerError)


def load_gazetteer(path: Path | None = None, names_path: Path | None = None) -> Gazetteer:
    """Read and validate the curated places file and, beside it, the generated names file.

    A generated name spelled like a curated one of the same place is left to the curated one
    (which may say "capitalised only"); one spelled like another place's name is dropped
    (ambiguous). Curated names clashing between two places are an error.
    """
    path = Path(path) if path is not None else default_places_path()
    document = read_yaml(path, "places")
    unknown = set(document) - {"endings", "places"}
    if unknown:
        raise GazetteerError(f"{path}: unknown top-level field(s) {', '.join(sorted(unknown))}")
    raw_places = document.get("places")
    if not isinstance(raw_places, dict) or not raw_places:
        raise GazetteerError(f"{path}: expected a non-empty 'places' mapping")
    try:
        endings = parse_endings(path, document.get("endings", {}))
    except LexiconError as exc:
        raise GazetteerError(str(exc)) from exc
    places: list[Place] = []
    curated: dict[str, list[Term]] = {}
    excluded: dict[str, set[str]] = {}
    for key, raw in raw_places.items():
        place, terms, exclude = _parse_place(path, key, raw, endings)
        places.append(place)
        curated[place.id] = terms
        excluded[place.id] = exclude
    _check_links(path, places)
    names_path = Path(names_path) if names_path is not None else path.with_name(NAMES_FILE)
    generated = _generated_terms(names_path, curated, endings) if names_path.is_file() else {}
    entries = [
        Entry(
            p.id, p.label, p.kind, 1.0, tuple(curated[p.id] + _kept(generated.get(p.id, []), excluded[p.id]))
        )
        for p in places
    ]
    _check_curated_clashes(path, curated)
    return Gazetteer(places, _unambiguous(entries, curated), source=path)


def _parse_place(
    path: Path, key: Any, raw: Any, endings: Mapping[str, tuple[str, ...]]
) -> tuple[Place, list[Term], set[str]]:
    where = f"{path}: place {key!r}"
    if not isinstance(key, str) or not _ID.match(key):
        raise GazetteerError(f"{where}: an id is lowercase letters, digits and '_' (2-41 characters)")
    if not isinstance(raw, dict):
        raise GazetteerError(f"{where}: expected a mapping with label, kind and names")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise GazetteerError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    label, kind = raw.get("label"), raw.get("kind")
    if not isinstance(label, str) or not label.strip():
        raise GazetteerError(f"{where}: 'label' must be a non-empty string")
    if kind not in KINDS:
        raise GazetteerError(f"{where}: 'kind' must be one of {', '.join(sorted(KINDS))}, got {kind!r}")
    iso = raw.get("iso")
    if iso is not None and (not isinstance(iso, str) or not _ISO.match(iso)):
        raise GazetteerError(f"{where}: 'iso' must be an ISO 3166-2 code of Vietnam (VN-26), got {iso!r}")
    parent = _parent(where, kind, raw)
    geonames = raw.get("geonames", [])
    if not isinstance(geonames, list) or not all(isinstance(g, int) and g > 0 for g in geonames):
        raise GazetteerError(f"{where}: 'geonames' must be a list of GeoNames ids (whole numbers)")
    try:
        terms = parse_terms(where, key, "names", raw.get("names"), endings)
    except LexiconError as exc:
        raise GazetteerError(str(exc)) from exc
    exclude = raw.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(e, str) and e.strip() for e in exclude):
        raise GazetteerError(f"{where}: 'exclude' must be a list of names")
    place = Place(key, label.strip(), kind, iso, parent, tuple(geonames))
    return place, terms, {e.strip() for e in exclude}


def _parent(where: str, kind: str, raw: Mapping[str, Any]) -> str | None:
    now, inside = raw.get("now"), raw.get("in")
    if kind in UNIT_KINDS:
        if now is not None or inside is not None:
            raise GazetteerError(f"{where}: a current unit ({kind}) has neither 'now' nor 'in'")
        return None
    if kind == "former_province":
        if not isinstance(now, str) or inside is not None:
            raise GazetteerError(f"{where}: a former province needs 'now' (the current unit), not 'in'")
        return now
    if now is not None or (kind == "place" and not isinstance(inside, str)):
        raise GazetteerError(f"{where}: a {kind} names the unit it lies in with 'in', not 'now'")
    if inside is not None and not isinstance(inside, str):
        raise GazetteerError(f"{where}: 'in' must be a place id")
    return inside


def _check_links(path: Path, places: list[Place]) -> None:
    by_id = {p.id: p for p in places}
    isos: dict[str, str] = {}
    for place in places:
        where = f"{path}: place {place.id!r}"
        if place.iso is not None:
            if place.iso in isos:
                raise GazetteerError(f"{where}: 'iso' {place.iso} is also {isos[place.iso]!r}'s")
            isos[place.iso] = place.id
        if place.parent is None:
            continue
        parent = by_id.get(place.parent)
        field = "now" if place.kind == "former_province" else "in"
        if parent is None:
            raise GazetteerError(f"{where}: '{field}' names {place.parent!r}, which is not a place")
        if place.kind == "former_province" and not parent.is_unit:
            raise GazetteerError(f"{where}: 'now' must name a current unit, {parent.id!r} is a {parent.kind}")
        if place.kind != "former_province" and parent.kind not in UNIT_KINDS | {"former_province"}:
            raise GazetteerError(
                f"{where}: 'in' must name a unit (current or former), {parent.id!r} is a {parent.kind}"
            )


def _generated_terms(
    path: Path, curated: Mapping[str, list[Term]], endings: Mapping[str, tuple[str, ...]]
) -> dict[str, list[Term]]:
    document = read_yaml(path, "generated place names")
    raw = document.get("places")
    if not isinstance(raw, dict):
        raise GazetteerError(f"{path}: expected a 'places' mapping")
    terms: dict[str, list[Term]] = {}
    for key, names in raw.items():
        where = f"{path}: place {key!r}"
        if key not in curated:
            raise GazetteerError(f"{where}: not in the curated places file (regenerate this file)")
        if not isinstance(names, dict):
            raise GazetteerError(f"{where}: expected a mapping of language codes to names")
        own = {term.folded for term in curated[key]}
        for language, forms in names.items():
            if not isinstance(forms, list):
                raise GazetteerError(f"{where}: names.{language} must be a list")
            for i, form in enumerate(forms):
                try:
                    term = parse_term(
                        f"{where}: {language}[{i}]", key, str(language), form, endings.get(language)
                    )
                except LexiconError as exc:
                    raise GazetteerError(str(exc)) from exc
                if term.folded not in own:
                    terms.setdefault(key, []).append(term)
    return terms


def _kept(terms: list[Term], exclude: set[str]) -> list[Term]:
    return [term for term in terms if term.text not in exclude]


def _check_curated_clashes(path: Path, curated: Mapping[str, list[Term]]) -> None:
    owner: dict[str, str] = {}
    for place, terms in curated.items():
        for term in terms:
            other = owner.setdefault(term.folded, place)
            if other != place:
                raise GazetteerError(f"{path}: {term.text!r} names both {other!r} and {place!r}")


def _unambiguous(entries: list[Entry], curated: Mapping[str, list[Term]]) -> list[Entry]:
    """Entries without the generated names that another place also has (curated or generated)."""
    owners: dict[str, set[str]] = {}
    for entry in entries:
        for term in entry.terms:
            owners.setdefault(term.folded, set()).add(entry.key)
    kept = []
    for entry in entries:
        own = set(curated[entry.key])
        terms = tuple(t for t in entry.terms if t in own or len(owners[t.folded]) == 1)
        kept.append(Entry(entry.key, entry.label, entry.kind, entry.weight, terms))
    return kept
