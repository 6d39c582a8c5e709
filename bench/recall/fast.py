"""The recall world scored in process: vnmon's own extraction, relevance and language on each built page.

No crawl, no index: `crawler.extraction.extract_article`, `crawler.relevance.score_relevance`
(with `load_lexicon()`) and `crawler.language.detect_language`, called as the crawl's page
analysis calls them. A few seconds per hundred pages; the crawl (`bench.recall.crawl`) is the
real measure.
"""

from __future__ import annotations

from bench.recall.cases import Case, first_paragraph_kept
from bench.recall.report import Outcome


def judge(case: Case, lexicon: object | None = None) -> Outcome:
    """What vnmon's page analysis makes of one built page."""
    from crawler.extraction import extract_article
    from crawler.language import detect_language
    from crawler.relevance import load_lexicon, score_relevance

    extracted = extract_article(case.html, url=case.original_url)
    relevance = score_relevance(
        extracted.title,
        extracted.lead,
        extracted.body,
        lexicon or load_lexicon(),  # type: ignore[arg-type]
    )
    tag = None
    first: bool | None = None
    if relevance.relevant:
        tag = detect_language(
            extracted.title, extracted.lead, extracted.body, None, extracted.declared_language
        ).code
        first = first_paragraph_kept(case.first_paragraph, extracted.body) if case.first_paragraph else None
    return Outcome(
        case.set,
        case.page_id,
        case.kind,
        case.placement,
        case.language,
        case.page_language,
        case.should_keep,
        relevance.relevant,
        tag,
        relevance.reason,
        first,
    )


def run(cases: list[Case]) -> list[Outcome]:
    from crawler.relevance import load_lexicon

    lexicon = load_lexicon()
    return [judge(case, lexicon) for case in cases]
