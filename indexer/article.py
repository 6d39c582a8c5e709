"""The Article document: the one typed contract between the crawler and the index."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from indexer.mapping import language_copies


class WarcRef(BaseModel):
    """Where the raw response of an article lies in the archive."""

    file: str
    offset: int
    length: int | None = None


class Article(BaseModel):
    """One foreign article about Vietnam, as indexed.

    `id` is the SHA-256 of the normalised canonical URL, so the same article reached
    twice (feed + sitemap, tracking parameters) is one document.
    """

    id: str
    url: str
    canonical_url: str
    source: str
    source_name: str
    country: str
    title: str
    body: str
    lead: str = ""
    authors: list[str] = Field(default_factory=list)
    language: str = "und"
    language_confidence: float = 0.0
    declared_language: str | None = None
    published_at: datetime | None = None
    modified_at: datetime | None = None
    date_source: str | None = None
    fetched_at: datetime
    section: str | None = None
    tags: list[str] = Field(default_factory=list)
    relevance: float = 0.0
    matched_terms: list[str] = Field(default_factory=list)
    cluster_id: str | None = None
    simhash: str | None = None
    simhash_bands: list[str] = Field(default_factory=list)
    extraction_method: str | None = None
    warc: WarcRef | None = None

    def to_document(self) -> dict[str, object]:
        """The JSON body stored in Elasticsearch (everything but the id), with the texts copied
        under the analyzer of the detected language."""
        doc = self.model_dump(mode="json", exclude={"id"})
        texts = {"title": self.title, "lead": self.lead, "body": self.body}
        doc["i18n"] = language_copies(self.language, texts)
        return doc

    @classmethod
    def from_document(cls, doc_id: str, source: dict[str, object]) -> Article:
        """The article back from a stored document (`i18n` copies are derived, so dropped)."""
        fields = {k: v for k, v in source.items() if k != "i18n"}
        return cls.model_validate({"id": doc_id, **fields})
