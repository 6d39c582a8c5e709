"""Dedup signatures: normalised URLs and document ids, SimHash near-duplicate clustering."""

from __future__ import annotations

from crawler.dedup.clusters import ClusterIndex
from crawler.dedup.neardup import (
    SIMHASH_MAX_DISTANCE,
    format_simhash,
    hamming,
    parse_simhash,
    simhash,
    simhash_band_probes,
    simhash_bands,
)
from crawler.dedup.urls import (
    TRACKING_PARAMETERS,
    canonical_for,
    document_id,
    is_amp_url,
    normalize_url,
    registered_domain,
)

__all__ = [
    "SIMHASH_MAX_DISTANCE",
    "TRACKING_PARAMETERS",
    "ClusterIndex",
    "canonical_for",
    "document_id",
    "format_simhash",
    "hamming",
    "is_amp_url",
    "normalize_url",
    "parse_simhash",
    "registered_domain",
    "simhash",
    "simhash_band_probes",
    "simhash_bands",
]
