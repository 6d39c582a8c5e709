"""Prominence: is Vietnam the headline, the lead, or a passing mention — and which passage says so."""

from __future__ import annotations

from functools import lru_cache

from vnmon.kernel.lexicon import Lexicon, load_lexicon
from vnmon.kernel.prominence import PASSAGE_CHARS, prominence


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load_lexicon()


FOOTBALL = (
    "The Browns' defense is dealing with injuries before Sunday's game. "
    "The coach said the line would hold.\n"
    "Elsewhere in the league, scouts watched a friendly in Asia.\n"
    "A midfielder who grew up in Hanoi played for Vietnam last year. He was not selected this time. "
    "The club declined to comment."
)


def test_a_headline_naming_vietnam_is_title_prominence() -> None:
    found = prominence("Vietnam opens new port in Hai Phong", "", "Ships arrived on Monday.", lexicon())
    assert found.level == "title"
    assert found.rank == 3


def test_a_mention_in_the_opening_paragraph_is_lead() -> None:
    body = "Exports from Vietnam rose 12 percent in November, officials said.\nOther news followed."
    found = prominence("Asian exports climb", "", body, lexicon())
    assert found.level == "lead"
    assert "Exports from Vietnam rose" in found.passage


def test_a_late_mention_is_passing_and_the_passage_is_the_matching_sentences_not_the_opening() -> None:
    found = prominence("Browns prepare for Sunday", "", FOOTBALL, lexicon())
    assert found.level == "passing"
    assert "Browns' defense" not in found.passage
    assert found.passage.startswith("A midfielder who grew up in Hanoi played for Vietnam last year.")
    assert found.mentions == 2


def test_no_mention_gives_none_and_an_empty_passage() -> None:
    found = prominence("Markets", "Stocks fell.", "Nothing about the region.", lexicon())
    assert (found.level, found.passage, found.mentions, found.rank) == ("none", "", 0, 0)


def test_the_passage_stays_short_around_a_very_long_sentence() -> None:
    body = "Intro line.\n" + "word " * 400 + "in Vietnam " + "word " * 400
    found = prominence("", "", body, lexicon())
    assert "Vietnam" in found.passage
    assert len(found.passage) <= PASSAGE_CHARS + 4


def test_other_languages_and_scripts() -> None:
    ukrainian = "Делегація провінції Тхиатхьєн-Хюе відвідала Київ. У В'єтнамі це назвали кроком уперед."
    assert prominence("Новини", "", "Погода.\n" + ukrainian, lexicon()).level == "passing"
    assert prominence("ベトナムの首都ハノイで会議", "", "本文。", lexicon()).level == "title"
