"""Chains the pipeline stages so that no page can raise out of them: a failure is a counted drop."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.pipelines import ItemPipelineManager
from scrapy.utils.defer import ensure_awaitable

from crawler.pipelines import Dropped

log = logging.getLogger(__name__)


def stage_name(method: Any) -> str:
    """`extraction` for ExtractionPipeline.process_item."""
    owner = getattr(method, "__self__", method)
    return type(owner).__name__.removesuffix("Pipeline").lower() or "stage"


class GuardedPipelineManager(ItemPipelineManager):
    """Scrapy's pipeline manager (ITEM_PROCESSOR) with every stage guarded: an exception other than
    a drop becomes `Dropped("failed_<stage>")`. The page is then counted per source under that
    reason, and ArchivePipeline, which wrote its WARC record first, adds the reason and the error to
    the record's metadata (the quarantine: `vnmon archive reindex` can process it again)."""

    async def process_item_async(self, item: Any) -> Any:
        for method in self.methods["process_item"]:
            assert method is not None
            args = (self._spider,) if method in self._mw_methods_requiring_spider else ()
            try:
                item = await ensure_awaitable(method(item, *args))
            except DropItem:
                raise
            except Exception as exc:
                stage = stage_name(method)
                log.exception("%r: the %s stage failed; the page is dropped as failed_%s", item, stage, stage)
                raise Dropped(f"failed_{stage}", f"{type(exc).__name__}: {exc}"[:1000]) from exc
        return item
