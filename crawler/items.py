"""The page that flows through the pipeline stages, each stage filling the fields it owns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from crawler.extraction.model import Extracted
from crawler.language.result import LanguageResult
from crawler.relevance.scoring import Relevance
from vnmon.kernel.article import Article, WarcRef
from vnmon.kernel.tagging import ArticleTags

T = TypeVar("T")


@dataclass(repr=False)
class PageItem:
    """One fetched article page on its way to becoming an `Article` (or a counted drop).

    The spider fills the response part; ArchivePipeline `warc`; ExtractionPipeline `extracted`;
    LanguagePipeline `language`; RelevancePipeline `relevance`; DedupPipeline the ids and
    cluster; TaggingPipeline `tags` (places and topics); IndexPipeline `article`.
    """

    source: str
    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    via: str
    feed_date: datetime | None = None
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    warc: WarcRef | None = None
    warc_record_id: str | None = None
    extracted: Extracted | None = None
    language: LanguageResult | None = None
    relevance: Relevance | None = None
    doc_id: str | None = None
    canonical_url: str | None = None
    simhash: int | None = None
    simhash_bands: list[str] = field(default_factory=list)
    cluster_id: str | None = None
    tags: ArticleTags | None = None
    article: Article | None = None
    # What discovery said of the page (crawler/spiders/discover.py: via, tone, locations).
    discovery: dict[str, Any] | None = None

    def __repr__(self) -> str:
        # Scrapy logs items; the body and HTML would flood the log.
        return f"<Page {self.source} {self.status} {self.url}>"

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)


def filled(value: T | None, name: str) -> T:
    """A field an earlier stage fills (`extracted`, `language`, `relevance`); None means a stage is
    missing from ITEM_PIPELINES or out of order, a bug the guarded chain reports as a failed stage."""
    if value is None:
        raise ValueError(f"the page's {name!r} is not filled: an earlier stage did not run")
    return value
