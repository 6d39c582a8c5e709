"""Topics: real headlines and leads in many languages reach their topic; everyday sentences and
ambiguous words reach none; a broken topics file fails with the file, topic and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnmon.kernel.topics import TopicsError, TopicSet, load_topics


@pytest.fixture(scope="module")
def topics() -> TopicSet:
    return load_topics()


def _topics(topics: TopicSet, title: str, lead: str | None = None) -> set[str]:
    return {t.topic for t in topics.find(title, lead, None)}


def test_the_repository_topics() -> None:
    labels = load_topics().labels()
    assert len(labels) == 12
    assert labels["defence_east_sea"] == "Defence & the East Sea"


HEADLINES = [
    ("Typhoon Yagi kills dozens as floods sweep northern Vietnam", "disasters"),  # en
    ("Le typhon Yagi fait des dizaines de morts au Vietnam", "disasters"),  # fr
    ("Taifun Yagi: Dutzende Tote in Vietnam", "disasters"),  # de
    ("Тайфун «Яги» унес жизни десятков человек во Вьетнаме", "disasters"),  # ru
    ("台风摩羯致越南数十人遇难", "disasters"),  # zh
    ("Samsung to invest $2 billion in a new factory in Vietnam", "economy"),  # en
    ("Les investissements étrangers au Vietnam atteignent un record", "economy"),  # fr
    ("Inwestycje zagraniczne w Wietnamie rosną", "economy"),  # pl
    ("ベトナムへの投資が過去最高に", "economy"),  # ja
    ("베트남 경제 성장률 7%", "economy"),  # ko
    ("China coast guard fires water cannon at a boat in the South China Sea", "defence_east_sea"),  # en
    ("Tensions en mer de Chine méridionale autour des Paracels", "defence_east_sea"),  # fr
    ("Напряженность в Южно-Китайском море", "defence_east_sea"),  # ru
    ("越南抗议中国在南海的行动", "defence_east_sea"),  # zh
    ("Spannungen im Südchinesischen Meer", "defence_east_sea"),  # de
    ("Vietnam and Japan upgrade ties to a comprehensive strategic partnership", "diplomacy"),  # en
    ("Visite d'État du président vietnamien en France", "diplomacy"),  # fr
    ("Вьетнам и Россия подписали соглашения о сотрудничестве во время визита", "diplomacy"),  # ru
    ("ベトナム首相と首脳会談", "diplomacy"),  # ja
    ("Wizyta premiera Wietnamu: rozmowy o współpracy", "diplomacy"),  # pl
    ("Blogger jailed for anti-state propaganda, Human Rights Watch says", "human_rights_press"),  # en
    ("Reporters sans frontières dénonce la répression au Vietnam", "human_rights_press"),  # fr
    ("Menschenrechtler kritisieren Haftstrafe für vietnamesischen Blogger", "human_rights_press"),  # de
    ("Правозащитники осудили приговор вьетнамскому блогеру за свободу слова", "human_rights_press"),  # ru
    ("越南博主因言获罪 人权组织批评新闻自由状况", "human_rights_press"),  # zh
    ("Vietnam beat Thailand to win the AFF Championship final", "sport"),  # en
    ("Le Vietnam remporte le championnat de football de l'ASEAN", "sport"),  # fr
    ("Вьетнам выиграл чемпионат по футболу", "sport"),  # ru
    ("베트남 축구 대표팀, 월드컵 예선 승리", "sport"),  # ko
    ("Wietnamscy piłkarze wygrali turniej", "sport"),  # pl
    ("Hoi An's lantern festival draws record tourists", "tourism_culture"),  # en
    ("Le tourisme au Vietnam retrouve ses visiteurs", "tourism_culture"),  # fr
    ("Vietnam-Urlaub: die schönsten Strände", "tourism_culture"),  # de
    ("ベトナム観光の人気が急上昇", "tourism_culture"),  # ja
    ("越南旅游业复苏 游客人数创新高", "tourism_culture"),  # zh
]


@pytest.mark.parametrize(("title", "topic"), HEADLINES)
def test_headlines_reach_their_topic(topics: TopicSet, title: str, topic: str) -> None:
    assert topic in _topics(topics, title)


EVERYDAY = [
    "Il a donné ai ragazzi un libro.",  # it "ai" (to the) is not AI; fr "donné" is not it "donne"
    "It is important to read the instructions.",  # "important" is not an import
    "He resorted to humour and sat in the back row.",  # "resort" the verb
    "How long will the meeting last? Let me check my calendar.",
    "Der Bericht handelt von der Geschichte des alten Hauses.",  # "handelt" is not Handel (trade)
    "Сегодня у меня семь уроков, выбор за тобой.",  # семь (seven), выбор (choice)
    "그 후에 구조를 바꾸었다.",  # ko 구조 (structure), not 구조대 (rescue team)
    "Она нашла угол для стола.",  # угол (corner), not уголь (coal)
    # Accent folding makes false friends across languages: Czech daň (tax) is not Indonesian or
    # Dutch "dan", French "dans" or Vietnamese dân/đang; Czech tým (team) is not Polish "tym".
    "Saya pergi ke pasar dan membeli buah dan sayur dan roti.",
    "Il dort dans la chambre, dans le salon et dans le garage.",
    "W tym roku o tym nie myślałem, tym bardziej teraz.",
    "Nhân dân đang chờ đợi, dần dần đông hơn.",
    # Vietnamese phố (street) and Phó (deputy) are not pho; về tình (about the situation) is not
    # vệ tinh (satellite); thuê (rent) is not thuế (tax).
    "Phó giám đốc đang đi dạo trên phố.",
    "Anh ấy hỏi về tình hình thuê nhà.",
    # Italian sportello (a counter), and a car named Sportback, are not sport.
    "Lo sportello della banca apre alle nove.",
    "She parked her Audi Sportback outside.",
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_sentences_reach_no_topic(topics: TopicSet, text: str) -> None:
    assert _topics(topics, text) == set()


def test_a_school_olympiad_is_not_sport(topics: TopicSet) -> None:
    title = "Học sinh Việt Nam giành 4 huy chương vàng tại kỳ thi Olympic Toán học quốc tế"
    assert "sport" not in _topics(topics, title)
    assert "sport" in _topics(topics, "Vietnam wins four gold medals at the Olympic Games")


def test_customs_is_not_the_navy(topics: TopicSet) -> None:
    # Hải quan (customs) folds to the letters of hải quân (navy); the rules name the navy in full.
    assert "defence_east_sea" not in _topics(topics, "Cơ quan Hải quan đã kiểm tra lô hàng")
    assert "defence_east_sea" in _topics(topics, "Tàu hải quân Việt Nam thăm cảng Vladivostok")


def test_a_passing_mention_in_the_body_is_not_enough(topics: TopicSet) -> None:
    body = "The minister also visited a school in the province. The weather was fine."
    assert topics.find("A day in Hanoi", None, body) == []


SMALL = """
threshold: 2.0
topics:
  rice:
    label: Rice
    rules:
      - weight: 1.0
        any:
          en: [rice, paddy]
          fr: [riz]
      - weight: 2.0
        near:
          - {en: [export*]}
          - {en: [rice]}
        within: 3
      - weight: 1.0
        all:
          - {en: [Mekong]}
          - {en: [harvest]}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_labels_per_ui_language_and_the_plain_string_form(tmp_path: Path) -> None:
    plain = load_topics(_write(tmp_path, SMALL)).topics["rice"]
    assert (plain.label, plain.label_in("vi"), plain.label_in("en")) == ("Rice", "Rice", "Rice")
    both = load_topics(_write(tmp_path, SMALL.replace("label: Rice", "label: {vi: ' Lúa gạo ', en: Rice}")))
    assert both.labels("vi") == {"rice": "Lúa gạo"}
    assert both.labels("en") == both.labels() == {"rice": "Rice"}
    # A reader of another language gets the English label.
    assert both.topics["rice"].label_in("ru") == "Rice"


