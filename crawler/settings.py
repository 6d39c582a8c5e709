"""Scrapy settings of the vnmon crawler: polite by default, every default in this one place."""

from __future__ import annotations

BOT_NAME = "vnmon"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "vnmon/0.1 (media monitoring of coverage of Vietnam; +https://example.org/vnmon)"

# Politeness: robots.txt (with Crawl-delay, see PolitenessMiddleware), a base delay that
# AutoThrottle stretches when a site slows down, and two connections per site at most.
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # each delay is DOWNLOAD_DELAY ± 50%
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Robustness: bounded time, size and redirects; retry only what may heal.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 3 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [408, 429, 500, 502, 503, 504, 522, 524]
# Error pages reach the spider so that they are counted per source, not silently lost.
HTTPERROR_ALLOW_ALL = True

DOWNLOADER_MIDDLEWARES = {
    # Before all: an outlet blocked in the registry (`vnmon outlets block`) is never fetched.
    "crawler.downloadermiddlewares.blocked.BlockedOutletMiddleware": 30,
    # First: nothing, not even a robots.txt, is fetched from a host the address rules refuse.
    "crawler.downloadermiddlewares.addresses.AddressPolicyMiddleware": 40,
    "crawler.downloadermiddlewares.assets.SkipAssetsMiddleware": 50,
    # Scrapy's own lets requests that wait together for a robots.txt skip it (see robots.py).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.downloadermiddlewares.robots.ObeyingRobotsTxtMiddleware": 100,
    # After RetryMiddleware (550) in request order, before it in response order: it must see a
    # 429 before Retry turns it into a new request.
    "crawler.downloadermiddlewares.politeness.PolitenessMiddleware": 560,
    # Scrapy's own raise ValueError for a redirect to `javascript:…`, and the page is lost.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.downloadermiddlewares.redirect.LenientMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.downloadermiddlewares.redirect.LenientRedirectMiddleware": 600,
}
# Connections go only to the address that was checked (see addresses.py).
TWISTED_DNS_RESOLVER = "crawler.downloadermiddlewares.addresses.PublicAddressResolver"

# A stage that raises drops its page as `failed_<stage>` (counted, kept in the WARC), never loses it.
ITEM_PROCESSOR = "crawler.pipelines.chain.GuardedPipelineManager"
ITEM_PIPELINES = {
    "crawler.pipelines.archive.ArchivePipeline": 100,
    "crawler.pipelines.extraction.ExtractionPipeline": 200,
    # Relevance before language: most fetched pages are not about Vietnam, and the lexicon
    # check is what drops them, so language identification runs only on the ones kept.
    "crawler.pipelines.relevance.RelevancePipeline": 300,
    "crawler.pipelines.language.LanguagePipeline": 400,
    "crawler.pipelines.dedup.DedupPipeline": 500,
    # Places and topics, for the articles that are indexed (after dedup drops copies).
    "crawler.pipelines.tagging.TaggingPipeline": 600,
    "crawler.pipelines.index.IndexPipeline": 900,
}

EXTENSIONS = {
    "crawler.extensions.summary.CrawlSummary": 500,
}

# vnmon's own crawl settings: each is the VNMON_* environment variable of the same name (declared,
# validated and defaulted in vnmon.kernel.settings, documented in docs/settings.md); `-s NAME=VALUE`
# overrides it for one crawl.
from vnmon.kernel.settings import get_settings  # noqa: E402

_environment = get_settings()
VNMON_MAX_PAGES = _environment.max_pages  # default article pages per source and crawl
VNMON_ARTICLE_MAX_AGE_DAYS = _environment.article_max_age_days  # for sources without max_age_days
VNMON_REFETCH = _environment.refetch  # True: fetch articles already in the index again
VNMON_BACKOFF_SECONDS = _environment.backoff_seconds  # floor delay of a site after it answers 429/503
# Loopback, private and link-local hosts are fetched only with this (demo, tests, intranets).
VNMON_ALLOW_PRIVATE_ADDRESSES = _environment.allow_private_addresses
# The most discovered article URLs one `discover` crawl requests (crawler/spiders/discover.py).
VNMON_GDELT_MAX_URLS = _environment.gdelt_max_urls
VNMON_WORKERS = _environment.workers  # processes that analyse pages beside the crawl (crawler.workers)
# gzip level of the WARC archive: 6 packs as tightly as 9 on news pages at ~60% of its CPU.
VNMON_WARC_GZIP_LEVEL = _environment.warc_gzip_level
# Which run this is (the scheduler passes them with -s; crawler.extensions.summary).
VNMON_RUN_ID = _environment.run_id
VNMON_RUN_TRIGGER = _environment.run_trigger
VNMON_RUN_LOG = str(_environment.run_log) if _environment.run_log else None

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# Scale-out: with VNMON_REDIS_URL set, every crawler process of the same crawl shares one frontier
# in Redis (crawler.frontier); without it, the frontier is the local one (JOBDIR).
from crawler.frontier import frontier_settings  # noqa: E402

globals().update(frontier_settings())
