"""In-memory near-duplicate clustering within one crawl, by SimHash distance."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from crawler.dedup.neardup import (
    MIN_UNITS,
    SIMHASH_MAX_DISTANCE,
    band_neighbours,
    band_values,
    band_widths,
    hamming,
    probe_radius,
    simhash,
    text_units,
)


@dataclass(frozen=True)
class _Member:
    order: int
    doc_id: str
    fingerprint: int
    cluster_id: str


class ClusterIndex:
    """Groups documents whose bodies are near-duplicates (same wire story, other outlet).

    A document joins the cluster of its closest earlier document within `max_distance`;
    otherwise it starts a cluster named by its own doc_id. Lookup is exact: band tables
    probed with every value within the multi-index-hashing radius.
    """

    def __init__(self, max_distance: int = SIMHASH_MAX_DISTANCE, bands: int = 4) -> None:
        self.max_distance = max_distance
        self.bands = bands
        self._radius = probe_radius(bands, max_distance)
        self._tables: list[defaultdict[int, list[_Member]]] = [defaultdict(list) for _ in range(bands)]
        self._by_doc: dict[str, _Member] = {}

    def __len__(self) -> int:
        return len(self._by_doc)

    def assign(self, doc_id: str, text: str) -> str:
        """The cluster_id of `doc_id` (the doc_id of the cluster's first member)."""
        known = self._by_doc.get(doc_id)
        if known is not None:
            return known.cluster_id
        if len(text_units(text)) < MIN_UNITS:
            # Too short to judge (teaser, empty extraction): never merged with anything.
            self._by_doc[doc_id] = _Member(len(self._by_doc), doc_id, 0, doc_id)
            return doc_id
        return self.add(doc_id, simhash(text))

    def add(self, doc_id: str, fingerprint: int, cluster_id: str | None = None) -> str:
        """Register a precomputed fingerprint; `cluster_id` forces a known cluster (from ES)."""
        known = self._by_doc.get(doc_id)
        if known is not None:
            return known.cluster_id
        if cluster_id is None:
            nearest = self.nearest(fingerprint)
            cluster_id = nearest.cluster_id if nearest is not None else doc_id
        member = _Member(len(self._by_doc), doc_id, fingerprint, cluster_id)
        self._by_doc[doc_id] = member
        for table, value in zip(self._tables, band_values(fingerprint, self.bands), strict=True):
            table[value].append(member)
        return cluster_id

    def nearest(self, fingerprint: int) -> _Member | None:
        """The closest stored member within max_distance (earliest on ties), or None."""
        ranked = [
            (hamming(member.fingerprint, fingerprint), member.order, member)
            for member in self._candidates(fingerprint)
        ]
        close = [entry for entry in ranked if entry[0] <= self.max_distance]
        return min(close, key=lambda entry: entry[:2])[2] if close else None

    def _candidates(self, fingerprint: int) -> list[_Member]:
        found: list[_Member] = []
        widths = band_widths(self.bands)
        for table, value, width in zip(
            self._tables, band_values(fingerprint, self.bands), widths, strict=True
        ):
            for probe in band_neighbours(value, width, self._radius):
                bucket = table.get(probe)
                if bucket:
                    found.extend(bucket)
        return found
