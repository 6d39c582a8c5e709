"""The generator's noise filter: which GeoNames / ISO 3166-2 names are safe to match, and how."""

from __future__ import annotations

import pytest

from vnmon.kernel.gazetteer.build import forms, usable


@pytest.mark.parametrize(
    "name",
    [
        "we",
        "hui",
        "hyu",
        "HUI",
        "SGN",
        "Than” Hoa",
        "Ho Și Min (Saigon)",
        "ሁwe",
        "Hue2",
        "후에",
        "เว้",
        "フエ",
    ],
)
def test_noise_is_dropped(name: str) -> None:
    # Lower-case romanisations, airport codes, typos and glosses, mixed scripts, digits, and
    # Hangul/Thai/kana names short enough to sit inside ordinary words.
    assert not usable(name)


def test_short_latin_and_cyrillic_names_are_left_to_the_curated_file() -> None:
    # Three letters are too few to trust from a generated list; config/places.yaml has these.
    assert not usable("Hué") and not usable("Хюэ")


@pytest.mark.parametrize(
    "name", ["Huje", "Χουέ", "順化市", "타인호아", "ฮานอย", "هانوي", "Ho Chi Minh-Stadt"]
)
def test_real_names_are_kept(name: str) -> None:
    assert usable(name)


def test_forms_of_names() -> None:
    assert forms("Huje", "mul") == ["=Huje"]  # one Latin word: only capitalised
    assert forms("Хайфон", "ru") == ["=Хайфон~"]  # Cyrillic: East Slavic case endings
    assert forms("Ханой", "ru")[:3] == ["=Ханой", "=Ханоя", "=Ханою"]  # й-stem declined
    assert forms("Кан Тхо", "ru") == ["Кан Тхо"]  # several words: as written
    assert forms("順化市", "zh") == ["順化市"]
