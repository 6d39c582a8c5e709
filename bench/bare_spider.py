"""The framework ceiling: a bare Scrapy spider that only fetches the given article URLs.

Run as `python -m bench.bare_spider URLS_FILE [-s NAME=VALUE ...]` in a process of its own;
prints one JSON line: responses, seconds (Scrapy's own start to finish) and pages/s. Same
concurrency, robots.txt handling and no-delay settings as the vnmon run it is compared with;
no item pipeline, no parsing.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

SETTINGS: dict[str, Any] = {
    "ROBOTSTXT_OBEY": True,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": False,
    "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
}


class BareSpider(Spider):
    name = "bare"

    def __init__(self, urls_file: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = Path(urls_file).read_text().split()

    async def start(self) -> AsyncIterator[Request]:
        for url in self.urls:
            yield Request(url, callback=self.parse)

    def parse(self, response: Response) -> None:
        """Nothing: the ceiling is fetching alone."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls_file")
    parser.add_argument("-s", "--set", dest="overrides", action="append", default=[])
    args = parser.parse_args()
    settings = dict(SETTINGS)
    for item in args.overrides:
        name, _, value = item.partition("=")
        settings[name] = value
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, urls_file=args.urls_file)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    seconds = (stats["finish_time"] - stats["start_time"]).total_seconds()
    robots = stats.get("robotstxt/request_count", 0)
    pages = stats.get("response_received_count", 0) - robots
    print(
        json.dumps(
            {
                "pages": pages,
                "seconds": round(seconds, 2),
                "pages_per_second": round(pages / seconds, 1),
                "status_200": stats.get("downloader/response_status_count/200", 0),
            }
        )
    )


if __name__ == "__main__":
    main()
