"""The weekly report by province and by topic, and the tag columns of every export, against the
real node: a week of tagged articles and the week before, as a reporter reads them."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from elasticsearch import Elasticsearch
from pypdf import PdfReader

from indexer.search.params import SearchParams
from tests.smtp_fixture import Mailbox
from tests.vnmon.exports.browser import SCREENSHOTS
from tests.vnmon.exports.corpus import article, index_articles, local
from tests.vnmon.web.test_browser import CHROMIUM, CHROMIUM_ARGS
from vnmon.exports import Week, parse_week, run_weekly_export
from vnmon.exports.labels import Labels
from vnmon.exports.search import export_search
from vnmon.kernel.article import Article
from vnmon.kernel.settings import Settings, get_settings

HUE_LOCATION = "Hue, Thua Thien-Hue, Vietnam"


def _tagged(n: int, day: int, outlet: int, places: list[str], topics: list[str], **extra: Any) -> Article:
    month, day = (3, day) if day > 0 else (2, 28 + day)  # day <= 0: the previous week, in February
    base = article(n, local(2026, month, day, 10), outlet=outlet)
    return base.model_copy(update={"places": places, "topics": topics, **extra})


# 2026-W10 (2–8 March): six articles; Huế three times (once as the former Thừa Thiên Huế).
THIS_WEEK = [
    _tagged(101, 2, 0, ["hue"], ["tourism_culture"], found_via=["feed"]),
    _tagged(
        102,
        3,
        2,
        ["thua_thien_hue", "hue"],
        ["tourism_culture", "diplomacy"],
        found_via=["feed", "gdelt-gkg"],
        gdelt_tone=-2.5,
        gdelt_locations=[HUE_LOCATION],
    ),
    _tagged(103, 4, 1, ["hanoi"], ["diplomacy"]),
    _tagged(104, 5, 3, ["son_doong", "quang_binh", "quang_tri"], ["tourism_culture"]),
    _tagged(105, 6, 0, [], []),
    _tagged(106, 7, 0, ["hanoi", "hue"], ["economy"], found_via=["gdelt-doc"], gdelt_tone=1.25),
]
# 2026-W09 (23 February – 1 March): four articles.
PREVIOUS_WEEK = [
    _tagged(201, -4, 0, ["hue"], ["tourism_culture"]),
    _tagged(202, -3, 1, ["hanoi"], ["diplomacy"]),
    _tagged(203, -2, 1, ["hanoi"], ["diplomacy"]),
    _tagged(204, -1, 0, ["da_nang"], ["economy"]),
]


@dataclass(frozen=True)
class Tagged:
    week: Week


@pytest.fixture
def tagged(vnmon_env: Settings, es_client: Elasticsearch) -> Tagged:
    index_articles(es_client, [*THIS_WEEK, *PREVIOUS_WEEK], vnmon_env.data_dir)
    return Tagged(parse_week("2026-W10", vnmon_env.timezone))


def _section(page: str, start: str, end: str) -> str:
    return page[page.index(f'<section id="{start}"') : page.index(f'<section id="{end}"')]


def _rows(section: str, kind: str) -> dict[str, list[str]]:
    """Label → the cells after it (articles, share, previous, previous share, change), as shown."""
    found: dict[str, list[str]] = {}
    for row in re.findall(rf'<tr class="{kind}" data-id="[^"]+">(.*?)</tr>', section, re.S):
        cells = [
            " ".join(re.sub(r"<[^>]+>", "", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        found[cells[0]] = cells[1:]
    return found


def test_the_report_shows_coverage_by_province_with_the_change(tagged: Tagged, vnmon_env: Settings) -> None:
    result = run_weekly_export(vnmon_env, tagged.week, formats=("html",), ui_lang="en", email_to=())
    page = html.unescape(result.files["html"].read_text(encoding="utf-8"))
    section = _section(page, "by-province", "topics")
    assert "By province" in section and "former provinces and places count for the unit" in section
    assert "5 of 6 articles name at least one province or city." in section
    rows = _rows(section, "province")
    assert len(rows) == 34  # every current unit, even without an article
    assert rows["Huế"] == ["3", "50.0%", "1", "25.0%", "+2 (+200%)"]  # Thừa Thiên Huế counts for Huế
    assert rows["Hà Nội"] == ["2", "33.3%", "2", "50.0%", "+0"]
    assert rows["Quảng Trị"] == ["1", "16.7%", "0", "0.0%", "+1"]  # Sơn Đoòng, in former Quảng Bình
    assert rows["Đà Nẵng"] == ["0", "0.0%", "1", "25.0%", "-1 (-100%)"]
    assert rows["Cà Mau"] == ["0", "0.0%", "0", "0.0%", "+0"]
    assert list(rows)[:3] == ["Huế", "Hà Nội", "Quảng Trị"]  # most articles first
    chart = section[section.index('class="chart bars provinces"') : section.index("</svg>")]
    # Bars for the units with articles this week or the week before, none for the others.
    assert re.findall(r'class="label">([^<]+)<', chart) == ["Huế", "Hà Nội", "Quảng Trị", "Đà Nẵng"]
    _look_at_the_chart(result.files["html"])


def _look_at_the_chart(page: Path) -> None:
    """In Chromium: the province bars are drawn to scale (Huế's three articles the longest), and a
    screenshot of the section lands in artifacts/."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1100, "height": 900})
            tab.goto(page.as_uri())
            bars = tab.locator("svg.provinces rect[height='11']")
            widths = [bars.nth(i).bounding_box()["width"] for i in range(bars.count())]  # type: ignore[index]
            assert len(widths) == 4 and widths[0] > widths[1] > widths[2] > widths[3] == 0
            assert abs(widths[0] / widths[2] - 3) < 0.01  # Huế 3, Quảng Trị 1
            tab.locator("#by-province").screenshot(path=str(SCREENSHOTS / "weekly-report-provinces.png"))
        finally:
            browser.close()


def test_the_report_shows_the_share_of_each_topic(tagged: Tagged, vnmon_env: Settings) -> None:
    result = run_weekly_export(vnmon_env, tagged.week, formats=("html",), ui_lang="en", email_to=())
    page = html.unescape(result.files["html"].read_text(encoding="utf-8"))
    section = _section(page, "topics", "breakdowns")
    assert "5 of 6 articles have at least one topic." in section
    rows = _rows(section, "topic")
    assert len(rows) == 12
    assert rows["Tourism & culture"] == ["3", "50.0%", "1", "25.0%", "+2 (+200%)"]
    assert rows["Diplomacy"] == ["2", "33.3%", "2", "50.0%", "+0"]
    assert rows["Economy & investment"] == ["1", "16.7%", "1", "25.0%", "+0"]
    assert rows["Sport"] == ["0", "0.0%", "0", "0.0%", "+0"]
    assert 'class="chart bars topics"' in section
    # Each listed article says its places and topics under its passage.
    listed = page[page.index('<section id="articles"') :]
    assert '<div class="small tags">Huế (Thừa Thiên Huế) · Tourism & culture · Diplomacy</div>' in listed
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["by_topic"] == {"tourism_culture": 3, "diplomacy": 2, "economy": 1}
    assert manifest["by_province"] == {"hue": 3, "hanoi": 2, "quang_tri": 1}


def test_a_filtered_report_counts_only_its_articles(tagged: Tagged, vnmon_env: Settings) -> None:
    filters = SearchParams(places=("Huế",))  # a saved search's place filter, by name
    result = run_weekly_export(
        vnmon_env, tagged.week, formats=("html",), ui_lang="en", email_to=(), filters=filters
    )
    assert result.folder.name.startswith("2026-W10-filtered-")  # never the full report's folder
    page = html.unescape(result.files["html"].read_text(encoding="utf-8"))
    assert "Places: Huế" in page
    provinces = _rows(_section(page, "by-province", "topics"), "province")
    assert provinces["Huế"] == ["3", "100.0%", "1", "100.0%", "+2 (+200%)"]
    assert provinces["Hà Nội"] == ["1", "33.3%", "0", "0.0%", "+1"]  # article 106 names both
    topics = _rows(_section(page, "topics", "breakdowns"), "topic")
    assert topics["Tourism & culture"] == ["2", "66.7%", "1", "100.0%", "+1 (+100%)"]
    assert topics["Diplomacy"] == ["1", "33.3%", "0", "0.0%", "+1"]


def test_the_xlsx_has_a_sheet_per_view(tagged: Tagged, vnmon_env: Settings) -> None:
    result = run_weekly_export(vnmon_env, tagged.week, formats=("xlsx",), ui_lang="en", email_to=())
    book = openpyxl.load_workbook(result.files["xlsx"])
    assert book.sheetnames == ["All articles", "By language", "By outlet", "By province", "Topics"]
    provinces = [list(r) for r in book["By province"].iter_rows(values_only=True)]
    assert provinces[0] == [
        "Code",
        "Province or city",
        "Articles",
        "Share",
        "Previous week",
        "Previous share",
        "Change",
    ]
    assert provinces[1] == ["hue", "Huế", 3, 0.5, 1, 0.25, 2]
    assert len(provinces) == 1 + 34
    assert book["By province"]["D2"].number_format == "0.0%"
    topics = {r[0]: list(r) for r in book["Topics"].iter_rows(min_row=2, values_only=True)}
    assert topics["tourism_culture"] == ["tourism_culture", "Tourism & culture", 3, 0.5, 1, 0.25, 2]
    articles = list(book["All articles"].iter_rows(values_only=True))
    header = list(articles[0])
    row = dict(
        zip(header, next(r for r in articles if r[header.index("Article id")] == "art-00102"), strict=True)
    )
    assert row["Places"] == "Huế (Thừa Thiên Huế)"
    assert row["Tone (GDELT)"] == -2.5


def test_the_pdf_holds_both_sections(tagged: Tagged, vnmon_env: Settings) -> None:
    result = run_weekly_export(vnmon_env, tagged.week, formats=("pdf",), ui_lang="en", email_to=())
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(result.files["pdf"]).pages).split())
    assert "By province" in text and "5 of 6 articles name at least one province or city." in text
    assert "Huế 3 50.0% 1 25.0% +2 (+200%)" in text
    assert "Đà Nẵng 0 0.0% 1 25.0% -1 (-100%)" in text
    assert "Topics" in text and "Tourism & culture 3 50.0% 1 25.0% +2 (+200%)" in text


