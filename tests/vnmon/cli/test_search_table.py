"""`vnmon search` as a table an analyst can act on (URL, id, snippet, zone-labelled times, fitted
to the terminal) and `vnmon article ID` showing one article."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from elasticsearch import Elasticsearch
from rich.cells import cell_len

from tests.vnmon.exports.conftest import Corpus
from tests.vnmon.exports.corpus import article, index_articles, local
from vnmon.cli import main
from vnmon.kernel.settings import Settings

LEAD = "The Browns' defense is dealing with injuries before the derby."
FOOTBALL = article(
    40, local(2026, 3, 5, 20), outlet=3, relevance=4.0, title="ブラウンズ、日曜の試合に備える"
).model_copy(
    update={
        "lead": LEAD,
        "body": LEAD + "\nThe coach said little. After the season the team will fly to Hanoi for a friendly.",
        "language": "en",
    }
)


def vnmon(*args: str, columns: int = 100) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": str(columns)})
    return result.exit_code, result.output


@pytest.fixture
def football(corpus: Corpus, vnmon_env: Settings, es_client: Elasticsearch) -> Corpus:
    index_articles(es_client, [FOOTBALL], vnmon_env.data_dir)
    return corpus


def test_each_result_shows_its_url_id_and_the_matching_text(football: Corpus) -> None:
    code, out = vnmon("search", "friendly")

    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith("1 result (1 story, 1 article) in ")  # singular
    assert "times in Asia/Ho_Chi_Minh" in lines[0]
    assert "2026-03-05 20:00 +07" in lines[2] and "港川日報" in lines[2]
    assert "http://127.0.0.4/news/40  id art-00040" in lines[3]
    assert "friendly" in lines[4]  # the highlighted match


def test_without_a_text_match_the_snippet_is_the_passage_naming_vietnam(football: Corpus) -> None:
    code, out = vnmon(
        "search", "--source", "minatogawa-nippo", "--sort", "date", "--from", "2026-03-05T19:00"
    )

    assert code == 0, out
    [snippet] = [line for line in out.splitlines() if "fly to Hanoi" in line]
    assert "defense" not in snippet  # not the opening paragraph about something else


@pytest.mark.parametrize("columns", [60, 140])
def test_lines_fit_the_terminal(football: Corpus, columns: int) -> None:
    code, out = vnmon("search", "Vietnam", "--size", "5", columns=columns)

    assert code == 0, out
    body = [line for line in out.splitlines() if not line.startswith("next page: --cursor")]
    assert max(cell_len(line) for line in body[1:]) <= columns  # CJK titles count two cells a character
    assert "results (" in body[0]
    ids = [line for line in body if re.search(r"  id art-\d{5}$", line)]  # a long URL is cut, never the id
    assert len(ids) == 5


def test_article_shows_metadata_prominence_passage_and_text(football: Corpus) -> None:
    code, out = vnmon("article", "art-00040")

    assert code == 0, out
    assert "title          ブラウンズ、日曜の試合に備える" in out
    assert "published      2026-03-05 20:00 +07" in out
    assert "matched terms  Vietnam, Hanoi" in out
    assert "prominence     passing: a passing mention" in out
    assert "archived copy  http://127.0.0.1:8000/articles/art-00040" in out
    passage = out.split("passage naming Vietnam:\n", 1)[1].splitlines()[0]
    assert "fly to Hanoi" in passage and "defense" not in passage
    assert out.rstrip().endswith("the team will fly to Hanoi for a friendly.")


def test_article_as_json_and_an_unknown_id(football: Corpus) -> None:
    import json

    code, out = vnmon("article", "art-00003", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["prominence"]["level"] == "title" and data["copies"] == 4

    code, out = vnmon("article", "no-such-id")
    assert code == 1 and "no article with id 'no-such-id'" in out
