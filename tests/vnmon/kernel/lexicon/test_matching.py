"""What the lexicon must not match, where its hits point, and what a bad `endings` table says."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from vnmon.kernel.lexicon import Lexicon, LexiconError, load_lexicon


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


# Ordinary words and names that share letters with lexicon terms: none may count as Vietnam.
ORDINARY = [
    "The hue of the evening sky turned orange.",  # en: "Hue" only capitalised
    "Huelva venció al Sevilla en el derbi andaluz.",  # es: a city starting like Hue
    "Nixon's policy of Vietnamization failed in the end.",  # a policy term, not an inflection
    "The Vietnamization of the Afghan war was debated.",
    "Laos and Cambodia signed a border treaty.",  # "Lao Cai" is two words
    "Ha, long live the king!",  # "Ha Long" needs the two words together
    "you can tho, honestly",  # "Can Tho" only capitalised
    "Hannover 96 verlor gegen Köln.",  # de: Hanoi is not a prefix of Hannover
    "Die Hanomag-Werke in Hannover schlossen.",
    "Η άνοιξη ήρθε νωρίς και τα καταστήματα ανοίγουν.",  # el: άνοιξη, ανοίγουν vs Ανόι
    "Τα σύνορα είναι ανοιχτά.",
    "فيتامين د مفيد للعظام.",  # ar: vitamin D
    "פינת נוי בגינה הציבורית.",  # he: נוי (ornament)
    "ハノーファーで見本市が開かれた。",  # ja: Hannover, not ハノイ
    "Rząd przyjął budżet na przyszły rok.",  # pl
    "Hallituksen esitys hyväksyttiin eduskunnassa.",  # fi
    "A kormány elfogadta a költségvetést.",  # hu
    "Vyriausybė patvirtino biudžetą.",  # lt
    "Valdība apstiprināja budžetu.",  # lv
    "Правительство утвердило бюджет на следующий год.",  # ru
    "Hükümet bütçeyi onayladı.",  # tr
    "Ríkisstjórnin samþykkti fjárlögin.",  # is
    "정부가 예산안을 통과시켰다.",  # ko
    "政府通过了明年的预算。",  # zh
    "The vine at Vinh's house",  # names absent from the lexicon stay absent
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_words_do_not_match(lexicon: Lexicon, text: str) -> None:
    assert [(text[h.start : h.end], h.entry.label) for h in lexicon.find(text)] == []


def test_capitalised_only_names_stay_capitalised_only(lexicon: Lexicon) -> None:
    assert [h.entry.label for h in lexicon.find("Hue is a former imperial capital")] == ["Hue"]
    assert lexicon.find("the hues of Huelva") == []


def test_offsets_point_at_the_form_after_characters_that_fold_to_several_or_none(lexicon: Lexicon) -> None:
    text = "Straße \u00adund Maßnahmen\n\n\n  in   Vietnamissa, اقتصاد فِيتْنَام, Vietnamban."
    found = [text[h.start : h.end] for h in lexicon.find(text)]
    assert found == ["Vietnamissa", "فِيتْنَام", "Vietnamban"]


def test_offsets_are_into_the_nfc_text(lexicon: Lexicon) -> None:
    decomposed = unicodedata.normalize("NFD", "Hội nghị ở Hà Nội và Việt Nam")
    composed = unicodedata.normalize("NFC", decomposed)
    assert [composed[h.start : h.end] for h in lexicon.find(decomposed)] == ["Hà Nội", "Việt Nam"]


def test_bounded_stem_reports_a_language_whose_endings_fit(lexicon: Lexicon) -> None:
    hits = lexicon.find("Vietnamissa Hanojuje Vietnamban")
    assert [h.term.language for h in hits] == ["fi", "lt", "hu"]


def test_expansion_keeps_the_bare_stem_of_bounded_forms(lexicon: Lexicon) -> None:
    forms = lexicon.expand("Hanojuje")
    assert forms[0] == "Hanojuje"
    assert {"Hanoi", "Hanoj", "Hà Nội", "Ханой", "河内"} <= set(forms)
    assert not any("~" in form for form in forms)


def lexicon_file(tmp_path: Path, endings: str, terms: str) -> Path:
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        f"endings: {endings}\nentries:\n  hanoi:\n    label: Hanoi\n    kind: city\n    weight: 2\n"
        f"    terms: {terms}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("endings", "terms", "message"),
    [
        ("{lt: [us]}", "{lv: [Hanoj~]}", "'endings' has no 'lv' list"),
        ("{lt: [us]}", "{lt: [Han~]}", "needs 4 letters or more"),
        ("{lt: [u s]}", "{lt: [Hanoj~]}", "is not an ending"),
        ("{lt: [verylongending]}", "{lt: [Hanoj~]}", "is not an ending"),
        ("{lt: []}", "{lt: [Hanoj~]}", "endings.lt: must be a non-empty list"),
        ("[us]", "{lt: [Hanoj~]}", "'endings' must map language codes"),
        ("{lt: [us]}", "{lt: [Ha~noj]}", "'~' may only end a word"),
    ],
)
def test_bad_endings_are_named(tmp_path: Path, endings: str, terms: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        load_lexicon(lexicon_file(tmp_path, endings, terms))


def test_a_file_of_its_own_takes_only_its_declared_endings(tmp_path: Path) -> None:
    lexicon = load_lexicon(lexicon_file(tmp_path, "{lt: [us, uje]}", "{lt: [Hanoj~]}"))
    assert [h.entry.label for h in lexicon.find("Hanojus, Hanojuje, Hanoj")] == ["Hanoi"] * 3
    assert lexicon.find("Hanoja Hanojumi") == []