def _csv(data: str, labels: Labels) -> dict[str, dict[str, str]]:
    """Article id → its row, keyed by the English labels."""
    english = Labels("en")
    keys = {
        labels(k): english(k)
        for k in ("article_id", "places", "topics", "found_via", "gdelt_tone", "gdelt_locations")
    }
    rows = csv.DictReader(io.StringIO(data.lstrip("\ufeff")))
    return {r[labels("article_id")]: {keys.get(k, k): v for k, v in r.items()} for r in rows}


def test_csv_and_jsonl_carry_places_topics_and_how_found(tagged: Tagged, vnmon_env: Settings) -> None:
    result = run_weekly_export(vnmon_env, tagged.week, formats=("csv", "jsonl"), ui_lang="en", email_to=())
    rows = _csv(result.files["csv"].read_text(encoding="utf-8"), Labels("en"))
    gdelt = rows["art-00102"]
    assert gdelt["Places"] == "Huế (Thừa Thiên Huế)"
    assert gdelt["Topics"] == "Tourism & culture; Diplomacy"  # best first
    assert gdelt["Found via"] == "feed; gdelt-gkg"
    assert gdelt["Tone (GDELT)"] == "-2.5"
    assert gdelt["Locations (GDELT)"] == HUE_LOCATION
    assert rows["art-00104"]["Places"] == "Quảng Trị (Hang Sơn Đoòng, Quảng Bình)"
    assert rows["art-00106"]["Places"] == "Hà Nội; Huế"
    assert rows["art-00101"]["Tone (GDELT)"] == ""  # GDELT does not know it: empty, not 0
    assert rows["art-00105"]["Places"] == rows["art-00105"]["Topics"] == ""
    lines = [json.loads(line) for line in result.files["jsonl"].read_text(encoding="utf-8").splitlines()]
    record = next(r for r in lines if r["article_id"] == "art-00102")
    assert record["places"] == ["thua_thien_hue", "hue"] and record["place_names"] == ["Huế (Thừa Thiên Huế)"]
    assert record["topics"] == ["tourism_culture", "diplomacy"]
    assert record["gdelt_tone"] == -2.5 and record["found_via"] == ["feed", "gdelt-gkg"]
    assert next(r for r in lines if r["article_id"] == "art-00101")["gdelt_tone"] is None


