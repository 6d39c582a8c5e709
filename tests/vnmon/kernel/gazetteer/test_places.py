"""The gazetteer: real sentences in many languages find the right places (and the units above
them); ordinary words that share letters with place names find none."""

from __future__ import annotations

import pycountry
import pytest

from vnmon.kernel.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def _places(gazetteer: Gazetteer, text: str) -> set[str]:
    return {m.place for m in gazetteer.find(text, None, None)}


def test_the_34_current_units_and_the_63_former_ones(gazetteer: Gazetteer) -> None:
    assert len(gazetteer.units()) == 34
    former = gazetteer.former_units()
    assert len(former) == 63
    # Each of the 63 ISO 3166-2 codes of Vietnam's provinces before the reform, exactly once.
    assert {p.iso for p in former} == {s.code for s in pycountry.subdivisions.get(country_code="VN")}
    # Every former province is now part of one current unit.
    for place in former:
        assert gazetteer.unit_of(place.id) is not None, place.id
    assert gazetteer.unit_of("thua_thien_hue") == "hue"
    assert gazetteer.unit_of("quang_nam") == "da_nang"
    assert gazetteer.unit_of("ba_ria_vung_tau") == "ho_chi_minh_city"
    assert gazetteer.unit_of("kien_giang") == "an_giang"
    assert gazetteer.lineage("hoi_an") == ["hoi_an", "quang_nam", "da_nang"]
    assert gazetteer.lineage("son_doong") == ["son_doong", "quang_binh", "quang_tri"]


