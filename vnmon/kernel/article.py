"""The Article document: the one typed contract between the crawler and the index."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

# What one document may hold per field. The raw page stays whole in the WARC archive; the index
# keeps enough to search, show and highlight. A body past ~1M characters cannot be highlighted at
# all (`index.highlight.max_analyzed_offset`), and a few megabytes of one page slow every search.
MAX_CHARS: dict[str, int] = {
    "title": 1_000,
    "lead": 5_000,
    "body": 300_000,
    "source_name": 300,
    "section": 300,
    "date_source": 100,
    "extraction_method": 100,
}
MAX_LIST: dict[str, tuple[int, int]] = {  # field -> (entries, characters per entry)
    "authors": (20, 200),
    "tags": (50, 200),
    "matched_terms": (100, 200),
    "gdelt_locations": (20, 300),
    "places": (100, 64),
    "topics": (50, 64),
}


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
    # Places named (vnmon/kernel/gazetteer ids: the place, its former province, its current unit)
    # and topics reached (config/topics.yaml ids), best first, with their scores.
    places: list[str] = Field(default_factory=list)
    place_scores: dict[str, float] = Field(default_factory=dict)
    topics: list[str] = Field(default_factory=list)
    topic_scores: dict[str, float] = Field(default_factory=dict)
    cluster_id: str | None = None
    simhash: str | None = None
    simhash_bands: list[str] = Field(default_factory=list)
    extraction_method: str | None = None
    warc: WarcRef | None = None
    # How the article was found: feed, sitemap, section (the sources file), gdelt-gkg, gdelt-doc
    # (discovery); every way, when it was found more than one.
    found_via: list[str] = Field(default_factory=list)
    gdelt_tone: float | None = None  # GDELT's average tone of the article (-100 … +100)
    gdelt_locations: list[str] = Field(default_factory=list)  # Vietnamese places GDELT found in it

    @classmethod
    def from_document(cls, doc_id: str, source: dict[str, object]) -> Article:
        """The article back from a stored document (`i18n` copies are derived, so dropped)."""
        fields = {k: v for k, v in source.items() if k != "i18n"}
        return cls.model_validate({"id": doc_id, **fields})


def bounded(doc: dict[str, object]) -> dict[str, object]:
    """`doc` with its text fields cut to `MAX_CHARS` and its lists to `MAX_LIST` (in place)."""
    for name, limit in MAX_CHARS.items():
        value = doc.get(name)
        if isinstance(value, str) and len(value) > limit:
            doc[name] = _cut(value, limit)
    for name, (entries, limit) in MAX_LIST.items():
        values = doc.get(name)
        if isinstance(values, list):
            doc[name] = [_cut(str(v), limit) for v in values[:entries]]
    return doc


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, ending at a word boundary when one is near."""
    cut = text[:limit]
    space = cut.rfind(" ", max(0, limit - 200))
    return cut[:space] if space > 0 else cut
