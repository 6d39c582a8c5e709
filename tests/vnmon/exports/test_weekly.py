"""Weekly exports against the real node: exact week boundaries, equal counts, typed XLSX, re-runs."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias
from tests.vnmon.exports.conftest import Corpus
from vnmon.exports import ExportError, list_exports, run_weekly_export
from vnmon.exports.labels import Labels
from vnmon.kernel.settings import Settings

TABULAR = ("csv", "jsonl", "xlsx")


def _csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def _jsonl_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _ids_in_files(files: dict[str, Path]) -> dict[str, list[str]]:
    labels = Labels("both")
    xlsx = openpyxl.load_workbook(files["xlsx"]).worksheets[0]
    header = [c.value for c in xlsx[1]]
    id_col = header.index(labels("article_id"))
    return {
        "csv": [r[labels("article_id")] for r in _csv_rows(files["csv"])],
        "jsonl": [r["article_id"] for r in _jsonl_rows(files["jsonl"])],
        "xlsx": [row[id_col] for row in xlsx.iter_rows(min_row=2, values_only=True)],
    }


def test_the_week_is_exact_in_local_time(corpus: Corpus, vnmon_env: Settings) -> None:
    result = run_weekly_export(vnmon_env, corpus.week.label, formats=TABULAR, email_to=())
    for fmt, ids in _ids_in_files(result.files).items():
        # Monday 00:00 and Sunday 23:59 are in; the next Monday 00:00 and the Sunday before are out.
        assert sorted(ids) == sorted(corpus.inside), fmt
    assert result.count == result.index_count == len(corpus.inside)
    assert result.previous_count == corpus.previous


def _index_count(client: Elasticsearch, corpus: Corpus, extra: list[dict[str, Any]]) -> int:
    week = {"range": {"published_at": {"gte": "2026-03-01T17:00:00Z", "lt": "2026-03-08T17:00:00Z"}}}
    query = {"bool": {"filter": [week, *extra]}}
    return int(client.count(index=articles_alias(), query=query)["count"])


@pytest.mark.parametrize(
    ("options", "extra"),
    [
        ({}, []),
        ({"languages": ["fr"]}, [{"term": {"language": "fr"}}]),
        ({"languages": ["fr,ja"]}, [{"terms": {"language": ["fr", "ja"]}}]),
        ({"sources": ["pacific-wire"]}, [{"term": {"source": "pacific-wire"}}]),
        ({"query": "Australia"}, [{"match": {"title": "Australia"}}]),
        ({"query": "accord -football", "languages": ["fr"]}, [{"term": {"language": "fr"}}]),
        ({"query": '"signent l\'accord"'}, [{"match_phrase": {"title": "signent l'accord"}}]),
    ],
)
def test_every_file_holds_the_index_count_for_the_week_and_filter(
    corpus: Corpus,
    vnmon_env: Settings,
    es_client: Elasticsearch,
    options: dict[str, Any],
    extra: list[dict[str, Any]],
) -> None:
    expected = _index_count(es_client, corpus, extra)
    assert expected > 0
    result = run_weekly_export(vnmon_env, corpus.week.label, formats=TABULAR, email_to=(), **options)
    counts = {fmt: len(ids) for fmt, ids in _ids_in_files(result.files).items()}
    assert counts == dict.fromkeys(counts, expected)
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["articles"] == manifest["index_count"] == expected


def test_rows_carry_syndication_copies_and_local_dates(corpus: Corpus, vnmon_env: Settings) -> None:
    result = run_weekly_export(vnmon_env, corpus.week.label, formats=("jsonl",), email_to=())
    rows = {r["article_id"]: r for r in _jsonl_rows(result.files["jsonl"])}
    # Three copies this week; the copy of the week before does not count.
    assert [rows[i]["copies"] for i in ("art-00003", "art-00004", "art-00005")] == [3, 3, 3]
    assert rows["art-00001"]["copies"] == 1
    assert rows["art-00002"]["published_at"] == "2026-03-08T23:59:00+07:00"
    assert rows["art-00004"]["language"] == "fr" and rows["art-00004"]["country"] == "FR"
    assert "body" not in rows["art-00004"]
    top = result.stats.top_syndicated[0]
    assert top.copies == 3 and top.lead.article_id == "art-00003"
    assert result.new_outlets == ["minatogawa-nippo"]


def test_full_text_only_on_request(corpus: Corpus, vnmon_env: Settings) -> None:
    result = run_weekly_export(
        vnmon_env, corpus.week.label, formats=("jsonl", "csv"), full_text=True, email_to=()
    )
    rows = _jsonl_rows(result.files["jsonl"])
    assert all(r["body"].startswith("Hanoi Vietnam body text") for r in rows)
    assert Labels("both")("full_text") in _csv_rows(result.files["csv"])[0]


def test_xlsx_has_every_view_with_real_types(corpus: Corpus, vnmon_env: Settings) -> None:
    result = run_weekly_export(vnmon_env, corpus.week.label, formats=("xlsx",), ui_lang="en", email_to=())
    book = openpyxl.load_workbook(result.files["xlsx"])
    assert book.sheetnames == ["All articles", "By language", "By outlet", "By province", "Topics"]
    articles, languages, outlets = book.worksheets[:3]
    header = [c.value for c in articles[1]]
    assert header[0] == "Published (Asia/Ho_Chi_Minh)" and "URL" in header and "Copies" in header
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    rows = list(articles.iter_rows(min_row=2))
    assert len(rows) == len(corpus.inside)
    col = {name: header.index(name) for name in header}
    first = rows[0]
    assert isinstance(first[col["Published (Asia/Ho_Chi_Minh)"]].value, datetime)
    assert first[col["Published (Asia/Ho_Chi_Minh)"]].value == datetime(2026, 3, 2, 0, 0)
    relevance = first[col["Relevance"]]
    assert relevance.data_type == "n" and relevance.value == 5.0 and relevance.number_format == "0.00"
    assert isinstance(first[col["Copies"]].value, int)
    url_cell = first[col["URL"]]
    assert url_cell.hyperlink is not None and url_cell.hyperlink.target == url_cell.value
    # A headline that looks like a formula stays text.
    titles = [r[col["Title"]] for r in rows]
    formula_like = next(c for c in titles if str(c.value).startswith("=HYPERLINK"))
    assert formula_like.data_type == "s"
    assert articles.column_dimensions["E"].width >= 40  # the title column is wide
    by_language = {r[0]: r[2] for r in languages.iter_rows(min_row=2, values_only=True)}
    assert by_language == {"en": 3, "fr": 2, "ru": 1, "ja": 1}
    by_outlet = {r[1]: r[4] for r in outlets.iter_rows(min_row=2, values_only=True)}
    assert sum(by_outlet.values()) == len(corpus.inside)


def test_a_rerun_replaces_the_week_whole(corpus: Corpus, vnmon_env: Settings) -> None:
    first = run_weekly_export(vnmon_env, corpus.week.label, formats=("csv", "jsonl"), email_to=())
    assert len(_jsonl_rows(first.files["jsonl"])) == len(corpus.inside)
    second = run_weekly_export(vnmon_env, corpus.week.label, formats=("jsonl",), email_to=())
    assert second.folder == first.folder
    assert sorted(p.name for p in second.folder.iterdir()) == ["manifest.json", "vnmon-2026-W10.jsonl"]
    # Nothing but the week's folder (and its lock) is left beside it: no staging copies.
    leftovers = [p.name for p in second.folder.parent.iterdir() if p.name != second.folder.name]
    assert leftovers == [".2026-W10.lock"]
    assert [w.week for w in list_exports(second.folder.parent)] == ["2026-W10"]


def test_a_filtered_report_sits_beside_the_full_one(corpus: Corpus, vnmon_env: Settings) -> None:
    full = run_weekly_export(vnmon_env, corpus.week.label, formats=("jsonl",), email_to=())
    japanese = run_weekly_export(
        vnmon_env, corpus.week.label, formats=("jsonl",), languages=["ja"], email_to=()
    )
    again = run_weekly_export(vnmon_env, corpus.week.label, formats=("jsonl",), languages=["ja"], email_to=())
    french = run_weekly_export(
        vnmon_env, corpus.week.label, formats=("jsonl",), languages=["fr"], email_to=()
    )

    assert japanese.folder.name.startswith("2026-W10-filtered-") and again.folder == japanese.folder
    assert french.folder not in (full.folder, japanese.folder)
    assert len(_jsonl_rows(full.files["jsonl"])) == len(corpus.inside)  # untouched by the filtered ones
    assert [r["language"] for r in _jsonl_rows(japanese.files["jsonl"])] == ["ja"]
    assert japanese.files["jsonl"].name == f"vnmon-{japanese.folder.name}.jsonl"
    listed = list_exports(full.folder.parent)
    assert listed[0].week == "2026-W10" and not listed[0].filtered  # the full report first
    assert {w.week for w in listed[1:]} == {japanese.folder.name, french.folder.name}
    by_folder = {w.week: w.manifest["filters"]["languages"] for w in listed}
    assert by_folder[japanese.folder.name] == ["ja"] and by_folder["2026-W10"] == []


def test_a_failed_export_leaves_the_previous_one(
    corpus: Corpus, vnmon_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_weekly_export(vnmon_env, corpus.week.label, formats=("csv",), email_to=())
    before = first.files["csv"].read_bytes()

    def printer_dies(html: Path, pdf: Path) -> None:
        pdf.write_bytes(b"%PDF-1.4 half")
        raise ExportError(f"Chromium could not print {html}")

    # The CSV, XLSX and HTML of the new run are written before the PDF step fails.
    monkeypatch.setattr("vnmon.exports.weekly.html_to_pdf", printer_dies)
    with pytest.raises(ExportError, match="Chromium"):
        run_weekly_export(vnmon_env, corpus.week.label, languages=["fr"], email_to=())
    assert first.files["csv"].read_bytes() == before
    assert sorted(p.name for p in first.folder.iterdir()) == ["manifest.json", "vnmon-2026-W10.csv"]
    assert [p.name for p in first.folder.parent.iterdir() if "staging" in p.name] == []


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ((2026, 3, 9, 7, 0), "2026-W10"),  # the Monday job
        ((2026, 3, 9, 0, 0), "2026-W10"),  # W10 has just ended
        ((2026, 3, 8, 23, 59), "2026-W09"),  # W10 is not over yet
        ((2026, 1, 1, 12, 0), "2025-W52"),  # 1 January 2026 is in ISO week 2026-W01
    ],
)
def test_default_week_is_the_last_complete_one(
    corpus: Corpus, vnmon_env: Settings, now: tuple[int, ...], expected: str
) -> None:
    from tests.vnmon.exports.corpus import local

    result = run_weekly_export(vnmon_env, formats=("jsonl",), now=local(*now), email_to=())
    assert result.week.label == expected
    assert result.folder.name == expected


def test_a_bad_week_is_named(vnmon_env: Settings) -> None:
    with pytest.raises(ExportError, match="2026-W54"):
        run_weekly_export(vnmon_env, "2026-W54", email_to=())
    with pytest.raises(ExportError, match="not an ISO week"):
        run_weekly_export(vnmon_env, "2026-13", email_to=())


def test_a_week_beyond_ten_thousand_articles_is_exported_whole(
    vnmon_env: Settings, es_client: Elasticsearch
) -> None:
    from tests.vnmon.exports.corpus import article, index_articles, local

    # 10,050 articles spread over the week: more than one search can return (index.max_result_window).
    articles = [
        article(n, local(2026, 3, 2 + n % 7, n % 24, n % 60), outlet=n % 4, relevance=float(n % 10))
        for n in range(10_050)
    ]
    index_articles(es_client, articles, vnmon_env.data_dir)
    result = run_weekly_export(vnmon_env, "2026-W10", formats=("csv", "jsonl"), email_to=())
    ids = [row["article_id"] for row in _jsonl_rows(result.files["jsonl"])]
    assert len(ids) == len(set(ids)) == result.index_count == 10_050
    assert len(_csv_rows(result.files["csv"])) == 10_050
    assert sum(n for _, n in result.stats.daily) == 10_050
