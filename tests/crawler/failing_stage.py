"""A pipeline stage with a bug, for the test that no page can raise out of the pipeline."""

from __future__ import annotations

from crawler.items import PageItem


class BrokenStage:
    """Raises on pages whose URL says so, as a stage with a bug would on an unexpected page."""

    def process_item(self, item: PageItem) -> PageItem:
        if "breaks-a-stage" in item.url:
            raise KeyError("a field this page does not have")
        return item