def test_the_repository_topics_are_labelled_in_both_ui_languages() -> None:
    topics = load_topics().topics.values()
    assert all(t.label_in("vi") != t.label_in("en") for t in topics)
    assert load_topics().labels("vi")["tourism_culture"] == "Du lịch & văn hóa"


def test_any_near_and_all_rules_weigh_by_position(tmp_path: Path) -> None:
    topics = load_topics(_write(tmp_path, SMALL))
    # Title: "rice" (any 1.0 x 2) + "exports ... rice" within 3 words (near 2.0 x 2) = 6.
    assert topics.find("Vietnam's rice exports: rice prices up", None, None)[0].score == 2.0 * 2 + 4.0
    # Lead: Mekong + harvest in one part (all 1.0 x 1.5) + "rice" (1.0 x 1.5) = 3.
    assert topics.find(None, "The Mekong harvest of rice", None)[0].score == 3.0
    # Far apart, "exports" and "rice" do not count as near; the body alone stays under 2.
    assert topics.find(None, None, "Exports grew in many sectors this year, as did rice.") == []


def test_secondary_topics_far_below_the_best_are_dropped(tmp_path: Path) -> None:
    boats = "  boats:\n    label: Boats\n    rules:\n      - weight: 1.0\n        any: {en: [boat, boats]}\n"
    text = SMALL.replace("threshold: 2.0", "threshold: 2.0\nmin_share: 0.35") + boats
    topics = load_topics(_write(tmp_path, text))
    # Rice: 4 (any, in the title) + 4 (near); boats 2.0 reaches the threshold, not 35% of 8.
    title = "Rice exports: rice by boat"
    assert [t.topic for t in topics.find(title, None, None)] == ["rice"]
    assert {t.topic for t in load_topics(_write(tmp_path, SMALL + boats)).find(title, None, None)} == {
        "rice",
        "boats",
    }


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("threshold: 2.0", "threshold: -1", "threshold: must be a positive number"),
        ("threshold: 2.0", "threshold: 2.0\nmin_share: 1.5", "min_share: must be a number from 0 to below 1"),
        ("    label: Rice\n", "", "topic 'rice': 'label' is missing"),
        ("label: Rice", "label: ' '", "topic 'rice': 'label' must not be empty"),
        ("label: Rice", "label: [Rice]", "'label' must be a string or a mapping of UI language"),
        ("label: Rice", "label: {en: Rice}", "topic 'rice': label: missing the vi label"),
        ("label: Rice", "label: {en: Rice, vi: Lúa gạo, fr: Riz}", "label: unknown UI language(s) fr"),
        ("label: Rice", "label: {en: Rice, vi: ''}", "topic 'rice': label.vi: must be a non-empty string"),
        ("label: Rice", "label: {en: Rice, vi: 3}", "label.vi: must be a non-empty string, got 3"),
        ("- weight: 1.0\n        any:", "- weight: 0\n        any:", "rules[0]: 'weight' must be a non-zero"),
        ("        within: 3", "        within: 500", "rules[1]: 'within' must be a whole number of words"),
        ("          fr: [riz]", "          french: [riz]", "rules[0]: any key 'french' is not an ISO 639"),
        ("          fr: [riz]", "          fr: []", "rules[0]: any.fr must be a non-empty list"),
        ("          - {en: [rice]}\n", "", "rules[1]: 'near' must be two term groups"),
        ("        all:", "        every:", "rules[2]: needs exactly one of any, all, near"),
        ("  rice:", "  Rice:", "topic 'Rice': an id is lowercase"),
        ("en: [rice, paddy]", "en: [rice~]", "'rice~' ends in '~' but 'endings' has no 'en' list"),
    ],
)
def test_errors_name_the_file_topic_and_field(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in SMALL
    path = _write(tmp_path, SMALL.replace(old, new, 1))
    with pytest.raises(TopicsError) as error:
        load_topics(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)
