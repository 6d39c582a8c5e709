"""Benchmark body extraction: F1/P/R and ms/page for vnmon against common extractors.

usage: .venv/bin/python -m bench extraction   (data from $VNMON_BENCH_DATA or /work/shared/bench-data)
Prints a markdown table. Scores use the benchmark's own `score_extraction.py`; ms/page is the
median of `REPEATS` passes over the split. news-please runs in its own venv (its pins conflict
with vnmon's) through bench/newsplease_extract.py and is scored the same way.
"""

from __future__ import annotations

import json
import logging
import subprocess
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from statistics import median

import trafilatura
from bs4 import BeautifulSoup

from bench import newsplease_run
from bench.runs import save
from crawler.extraction.encoding import decode_html
from crawler.extraction.evaluation import (
    Extractor,
    bench_data_dir,
    evaluate,
    load_scorer,
    load_split,
    vnmon_body,
)

REPEATS = 3


@dataclass(frozen=True)
class Row:
    name: str
    f1: float
    precision: float
    recall: float
    ms_per_page: float
    runs_ms: list[float]


def trafilatura_default(raw: bytes, url: str) -> str:
    return trafilatura.extract(decode_html(raw), url=url) or ""


def trafilatura_precision(raw: bytes, url: str) -> str:
    html = decode_html(raw)
    return trafilatura.extract(html, url=url, favor_precision=True, include_comments=False) or ""


def readability_text(raw: bytes, url: str) -> str:
    from lxml import html as lxml_html
    from readability import Document

    summary = Document(decode_html(raw), url=url).summary(html_partial=True)
    root = lxml_html.fromstring(summary)
    blocks = [" ".join(node.text_content().split()) for node in root.iter("p", "h2", "h3", "li", "pre")]
    return "\n".join(b for b in blocks if b) or root.text_content()


def justext_paragraphs(raw: bytes, url: str) -> str:
    import justext

    paragraphs = justext.justext(raw, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def soup_get_text(raw: bytes, url: str) -> str:
    return BeautifulSoup(decode_html(raw), "lxml").get_text("\n")


EXTRACTORS: dict[str, Extractor] = {
    "vnmon extract_article": vnmon_body,
    f"trafilatura {version('trafilatura')} (default)": trafilatura_default,
    "trafilatura (favor_precision, no comments)": trafilatura_precision,
    f"readability-lxml {version('readability-lxml')}": readability_text,
    "jusText (English stoplist)": justext_paragraphs,
    "BeautifulSoup get_text (whole page)": soup_get_text,
}


def measure(name: str, extractor: Extractor) -> Row:
    scores = [evaluate(extractor) for _ in range(REPEATS)]
    first = scores[0]
    timings = [s.ms_per_page for s in scores]
    return Row(name, first.f1, first.precision, first.recall, median(timings), timings)


def measure_newsplease() -> Row | str:
    """news-please's `from_html` in its own venv; the reason as text when it cannot run."""
    python = newsplease_run.VENV / "bin" / "python"
    if not python.exists():
        return f"news-please venv missing at {newsplease_run.VENV} (python -m bench newsplease-venv)"
    root = bench_data_dir()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "predictions.json"
        script = Path(__file__).with_name("newsplease_extract.py")
        done = subprocess.run(
            [str(python), str(script), str(root), str(out), str(REPEATS)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            return f"news-please failed: {done.stderr.strip().splitlines()[-1:]}"
        data = json.loads(out.read_text())
    truth, _ = load_split(root)
    precision, recall, f1 = load_scorer(root).score(truth, data["predictions"])
    timings = data["ms_per_page"]
    return Row(f"news-please {newsplease_run.VERSION}", f1, precision, recall, median(timings), timings)


def run() -> list[Row]:
    logging.disable(logging.WARNING)  # trafilatura and readability log a warning per odd page
    rows = [measure(name, extractor) for name, extractor in EXTRACTORS.items()]
    newsplease = measure_newsplease()
    if isinstance(newsplease, Row):
        rows.insert(3, newsplease)
    else:
        print(f"news-please not measured: {newsplease}")
    save("extraction", {"repeats": REPEATS, "rows": [r.__dict__ for r in rows]})
    return rows


def markdown(rows: list[Row]) -> str:
    lines = ["| extractor | F1 | precision | recall | ms/page (median of 3) |", "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r.name} | {r.f1:.3f} | {r.precision:.3f} | {r.recall:.3f} | {r.ms_per_page:.1f} |")
    truth, _ = load_split(bench_data_dir())
    lines.append(f"\n{len(truth)} pages of the article-extraction split.")
    return "\n".join(lines)


def main() -> None:
    print(markdown(run()))


if __name__ == "__main__":
    main()
