"""Exporting any search: every matching article (not one page), the weekly columns, the passage
naming Vietnam as the snippet; from the CLI (`vnmon search --format`) and the web (`/export/search`)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from elasticsearch import Elasticsearch
from openpyxl import load_workbook

from tests.vnmon.exports.browser import logged_in
from tests.vnmon.exports.conftest import Corpus
from tests.vnmon.exports.corpus import article, index_articles, local
from vnmon.auth.roles import Role
from vnmon.cli import main
from vnmon.exports import fetch
from vnmon.kernel.settings import Settings

FOOTBALL = article(40, local(2026, 3, 5, 20), outlet=0, relevance=4.0, title="Browns prepare for Sunday")
FOOTBALL = FOOTBALL.model_copy(
    update={
        "lead": "The Browns' defense is dealing with injuries before the derby.",
        "body": "The Browns' defense is dealing with injuries before the derby.\n"
        "The coach said little. After the season the team will fly to Hanoi for a friendly match. "
        "Tickets go on sale in May.",
    }
)


def vnmon(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def football(corpus: Corpus, vnmon_env: Settings, es_client: Elasticsearch) -> Corpus:
    index_articles(es_client, [FOOTBALL], vnmon_env.data_dir)
    return corpus


def test_the_cli_exports_every_matching_article_past_one_page(
    football: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "PAGE_SIZE", 3)  # 14 articles: five pages of the point in time
    out = tmp_path / "all.csv"

    code, _, err = vnmon("search", "--format", "csv", "--out", str(out), "--size", "5")

    assert code == 0, err
    assert "14 articles exported to" in err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 14 and len({r["Mã bài / Article id"] for r in rows}) == 14
    header = text.splitlines()[0]
    assert "Ngày đăng / Published (Asia/Ho_Chi_Minh)" in header and "Archived copy in vnmon" in header
    # The search's own order: every score is equal without a query, so newest first.
    published = [r["Ngày đăng / Published (Asia/Ho_Chi_Minh)"] for r in rows]
    assert published == sorted(published, reverse=True)
    [ball] = [r for r in rows if r["Mã bài / Article id"] == "art-00040"]
    passage = ball["Đoạn nhắc đến Việt Nam / Passage on Vietnam"]
    assert "the team will fly to Hanoi for a friendly match" in passage and "defense" not in passage
    assert ball["Mức nổi bật / Prominence"] == "passing"
    assert ball["Bản lưu trong vnmon / Archived copy in vnmon"] == "http://127.0.0.1:8000/articles/art-00040"
    formula = next(r for r in rows if r["Mã bài / Article id"] == "art-00007")
    assert formula["Tiêu đề / Title"].startswith("'=")  # defused


def test_the_cli_exports_a_filtered_search_as_jsonl_and_xlsx(football: Corpus, tmp_path: Path) -> None:
    code, out, err = vnmon("search", "--lang", "ru", "--sort", "date", "--format", "jsonl")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["language"] for r in lines] == ["ru"] * len(lines) and len(lines) == 3
    dates = [r["published_at"] for r in lines]
    assert dates == sorted(dates, reverse=True) and dates[0].endswith("+07:00")
    assert {r["cluster_id"]: r["copies"] for r in lines}["wire-1"] == 2  # two Russian copies match

    target = tmp_path / "ru.xlsx"
    code, _, err = vnmon("search", "Вьетнам", "--lang", "ru", "--format", "xlsx", "--out", str(target))
    assert code == 0, err
    sheet = load_workbook(target).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 1 + 3
    url_col = [c.value for c in sheet[1]].index("Đường dẫn / URL") + 1
    assert sheet.cell(row=2, column=url_col).hyperlink is not None


def test_the_cli_refuses_a_cursor_and_out_without_an_export(football: Corpus) -> None:
    code, _, err = vnmon("search", "--format", "csv", "--cursor", "abc")
    assert code == 2 and "an export always holds every matching article" in err
    code, _, err = vnmon("search", "--out", "x.csv")
    assert code == 2 and "--out is for --format csv, xlsx or jsonl" in err


def test_the_web_streams_the_search_as_a_download(football: Corpus, vnmon_env: Settings) -> None:
    client = logged_in(vnmon_env, Role.ANALYST)

    answer = client.get(
        "/export/search", params=[("q", "Vietnam"), ("lang", "fr"), ("lang", "ja"), ("format", "csv")]
    )

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"].startswith('attachment; filename="vnmon-search-')
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert sorted({r["Ngôn ngữ / Language"] for r in rows}) == ["fr", "ja"] and len(rows) == 3 + 1

    xlsx = client.get("/export/search?lang=en&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert 'filename="vnmon-search-' in xlsx.headers["content-disposition"]
    assert xlsx.headers["content-disposition"].endswith('.xlsx"')

    jsonl = client.get("/export/search?source=pacific-wire&format=jsonl&sort=date")
    assert {json.loads(line)["source"] for line in jsonl.text.splitlines()} == {"pacific-wire"}


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("format=pdf", 422, "format"),
        ("q=%22unclosed&format=csv", 400, ""),
        ("from=yesterday&format=csv", 422, "must be a date YYYY-MM-DD"),
        ("min_relevance=-1&format=csv", 422, "min_relevance"),
    ],
)
def test_the_web_export_rejects_bad_parameters(
    football: Corpus, vnmon_env: Settings, query: str, status: int, says: str
) -> None:
    client = logged_in(vnmon_env, Role.ANALYST)
    answer = client.get(f"/export/search?{query}")
    assert answer.status_code == status, answer.text
    assert says in answer.text


def test_an_operator_may_not_export_searches(football: Corpus, vnmon_env: Settings) -> None:
    client = logged_in(vnmon_env, Role.OPERATOR)
    assert client.get("/export/search?format=csv").status_code == 403
