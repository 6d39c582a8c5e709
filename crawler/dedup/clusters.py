"""In-memory near-duplicate clustering within one crawl, by SimHash distance."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.dedup.neardup import (
    MIN_UNITS,
    SIMHASH_MAX_DISTANCE,
    band_masks,
    band_values,
    band_widths,
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

    A document joins the cluster of its closest earlier document within `max_distance`
    (the earliest one on ties); otherwise it starts a cluster named by its own doc_id.
    Lookup is exact, not probabilistic: each band table is probed with every band value
    within the multi-index-hashing radius, so no pair within max_distance is missed.
    """

    def __init__(self, max_distance: int = SIMHASH_MAX_DISTANCE, bands: int = 4) -> None:
        self.max_distance = max_distance
        self.bands = bands
        radius = probe_radius(bands, max_distance)
        self._masks = [band_masks(width, radius) for width in band_widths(bands)]
        # band value -> distinct fingerprints having it, per band
        self._tables: list[dict[int, list[int]]] = [{} for _ in range(bands)]
        self._by_fingerprint: dict[int, _Member] = {}
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
        if fingerprint not in self._by_fingerprint:
            # Only the first document with a fingerprint is stored: later ones would
            # never win a tie against it.
            self._by_fingerprint[fingerprint] = member
            for table, value in zip(self._tables, band_values(fingerprint, self.bands), strict=True):
                table.setdefault(value, []).append(fingerprint)
        return cluster_id

    def nearest(self, fingerprint: int) -> _Member | None:
        """The closest stored member within max_distance (earliest on ties), or None."""
        best: _Member | None = None
        best_key = (self.max_distance + 1, 0)
        for table, value, masks in zip(
            self._tables, band_values(fingerprint, self.bands), self._masks, strict=True
        ):
            for mask in masks:
                bucket = table.get(value ^ mask)
                if bucket is None:
                    continue
                for stored in bucket:
                    distance = (stored ^ fingerprint).bit_count()
                    if distance > best_key[0]:
                        continue
                    member = self._by_fingerprint[stored]
                    if (distance, member.order) < best_key:
                        best, best_key = member, (distance, member.order)
        return best
