"""Gazetteer coverage: for each kind of place, the share that has a name in each script the
crawler reads (a Latin name serves every Latin-script language: matching folds accents).

usage: .venv/bin/python -m bench gazetteer
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from vnmon.kernel.gazetteer import load_gazetteer

SCRIPTS = ("LATIN", "CYRILLIC", "CJK", "KATAKANA", "HANGUL", "THAI", "ARABIC", "HEBREW", "GREEK")
KINDS = ("province", "city", "former_province", "place", "region")


def script_of(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            return next((s for s in SCRIPTS if name.startswith(s)), "OTHER")
    return "OTHER"


def run() -> str:
    gazetteer = load_gazetteer()
    places = {kind: [p for p in gazetteer.places.values() if p.kind == kind] for kind in KINDS}
    rows = [
        "| kind | places | names | " + " | ".join(s.title() for s in SCRIPTS) + " |",
        "|---|---:|---:|" + "---:|" * len(SCRIPTS),
    ]
    for kind, members in places.items():
        scripts: Counter[str] = Counter()
        names = 0
        for place in members:
            terms = gazetteer.lexicon.entries[place.id].terms
            names += len(terms)
            scripts.update({script_of(term.text) for term in terms})
        shares = " | ".join(f"{scripts[s] / len(members):.0%}" for s in SCRIPTS)
        rows.append(f"| {kind} | {len(members)} | {names} | {shares} |")
    return "\n".join(rows)


def main() -> None:
    print(run())
