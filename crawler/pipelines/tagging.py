"""Tags each article with the places it names and the topics it reaches (in the worker processes)."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.items import PageItem, filled
from crawler.workers import WorkerPool, pool_for, tags_of
from vnmon.kernel.gazetteer import load_gazetteer
from vnmon.kernel.settings import get_settings
from vnmon.kernel.topics import load_topics


class TaggingPipeline:
    """Fills `PageItem.tags` from config/places.yaml (+ places-names.yaml) and config/topics.yaml."""

    def __init__(self, workers: WorkerPool, places_path: str | None, topics_path: str | None) -> None:
        self.workers = workers
        self.places_path = places_path
        self.topics_path = topics_path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TaggingPipeline:
        settings = get_settings()
        # Read here too, so a broken gazetteer or topics file stops the crawl at its start.
        load_gazetteer(settings.places)
        load_topics(settings.topics)
        places = str(settings.places) if settings.places else None
        topics = str(settings.topics) if settings.topics else None
        return cls(pool_for(crawler), places, topics)

    async def process_item(self, item: PageItem) -> PageItem:
        ex = filled(item.extracted, "extracted")
        item.tags = await self.workers.run(
            tags_of, ex.title, ex.lead, ex.read_text, self.places_path, self.topics_path
        )
        return item
