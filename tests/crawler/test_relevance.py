"""Relevance to Vietnam: lexicon loading, multilingual matching and the article verdict."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crawler.language import detect_language
from crawler.relevance import Lexicon, LexiconError, load_lexicon, score_relevance

SAMPLES = Path(os.environ.get("VNMON_SHARED", "/work/shared")) / "samples"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def labels(lexicon: Lexicon, text: str) -> list[str]:
    return [hit.entry.label for hit in lexicon.find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Экономика Вьетнама растёт, во Вьетнаме открыли завод.",  # ru genitive, locative
        "Delegacja odwiedziła Wietnam, a w Wietnamie rozmawiano o handlu.",  # pl
        "Делегація прибула до В’єтнаму.",  # uk, typographic apostrophe
        "Делегація прибула до Вʼєтнаму.",  # uk, modifier-letter apostrophe
        "в'єтнамських партнерів",  # uk adjective (stem)
        "La délégation s'est rendue au Viêt Nam.",
        "die vietnamesische Regierung",
        "Thủ tướng thăm Việt Nam",
        "THE VIETNAMESE GOVERNMENT",
        "越南经济增长强劲",
        "ベトナムの経済",
        "베트남의 수출",
        "เศรษฐกิจเวียดนามเติบโต",
        "الاقتصاد الفيتنامي",  # article and suffix glued to the name
        "Η οικονομία του ΒΙΕΤΝΑΜ",  # capitals without the accent
    ],
)
def test_country_name_matches_in_its_inflected_forms(lexicon: Lexicon, text: str) -> None:
    assert "Vietnam" in labels(lexicon, text)


def test_cities_map_to_their_canonical_label(lexicon: Lexicon) -> None:
    assert labels(lexicon, "Пробки в Ханое и Хошимине") == ["Hanoi", "Ho Chi Minh City"]
    assert labels(lexicon, "Затори в Ханої") == ["Hanoi"]
    assert labels(lexicon, "河内和胡志明市") == ["Hanoi", "Ho Chi Minh City"]
    assert labels(lexicon, "Đà Nẵng và Huế") == ["Da Nang", "Hue"]


def test_longest_term_wins(lexicon: Lexicon) -> None:
    assert labels(lexicon, "Ho Chi Minh City, named after Ho Chi Minh") == [
        "Ho Chi Minh City",
        "Ho Chi Minh",
    ]
    assert labels(lexicon, "a Vietnam War veteran") == ["Vietnam War"]
    assert labels(lexicon, "Der Vietnamkrieg endete 1975") == ["Vietnam War"]


def test_words_match_whole_not_inside_other_words(lexicon: Lexicon) -> None:
    assert labels(lexicon, "the hue of the evening sky") == []  # "Hue" only capitalised
    assert labels(lexicon, "Hue is a former imperial capital") == ["Hue"]
    assert labels(lexicon, "you can tho, honestly") == []  # "Can Tho" only capitalised
    assert labels(lexicon, "Sanhue River") == []
    assert labels(lexicon, "Hanoi's mayor") == ["Hanoi"]


def test_irrelevant_article_scores_zero(lexicon: Lexicon) -> None:
    result = score_relevance(
        "Parliament passes the budget",
        "The vote followed a long debate.",
        "Ministers said the new tax rules take effect in January.",
        lexicon,
    )
    assert result.score == 0.0
    assert result.matched_terms == []
    assert not result.relevant


def test_one_vietnam_war_mention_in_the_body_is_not_relevant(lexicon: Lexicon) -> None:
    result = score_relevance(
        "Festival opens with a war drama",
        "The director's new film premiered on Friday.",
        "The Vietnam War movie stars a young cast and was shot in Thailand.",
        lexicon,
        threshold=3.0,
    )
    assert not result.relevant
    assert result.matched_terms == ["Vietnam War"]


def test_single_body_mention_of_the_country_is_not_enough_but_two_are(lexicon: Lexicon) -> None:
    once = score_relevance("Markets", None, "Exports to Vietnam rose.", lexicon, threshold=3.0)
    twice = score_relevance(
        "Markets", None, "Exports to Vietnam rose. Vietnam's imports fell.", lexicon, threshold=3.0
    )
    assert not once.relevant
    assert twice.relevant


def test_title_counts_more_than_lead_and_lead_more_than_body(lexicon: Lexicon) -> None:
    in_title = score_relevance("Vietnam raises rates", None, None, lexicon, threshold=3.0)
    in_lead = score_relevance("Rates rise", "Vietnam raised rates.", None, lexicon, threshold=3.0)
    in_body = score_relevance("Rates rise", None, "Vietnam raised rates.", lexicon, threshold=3.0)
    assert in_title.score > in_lead.score > in_body.score > 0
    assert in_title.relevant and in_lead.relevant
    assert "Vietnam in title" in in_title.reason


def test_threshold_defaults_to_settings(lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch) -> None:
    from vnmon.kernel.settings import get_settings

    monkeypatch.setenv("VNMON_RELEVANCE_THRESHOLD", "100")
    get_settings.cache_clear()
    try:
        result = score_relevance("Vietnam and Hanoi", "Vietnam", "Vietnam", lexicon)
    finally:
        get_settings.cache_clear()
    assert result.score > 3.0
    assert not result.relevant


def test_asian_scripts_make_an_article_relevant(lexicon: Lexicon) -> None:
    for title in ("越南总理访问日本", "ベトナム首相が来日", "베트남 총리 방한", "นายกฯ เวียดนามเยือนไทย"):
        result = score_relevance(title, None, None, lexicon, threshold=3.0)
        assert result.relevant, title
        assert result.matched_terms == ["Vietnam"]


def test_real_ukrainian_article_is_ukrainian_and_relevant(lexicon: Lexicon) -> None:
    path = SAMPLES / "uk-hue-foreign-information.txt"
    assert path.is_file(), f"shared sample missing: {path}"
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    assert detect_language(title, None, body).code == "uk"
    result = score_relevance(title, None, body, lexicon, threshold=3.0)
    assert result.relevant
    assert {"Vietnam", "Hue"} <= set(result.matched_terms)


def test_own_ukrainian_sentences_are_relevant(lexicon: Lexicon) -> None:
    title = "Делегація провінції Тхуа Тхіен Хюе відвідала Київ"
    lead = "Сторони обговорили співпрацю між Україною та В’єтнамом у сфері освіти."
    result = score_relevance(title, lead, None, lexicon, threshold=3.0)
    assert result.relevant
    assert result.matched_terms[0] in {"Vietnam", "Hue"}


def test_expand_returns_every_form_of_the_entry(lexicon: Lexicon) -> None:
    forms = lexicon.expand("Вьетнаме")
    assert forms[0] == "Вьетнаме"
    assert {"Vietnam", "Việt Nam", "В'єтнам", "Wietnamie", "越南", "ベトナム"} <= set(forms)
    assert "Hanoi" not in forms
    assert "Ханої" in lexicon.expand("hanoi")
    assert lexicon.expand("Paris") == ["Paris"]


def entry(weight: str = "2", terms: str = "{en: [Hanoi]}") -> str:
    return f"entries:\n  hanoi:\n    label: Hanoi\n    kind: city\n    weight: {weight}\n    terms: {terms}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("entries: [", "not valid YAML"),
        ("words: {}", "'entries' mapping"),
        (entry(weight="-1"), "entry 'hanoi': 'weight'"),
        (entry(terms="{en: [Hanoi, 3]}"), "entry 'hanoi': terms.en[1]"),
        (entry(terms="{english: [Hanoi]}"), "not an ISO 639 code"),
        (entry(terms="{en: [a*b]}"), "'*' may only end a word"),
        (entry(terms="[Hanoi]"), "'terms' must map language codes"),
    ],
)
def test_bad_lexicon_names_file_and_entry(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_missing_lexicon_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"nowhere\.yaml"):
        load_lexicon(tmp_path / "nowhere.yaml")
