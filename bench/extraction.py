"""Benchmark body extraction: F1/P/R and ms/page for vnmon against common baselines.

usage: .venv/bin/python bench/extraction.py   (data from $VNMON_BENCH_DATA or /work/shared/bench-data)
Prints a markdown table. Scores use the benchmark's own `score_extraction.py`.
"""

from __future__ import annotations

import logging

import trafilatura
from bs4 import BeautifulSoup

from crawler.extraction.encoding import decode_html
from crawler.extraction.evaluation import Extractor, evaluate, vnmon_body


def trafilatura_default(raw: bytes, url: str) -> str:
    return trafilatura.extract(decode_html(raw), url=url) or ""


def trafilatura_precision(raw: bytes, url: str) -> str:
    html = decode_html(raw)
    return trafilatura.extract(html, url=url, favor_precision=True, include_comments=False) or ""


def soup_get_text(raw: bytes, url: str) -> str:
    return BeautifulSoup(decode_html(raw), "lxml").get_text("\n")


def justext_paragraphs(raw: bytes, url: str) -> str:
    import justext

    paragraphs = justext.justext(raw, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


EXTRACTORS: dict[str, Extractor] = {
    "vnmon extract_article": vnmon_body,
    "trafilatura 2.3.1 (default)": trafilatura_default,
    "trafilatura (favor_precision, no comments)": trafilatura_precision,
    "jusText (English stoplist)": justext_paragraphs,
    "BeautifulSoup get_text": soup_get_text,
}


def main() -> None:
    logging.disable(logging.WARNING)  # trafilatura logs a warning per odd page
    print("| extractor | F1 | precision | recall | ms/page |")
    print("|---|---|---|---|---|")
    for name, extractor in EXTRACTORS.items():
        score = evaluate(extractor)
        print(
            f"| {name} | {score.f1:.3f} | {score.precision:.3f} | {score.recall:.3f} "
            f"| {score.ms_per_page:.1f} |"
        )
    print(f"\n{score.pages} pages of the article-extraction split.")


if __name__ == "__main__":
    main()
