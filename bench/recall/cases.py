"""The cases of the recall world: real pages with a placed Vietnam paragraph or decoy, and the verdict due.

Two sets of real pages: the 91 pages of the shared extraction split (ground-truth body text)
and, when `VNMON_TRAFILATURA_EVAL` names a trafilatura checkout, its evaluation pages (the
first `with` snippet is their opening-words anchor). Three kinds of case:

- `page`: the paragraph in the page's own language at each placement of `pages.KEEP` —
  must be indexed, tagged with the page's language;
- `decoy`: the page with Vietnam only in a menu, related links, teasers or the footer — must
  not be indexed;
- `morphology`: English pages whose inserted paragraph (`opening`) is in each of the languages
  of `texts.PARAGRAPH` — measures the lexicon, not language tagging.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.recall.pages import DECOYS, KEEP, build_page, squash
from bench.recall.sources import RealPage, shared_pages, trafilatura_pages
from bench.recall.texts import LANGUAGES, PARAGRAPH

MORPHOLOGY_PAGES = 12  # English pages per language of the morphology cases


@dataclass(frozen=True)
class Case:
    """One built page: what was placed where, and whether vnmon should index it."""

    set: str  # "shared" or "trafilatura"
    page_id: str
    kind: str  # "page", "decoy" or "morphology"
    placement: str
    language: str  # of the inserted paragraph (of the decoy: the page's)
    page_language: str
    should_keep: bool
    html: str
    first_paragraph: str  # of the ground truth ("" when unknown)
    original_url: str

    @property
    def key(self) -> str:
        return f"{self.set}/{self.page_id[:12]}/{self.placement}/{self.language}"

    @property
    def slug(self) -> str:
        """A path-safe unique name of the case."""
        digest = hashlib.blake2b(self.page_id.encode(), digest_size=6).hexdigest()
        return f"{self.set}-{digest}-{self.placement.replace('_', '-')}-{self.language}"


def cases_of(page: RealPage, morphology_languages: Iterable[str] = ()) -> Iterator[Case]:
    """Every case built from one real page (placements the page lacks are left out)."""
    language = page.language if page.language in PARAGRAPH else "en"
    for placement in KEEP:
        yield from _built(page, "page", placement, language)
    if not page.names_vietnam:
        for placement in DECOYS:
            yield from _built(page, "decoy", placement, page.language)
    for other in morphology_languages:
        yield from _built(page, "morphology", "opening", other)


def _built(page: RealPage, kind: str, placement: str, language: str) -> Iterator[Case]:
    case = build_case(page, placement, language, kind)
    if case is not None:
        yield case


def build_case(
    page: RealPage, placement: str, language: str | None = None, kind: str | None = None
) -> Case | None:
    """One case of `page`: the paragraph in `language` (default the page's) at `placement`, or
    the decoy `placement`; None when the page has no such place."""
    language = language or (page.language if page.language in PARAGRAPH else "en")
    kind = kind or ("decoy" if placement in DECOYS else "page")
    html = build_page(page.html, page.body, placement, language, page.language)
    if html is None:
        return None
    first = page.paragraphs[0] if page.paragraphs else ""
    keep = kind != "decoy"
    return Case(page.set, page.id, kind, placement, language, page.language, keep, html, first, page.url)


def morphology_hosts(pages: list[RealPage], per_language: int = MORPHOLOGY_PAGES) -> set[str]:
    """Ids of the English pages that carry the morphology cases: the first `per_language` (by id)
    whose opening words can be found, the same pages for every language."""
    chosen: list[str] = []
    for page in sorted(pages, key=lambda p: p.id):
        if len(chosen) >= per_language:
            break
        if page.language != "en" or page.names_vietnam:
            continue
        if build_page(page.html, page.body, "opening", "en") is not None:
            chosen.append(page.id)
    return set(chosen)


def build_cases(
    pages: list[RealPage], morphology_pages: int = MORPHOLOGY_PAGES, languages: Iterable[str] = LANGUAGES
) -> list[Case]:
    """The cases of `pages`, with morphology variants on `morphology_pages` English pages."""
    hosts = morphology_hosts(pages, morphology_pages) if morphology_pages else set()
    others = [lang for lang in languages if lang != "en"]
    cases: list[Case] = []
    for page in pages:
        cases.extend(cases_of(page, others if page.id in hosts else ()))
    return cases


def all_pages(trafilatura: str | None = None, trafilatura_limit: int | None = None) -> list[RealPage]:
    """The shared split, and trafilatura's evaluation pages when a checkout is given (argument,
    else `VNMON_TRAFILATURA_EVAL`), the first `trafilatura_limit` of them."""
    pages = shared_pages()
    path = trafilatura or os.environ.get("VNMON_TRAFILATURA_EVAL")
    if path:
        pages += trafilatura_pages(Path(path), trafilatura_limit)
    return pages


def first_paragraph_kept(first_paragraph: str, stored_body: str, words: int = 12) -> bool:
    """Whether the stored body holds the ground truth's first paragraph (its first `words`
    words, normalised)."""
    key = squash(" ".join(first_paragraph.split()[:words]))[:80]
    return bool(key) and key in squash(stored_body)


def save_cases(cases: list[Case], path: Path) -> None:
    """The cases' descriptions (not their HTML) as JSON lines, for the crawl's reading of results."""
    with path.open("w") as out:
        for case in cases:
            fields = {k: v for k, v in case.__dict__.items() if k != "html"}
            out.write(json.dumps(fields, ensure_ascii=False) + "\n")
