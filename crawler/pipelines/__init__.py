"""Item pipelines: the intake stages a fetched page passes through, in the order of ITEM_PIPELINES."""

from __future__ import annotations

from scrapy.exceptions import DropItem


class Dropped(DropItem):
    """A page that is not indexed, with a short machine-readable reason counted per source
    (raised by a pipeline stage, caught by Scrapy; CrawlSummary counts it)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        # A drop is an expected outcome, counted in the summary: INFO, not a warning.
        super().__init__(f"{reason}: {detail}" if detail else reason, log_level="INFO")
        self.reason = reason
