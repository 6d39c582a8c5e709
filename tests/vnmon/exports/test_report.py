"""The HTML report and its PDF: rendered by headless Chromium, with the week's numbers and articles."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.vnmon.exports.conftest import Corpus
from vnmon.exports import run_weekly_export
from vnmon.exports.report import find_chromium
from vnmon.kernel.settings import Settings

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"


def _screenshot(html: Path, png: Path) -> None:
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    subprocess.run(
        [
            find_chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={html.parent.parent / '.chromium-profile'}",
            "--window-size=1200,2400",
            f"--screenshot={png}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_html_report_renders_with_the_weeks_numbers(
    corpus: Corpus, vnmon_env: Settings, tmp_path: Path
) -> None:
    result = run_weekly_export(vnmon_env, corpus.week.label, formats=("html",), ui_lang="both", email_to=())
    html = result.files["html"].read_text(encoding="utf-8")
    assert re.search(r'id="total-articles">7<', html)
    assert "Tuần / Week" in html and "2026-W10" in html
    assert "02/03/2026 – 08/03/2026" in html
    assert html.count('<tr class="article">') == len(corpus.inside)
    for n in range(1, 8):  # every article links to its page
        assert re.search(rf'<a href="http://127\.0\.0\.\d/news/{n}">', html), n
    assert "<svg" in html and "<script" not in html  # the chart is drawn server-side
    assert "港川日報" in html and 'class="badge"' in html  # the new outlet is marked
    assert "=HYPERLINK(&#34;http://x&#34;" in html or "=HYPERLINK(&quot;" in html  # escaped, not raw

    png = ARTIFACTS / "weekly-report.png"
    _screenshot(result.files["html"], png)
    assert png.stat().st_size > 20_000  # a real rendering, not a blank page


def test_pdf_has_the_summary_breakdown_and_article_pages(corpus: Corpus, vnmon_env: Settings) -> None:
    result = run_weekly_export(vnmon_env, corpus.week.label, formats=("pdf",), ui_lang="en", email_to=())
    assert sorted(p.name for p in result.folder.iterdir()) == ["manifest.json", "vnmon-2026-W10.pdf"]
    reader = PdfReader(result.files["pdf"])
    pages = [page.extract_text() for page in reader.pages]
    # Summary and top stories, what is new, by province and topic, breakdowns, all articles: each
    # section starts a page (the 34 provinces and 12 topics take two).
    assert len(pages) == 6, [p[:80] for p in pages]
    assert "Foreign press on Vietnam" in pages[0] and "2026-W10" in pages[0]
    assert "Most syndicated stories" in pages[0]
    assert "What is new" in pages[1]
    assert pages[2].startswith("By province") and "Topics" in pages[2] + pages[3]
    assert "By language" in pages[4] and "New outlets this week" in pages[4]
    assert "All articles (7)" in pages[5]
    text = " ".join(pages[5].split())
    for title in ("Vietnam's exports to Australia rise in 1", "Le Vietnam et la France signent l'accord 2"):
        assert title in text


@pytest.mark.parametrize("ui_lang", ["vi", "en"])
def test_labels_follow_the_ui_language(corpus: Corpus, vnmon_env: Settings, ui_lang: str) -> None:
    result = run_weekly_export(vnmon_env, corpus.week.label, formats=("html",), ui_lang=ui_lang, email_to=())
    html = result.files["html"].read_text(encoding="utf-8")
    vietnamese, english = "Theo ngôn ngữ", "By language"
    assert (vietnamese in html) == (ui_lang == "vi")
    assert (english in html) == (ui_lang == "en")
    assert f'<html lang="{ui_lang}">' in html


def test_a_huge_week_lists_its_most_relevant_articles_and_says_so(
    corpus: Corpus, vnmon_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vnmon.exports.report.REPORT_ROW_LIMIT", 3)
    result = run_weekly_export(
        vnmon_env, corpus.week.label, formats=("html", "csv"), ui_lang="en", email_to=()
    )
    html = result.files["html"].read_text(encoding="utf-8")
    assert html.count('<tr class="article">') == 3
    assert "The 3 most relevant of 7 articles; the full list is in the XLSX/CSV." in html
    assert "/news/3" in html  # relevance 9.5, the most relevant
    assert len(result.files["csv"].read_text(encoding="utf-8-sig").splitlines()) == 1 + 7  # never cut
