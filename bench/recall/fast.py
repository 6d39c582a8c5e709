"""The recall world scored in process: vnmon's own extraction, relevance and language on each built page.

No crawl, no index: `crawler.extraction.extract_article`, `crawler.relevance.score_relevance`
(with `load_lexicon()`) and `crawler.language.detect_language`, called as the crawl's page
analysis calls them. A few seconds per hundred pages; the crawl (`bench.recall.crawl`) is the
real measure.
"""

from __future__ import annotations

from bench.recall.cases import Case, first_paragraph_kept
from bench.recall.report import Outcome
from crawler.extraction import extract_article
from crawler.language import detect_language
from crawler.pipelines.extraction import MIN_BODY_CHARS
from crawler.relevance import Lexicon, load_lexicon, score_relevance


def judge(case: Case, lexicon: Lexicon) -> Outcome:
    """What vnmon's page analysis makes of one built page (the crawl's drops included)."""
    extracted = extract_article(case.html, url=case.original_url)
    if extracted.page_type == "listing":
        return Outcome.of(case, False, None, "not_article: a listing page", None)
    if len(extracted.body) < MIN_BODY_CHARS:
        return Outcome.of(case, False, None, f"no_text: {len(extracted.body)} characters", None)
    # as the relevance stage reads it: the stored body and the visible text beside it
    text = f"{extracted.body}\n{extracted.context}" if extracted.context else extracted.body
    relevance = score_relevance(extracted.title, extracted.lead, text, lexicon)
    if not relevance.relevant:
        return Outcome.of(case, False, None, f"irrelevant: {relevance.reason}", None)
    tag = detect_language(extracted.title, extracted.lead, extracted.body, None, extracted.declared_language)
    first = first_paragraph_kept(case.first_paragraph, extracted.body) if case.first_paragraph else None
    return Outcome.of(case, True, tag.code, relevance.reason, first)


def run(cases: list[Case]) -> list[Outcome]:
    lexicon = load_lexicon()
    return [judge(case, lexicon) for case in cases]
