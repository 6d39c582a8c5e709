"""A broken places file fails with the file, the place and the field; the generated names file is
checked against the curated one."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnmon.kernel.gazetteer import GazetteerError, load_gazetteer

GOOD = """
endings:
  ru: [а, е]
places:
  hue:
    label: Huế
    kind: city
    names:
      vi: [=Huế]
  thua_thien_hue:
    label: Thừa Thiên Huế
    kind: former_province
    now: hue
    iso: VN-26
    names:
      uk: [Тхуа Тхіен Хюе]
  citadel:
    label: Hoàng thành Huế
    kind: place
    in: thua_thien_hue
    names:
      en: [Imperial City of Hue]
      ru: [Цитадел~]
"""


def _write(tmp_path: Path, text: str, names: str | None = None) -> Path:
    path = tmp_path / "places.yaml"
    path.write_text(text, encoding="utf-8")
    if names is not None:
        (tmp_path / "places-names.yaml").write_text(names, encoding="utf-8")
    return path


def test_a_small_gazetteer_loads_and_tags(tmp_path: Path) -> None:
    names = "places:\n  hue:\n    ja: [フエ]\n    mul: ['=Hue']\n"
    gazetteer = load_gazetteer(_write(tmp_path, GOOD, names))
    found = gazetteer.find("В Цитаделе", None, "フエ and the Imperial City of Hue")
    # The citadel: title 2.0 + body 0.5; its former province and unit inherit it; フエ adds 0.5.
    assert {m.place: m.score for m in found} == {"citadel": 2.5, "thua_thien_hue": 2.5, "hue": 3.0}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("kind: city", "kind: town", "place 'hue': 'kind' must be one of"),
        ("now: hue", "now: nowhere", "place 'thua_thien_hue': 'now' names 'nowhere', which is not a place"),
        ("now: hue", "in: hue", "place 'thua_thien_hue': a former province needs 'now'"),
        ("in: thua_thien_hue", "in: citadel", "place 'citadel': 'in' must name a unit"),
        ("iso: VN-26", "iso: 26", "place 'thua_thien_hue': 'iso' must be an ISO 3166-2 code"),
        ("      vi: [=Huế]", "      vi: []", "place 'hue': names.vi must be a non-empty list"),
        ("      vi: [=Huế]", "      vietnamese: [Huế]", "place 'hue': names key 'vietnamese' is not an ISO"),
        ("ru: [Цитадел~]", "de: [Zitadel~]", "names.de[0]: 'Zitadel~' ends in '~' but 'endings' has no 'de'"),
        ("  citadel:", "  Citadel:", "place 'Citadel': an id is lowercase"),
        ("    label: Huế", "    label: Huế\n    colour: red", "place 'hue': unknown field(s) colour"),
        ("en: [Imperial City of Hue]", "en: [Тхуа Тхіен Хюе]", "'Тхуа Тхіен Хюе' names both"),
    ],
)
def test_errors_name_the_file_place_and_field(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(GazetteerError) as error:
        load_gazetteer(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_a_stale_names_file_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD, "places:\n  atlantis:\n    en: [Atlantis]\n")
    with pytest.raises(GazetteerError, match="place 'atlantis': not in the curated places file"):
        load_gazetteer(path)


def test_generated_names_shared_by_two_places_are_dropped(tmp_path: Path) -> None:
    # A name GeoNames gives two places is ambiguous; curated names win over generated ones.
    names = "places:\n  hue:\n    mul: [Phu Xuan]\n  citadel:\n    mul: [Phu Xuan, '=Тхуа Тхіен Хюе']\n"
    gazetteer = load_gazetteer(_write(tmp_path, GOOD, names))
    assert gazetteer.find("Phu Xuan", None, None) == []
    assert [m.place for m in gazetteer.find("Тхуа Тхіен Хюе", None, None)] == ["hue", "thua_thien_hue"]


def test_the_repository_files_load_and_the_sample_is_found() -> None:
    gazetteer = load_gazetteer()
    sample = Path(__file__).resolve().parents[4] / "config" / "places-names.yaml"
    assert sample.is_file()
    found = gazetteer.find("Тхуа Тхіен Хюе зміцнює", None, None)
    assert {"hue", "thua_thien_hue"} <= {m.place for m in found}