def test_a_search_export_has_the_same_columns(tagged: Tagged, vnmon_env: Settings, tmp_path: Path) -> None:
    out = io.BytesIO()
    assert export_search(SearchParams(q="", topics=("diplomacy",)), "csv", out, vnmon_env) == 4
    rows = _csv(out.getvalue().decode("utf-8"), Labels("both"))  # the search export's labels
    assert set(rows) == {"art-00102", "art-00103", "art-00202", "art-00203"}
    assert rows["art-00103"]["Places"] == "Hà Nội" and rows["art-00103"]["Topics"] == "Diplomacy"


def test_the_email_names_the_leading_provinces_and_topics(tagged: Tagged, smtp_server: Mailbox) -> None:
    run_weekly_export(
        get_settings(), tagged.week, formats=("html",), ui_lang="en", email_to=("desk@example.vn",)
    )
    [message] = smtp_server.messages
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    lines = body.get_content().splitlines()
    assert "By province: Huế 3 (+2), Hà Nội 2 (+0), Quảng Trị 1 (+1)" in lines
    assert "Topics: Tourism & culture 3 (+2), Diplomacy 2 (+0), Economy & investment 1 (+0)" in lines


def test_a_week_without_articles_has_empty_sections(tagged: Tagged, vnmon_env: Settings) -> None:
    result = run_weekly_export(vnmon_env, "2026-W12", formats=("html", "xlsx"), ui_lang="en", email_to=())
    page = html.unescape(result.files["html"].read_text(encoding="utf-8"))
    section = _section(page, "by-province", "topics")
    assert "0 of 0 articles name at least one province or city." in section
    assert "<svg" not in section  # no chart of empty bars
    assert set(map(tuple, _rows(section, "province").values())) == {("0", "0.0%", "0", "0.0%", "+0")}
    book = openpyxl.load_workbook(result.files["xlsx"])
    assert book["Topics"].max_row == 1 + 12


def test_a_vietnamese_report_names_the_topics_in_vietnamese(tagged: Tagged, vnmon_env: Settings) -> None:
    result = run_weekly_export(vnmon_env, tagged.week, formats=("html",), ui_lang="vi", email_to=())
    page = html.unescape(result.files["html"].read_text(encoding="utf-8"))
    rows = _rows(_section(page, "topics", "breakdowns"), "topic")
    assert rows["Du lịch & văn hóa"][0] == "3" and "Tourism & culture" not in page