# One family of places, each in at least five languages and scripts, written as the press writes.
FOUND = [
    # Huế and the former Thừa Thiên Huế province
    ("Тхуа Тхіен Хюе зміцнює роботу з іноземною інформацією.", {"thua_thien_hue", "hue"}),  # uk
    ("В Хюе открылся фестиваль.", {"hue"}),  # ru
    ("Thừa Thiên Huế chính thức trở thành thành phố trực thuộc trung ương.", {"thua_thien_hue", "hue"}),  # vi
    ("The former imperial capital Hue draws visitors.", {"hue"}),  # en
    ("La ville de Hué accueille le festival.", {"hue"}),  # fr
    ("古都フエで祭りが開かれた。", {"hue"}),  # ja
    ("越南顺化市举办文化节。", {"hue"}),  # zh
    ("후에시에서 축제가 열렸다.", {"hue"}),  # ko
    ("เทศกาลที่เมืองเว้", {"hue"}),  # th
    # Hanoi, inflected
    ("Premier przyleciał do Hanoi.", {"hanoi"}),  # pl
    ("Делегация прибыла в Ханой, переговоры в Ханое продолжатся.", {"hanoi"}),  # ru
    ("Переговори у Ханої завершилися.", {"hanoi"}),  # uk
    ("Jednání v Hanoji skončila.", {"hanoi"}),  # cs
    ("하노이의 교통 체증", {"hanoi"}),  # ko, particle glued
    ("Der Gipfel in Hanoi endete.", {"hanoi"}),  # de
    # Hai Phong, with and without diacritics, inflected
    ("Cảng Hải Phòng", {"hai_phong"}),  # vi
    ("The port of Hai Phong and Haiphong's shipyards", {"hai_phong"}),  # en
    ("Завод в Хайфоне", {"hai_phong"}),  # ru
    ("Port w Hajfongu", {"hai_phong"}),  # pl
    ("ハイフォン港", {"hai_phong"}),  # ja
    ("하이퐁 공장", {"hai_phong"}),  # ko
    # Ha Long Bay (a place in Quang Ninh)
    ("Cruises in Ha Long Bay resumed.", {"ha_long_bay", "quang_ninh"}),  # en
    ("Croisière dans la baie d'Along.", {"ha_long_bay", "quang_ninh"}),  # fr
    ("Eine Fahrt durch die Halong-Bucht.", {"ha_long_bay", "quang_ninh"}),  # de
    ("Круиз по бухте Халонг", {"ha_long_bay", "quang_ninh"}),  # ru
    ("下龙湾游船", {"ha_long_bay", "quang_ninh"}),  # zh
    ("ハロン湾クルーズ", {"ha_long_bay", "quang_ninh"}),  # ja
    ("하롱베이 크루즈", {"ha_long_bay", "quang_ninh"}),  # ko
    # Phu Quoc (a place in the former Kien Giang, now An Giang)
    ("Resorts on Phu Quoc island", {"phu_quoc", "kien_giang", "an_giang"}),  # en
    ("L'île de Phú Quốc", {"phu_quoc", "kien_giang", "an_giang"}),  # fr
    ("Отдых на Фукуоке", {"phu_quoc", "kien_giang", "an_giang"}),  # ru
    ("富国岛度假", {"phu_quoc", "kien_giang", "an_giang"}),  # zh
    ("푸꾸옥 여행", {"phu_quoc", "kien_giang", "an_giang"}),  # ko
    # Ho Chi Minh City
    ("Metro line opens in Ho Chi Minh City", {"ho_chi_minh_city"}),  # en
    ("Le métro de Hô Chi Minh-Ville", {"ho_chi_minh_city"}),  # fr
    ("Die U-Bahn von Ho-Chi-Minh-Stadt", {"ho_chi_minh_city"}),  # de
    ("Метро в Хошимине", {"ho_chi_minh_city"}),  # ru
    ("W Sajgonie otwarto metro", {"ho_chi_minh_city"}),  # pl
    ("ホーチミン市の地下鉄", {"ho_chi_minh_city"}),  # ja
    ("胡志明市地铁", {"ho_chi_minh_city"}),  # zh
    # Mekong Delta (a region)
    ("Salinity in the Mekong Delta", {"mekong_delta"}),  # en
    ("La salinisation du delta du Mékong", {"mekong_delta"}),  # fr
    ("Засоление в дельте Меконга", {"mekong_delta"}),  # ru
    ("湄公河三角洲盐碱化", {"mekong_delta"}),  # zh
    ("메콩델타 지역", {"mekong_delta"}),  # ko
    # Son Doong cave (in the former Quang Binh, now Quang Tri)
    ("Expedition to Son Doong cave", {"son_doong", "quang_binh", "quang_tri"}),  # en
    ("Hang Sơn Đoòng", {"son_doong", "quang_binh", "quang_tri"}),  # vi
    ("Экспедиция в пещеру Шондонг", {"son_doong", "quang_binh", "quang_tri"}),  # ru
    ("ソンドン洞窟の探検", {"son_doong", "quang_binh", "quang_tri"}),  # ja
    ("韩松洞探险", {"son_doong", "quang_binh", "quang_tri"}),  # zh
    # Former provinces merged in 2025: the old and the new unit
    ("Binh Duong's industrial parks", {"binh_duong", "ho_chi_minh_city"}),  # en
    ("Nhà máy ở Bắc Giang", {"bac_giang", "bac_ninh"}),  # vi
    ("Des usines à Bac Giang", {"bac_giang", "bac_ninh"}),  # fr
    ("Hội An ancient town", {"hoi_an", "quang_nam", "da_nang"}),  # en
    ("ホイアンの旧市街", {"hoi_an", "quang_nam", "da_nang"}),  # ja
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_places_found_in_every_language(gazetteer: Gazetteer, text: str, expected: set[str]) -> None:
    assert _places(gazetteer, text) == expected


# Ordinary words sharing letters with place names (GeoNames' noisy romanisations among them).
ORDINARY = [
    "We have the same hue of blue.",  # en: "we", "hue" are GeoNames romanisations of Huế
    "Hui people live in Ningxia.",  # en: "hui"
    "Son la mejor opción del mercado.",  # es: "son la" is not Sơn La
    "How long an operation takes depends on the team.",  # en: "long an" is not Long An
    "The Laos delegation arrived.",  # GeoNames lists "Laos" for Lào Cai
    "Ханой — столица. Ханойский университет.",  # ru adjective: Hanoi only (the noun)
    "フエルトの帽子を買った。",  # ja: フエ inside the katakana word フエルト (felt)
    "그 후에 우리는 집에 갔다.",  # ko: 후에 means "after"
    "เว้นแต่วันหยุด",  # th: เว้ inside เว้น (except)
    "他会安排会议。",  # zh: 会安 inside 会安排 (will arrange)
    "河南省的工厂",  # zh: Henan province of China, not Hà Nam
    "Quinton scored twice.",  # GeoNames lists Quinton for Quy Nhơn
    "The sapa of the tree",  # capitalised only
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_words_are_not_places(gazetteer: Gazetteer, text: str) -> None:
    found = _places(gazetteer, text)
    assert found <= {"hanoi"}, found
    assert ("Ханой" in text) == ("hanoi" in found)


def test_scores_count_by_position_and_name_what_matched(gazetteer: Gazetteer) -> None:
    mentions = gazetteer.find("Huế in the title", "Hội An in the lead", "Hue again, and Hội An, and Хюе.")
    by_place = {m.place: m for m in mentions}
    # Huế: title 2.0 + body 2 x 0.5; Hội An: lead 1.5 + body 0.5; its units inherit its score.
    assert by_place["hue"].score == 3.0
    assert by_place["hoi_an"].score == 2.0
    assert by_place["da_nang"].score == by_place["quang_nam"].score == 2.0
    assert set(by_place["hue"].names) == {"Huế", "Hue", "Хюе"}
    assert mentions[0].place == "hue"


def test_a_query_term_names_its_place_in_any_script(gazetteer: Gazetteer) -> None:
    for term in ("hue", "Huế", "Hue", "Хюе", "フエ", "順化"):
        assert gazetteer.named(term) == ["hue"], term
    assert gazetteer.named("Thừa Thiên Huế") == ["thua_thien_hue"]
    assert gazetteer.named("Ханоем") == ["hanoi"]
    assert gazetteer.named("Atlantis") == []
    # Every written form of a place, for query expansion.
    forms = {form.text for form in gazetteer.lexicon.variants("Huế")}
    assert {"Хюе", "フエ", "顺化", "Hué"} <= forms
