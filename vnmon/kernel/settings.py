"""The one validated settings object for vnmon: every `VNMON_*` variable is declared here."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from vnmon.kernel.errors import SettingError


class Settings(BaseSettings):
    """vnmon settings, read from `VNMON_*` environment variables.

    Each field's description is the documentation of its variable; `docs/settings.md`
    is checked against this class by a test.
    """

    # Errors never echo the raw value: it may be a URL with a password; validators name it safely.
    model_config = SettingsConfigDict(env_prefix="VNMON_", extra="ignore", hide_input_in_errors=True)

    es_url: str = Field(
        "http://127.0.0.1:9200",
        description="Elasticsearch URL, or several comma-separated (each `http(s)://host:port`, nodes "
        "of one cluster): a request whose node does not answer is retried on the next one.",
    )
    es_api_key: str | None = Field(None, description="Elasticsearch API key (base64 `id:key`).")
    es_username: str | None = Field(None, description="Elasticsearch basic-auth user name.")
    es_password: str | None = Field(None, description="Elasticsearch basic-auth password.")
    es_ca_certs: Path | None = Field(None, description="CA bundle used to verify the cluster's TLS.")
    es_verify_certs: bool = Field(True, description="Verify TLS certificates (false only for tests).")
    es_timeout: float = Field(30.0, description="Request timeout to Elasticsearch, in seconds.")
    es_max_retries: int = Field(3, description="Retries of a failed Elasticsearch request.")
    index_prefix: str = Field(
        "vnmon", description="Prefix of every index and alias vnmon creates (lowercase)."
    )
    data_dir: Path = Field(Path("var"), description="Where WARC archives, spools, crawl state and logs live.")
    sources: Path = Field(
        Path("config/sources.yaml"), description="The sources file used when --sources is not given."
    )
    lexicon: Path | None = Field(None, description="The Vietnam lexicon file (default: config/lexicon.yaml).")
    spellings: Path | None = Field(
        None, description="Extra search spellings of lexicon entries (default: config/spellings.yaml)."
    )
    places: Path | None = Field(
        None,
        description="The gazetteer's curated places file (default: config/places.yaml; its generated "
        "names are read from places-names.yaml beside it).",
    )
    topics: Path | None = Field(None, description="The topic rules file (default: config/topics.yaml).")
    discovery: Path | None = Field(
        None,
        description="The discovery file: GDELT DOC queries and search-engine news feeds "
        "(default: config/discovery.yaml).",
    )
    domestic_domains: Path | None = Field(
        None,
        description="The Vietnamese outlets on generic top-level domains, treated as domestic "
        "(default: config/domestic.yaml).",
    )
    relevance_threshold: float = Field(
        3.0, description="Relevance score from which an article counts as about Vietnam."
    )
    bulk_size: int = Field(200, description="Documents per bulk request to Elasticsearch.")
    timezone: str = Field(
        "Asia/Ho_Chi_Minh", description="Time zone of schedules, weekly exports and dates shown to users."
    )
    smtp_host: str | None = Field(None, description="SMTP server for alerts and reports (none: no email).")
    smtp_port: int = Field(25, description="SMTP port (587 with STARTTLS, 465 with implicit TLS).")
    smtp_username: str | None = Field(None, description="SMTP user name, when the server needs a login.")
    smtp_password: str | None = Field(None, description="SMTP password.")
    smtp_security: str = Field("none", description="SMTP transport security: none, starttls or tls.")
    smtp_from: str = Field("vnmon@localhost", description="Sender address of every email vnmon sends.")
    smtp_timeout: float = Field(30.0, description="SMTP connection timeout, in seconds.")
    report_recipients: str = Field(
        "", description="Comma-separated email addresses that receive the weekly report (none: no email)."
    )
    schedules: Path = Field(
        Path("config/schedules.yaml"),
        description="Crawl schedules copied into VNMON_DATA_DIR/schedules.json the first time it is needed.",
    )
    scheduler_max_crawls: int = Field(
        2, ge=1, description="How many crawls `vnmon scheduler` runs at the same time, at most."
    )
    redis_url: str | None = Field(
        None,
        description="Redis URL (redis://host:port/db): crawler processes then share one frontier.",
    )
    workers: str = Field(
        "auto",
        description="Processes that extract, score and tag pages beside each crawl process: auto "
        "(one per CPU core, at most 4), or a number (0: in the crawl process).",
    )
    # Crawl settings: crawler/settings.py hands each to Scrapy under the same name, so that
    # `vnmon crawl -s VNMON_MAX_PAGES=50` (or `scrapy crawl -s …`) overrides it for one crawl.
    max_pages: int = Field(
        2000, ge=1, description="Article pages per source and crawl, for sources without max_pages."
    )
    article_max_age_days: int = Field(
        30, ge=1, description="Oldest article a crawl keeps, in days, for sources without max_age_days."
    )
    refetch: bool = Field(False, description="Fetch again the articles that are already in the index.")
    allow_private_addresses: bool = Field(
        False,
        description="Let crawls and `vnmon sources check` fetch loopback, private and link-local "
        "addresses (the demo, the tests, intranet sources).",
    )
    backoff_seconds: float = Field(
        30.0, ge=0, description="Floor delay of a site, in seconds, after it answers 429 or 503."
    )
    warc_gzip_level: int = Field(
        6,
        ge=1,
        le=9,
        description="gzip level of the WARC archive (9 saves < 1% on news pages at 1.6× the CPU).",
    )
    run_id: str | None = Field(
        None,
        description="Id of the crawl's run record (default: crawl-<time>-<spider>; the scheduler sets it).",
    )
    run_trigger: str | None = Field(
        None,
        description="What started the crawl, shown by `vnmon runs` (default: manual; the scheduler sets it).",
    )
    run_log: Path | None = Field(
        None, description="Log file named in the crawl's run record (default: LOG_FILE)."
    )
    alert_emails: str | None = Field(
        None, description="Operators emailed when a source turns broken (comma-separated addresses)."
    )
    alert_webhook: str | None = Field(
        None, description="URL that gets a JSON POST when a source turns broken."
    )
    alerts_lookback_hours: float = Field(
        24.0,
        ge=0,
        description="How far before its last run a saved search looks for articles indexed late "
        "(the delivery log stops repeats).",
    )
    alerts_max_articles: int = Field(
        50,
        ge=1,
        le=1000,
        description="Articles in one alert digest at most; the rest follow at the next run.",
    )
    trusted_proxies: str = Field(
        "",
        description="Addresses of the reverse proxies whose X-Forwarded-For/-Proto headers `vnmon serve` "
        "believes (comma-separated; none: those headers are ignored and every client is its "
        "connecting address).",
    )

    gdelt_base_url: str = Field(
        "http://data.gdeltproject.org/gdeltv2/",
        description="Where GDELT 2.0 publishes lastupdate.txt, masterfilelist.txt and the 15-minute "
        "GKG files (`vnmon discover gdelt`); a mirror or a test stand-in may stand in for it.",
    )
    gdelt_doc_url: str = Field(
        "https://api.gdeltproject.org/api/v2/doc/doc",
        description="The GDELT DOC 2.0 API endpoint (`vnmon discover gdelt-doc`).",
    )
    gdelt_catchup_hours: float = Field(
        24.0,
        ge=0,
        le=24 * 30,
        description="How far back `vnmon discover gdelt` catches up on missed 15-minute GKG files "
        "after downtime (through masterfilelist.txt), in hours.",
    )
    gdelt_translation: bool = Field(
        True, description="Read GDELT Translingual's files (non-English sources) besides the English ones."
    )
    gdelt_max_urls: int = Field(
        5000, ge=1, description="Discovered article URLs one discovery run hands to the crawler, at most."
    )
    gdelt_timeout: float = Field(
        60.0, gt=0, description="Timeout of one request to GDELT (lists, files, DOC API), in seconds."
    )
    gdelt_doc_interval_seconds: float = Field(
        5.0, ge=0, description="Seconds between two DOC 2.0 API requests (GDELT asks for at least 5)."
    )
    gdelt_doc_retries: int = Field(
        4, ge=0, le=20, description="Retries of a DOC 2.0 API request answered 429 or 5xx, with back-off."
    )
    news_search_interval_seconds: float = Field(
        2.0,
        ge=0,
        description="Seconds between two requests to one news aggregator (its feeds and redirects) "
        "in `vnmon discover news`.",
    )
    news_search_max_items: int = Field(
        100, ge=1, le=10_000, description="Items read from one news-search feed at most."
    )
    news_search_timeout: float = Field(
        30.0, gt=0, description="Timeout of one request to a news aggregator, in seconds."
    )

    @field_validator("es_url")
    @classmethod
    def _es_hosts(cls, value: str) -> str:
        return ",".join(es_hosts(value))

    public_url: str = Field(
        "http://127.0.0.1:8000",
        description="Address readers reach `vnmon serve` at: exports and reports link each article's "
        "archived copy there.",
    )

    @field_validator("workers")
    @classmethod
    def _worker_count(cls, value: str) -> str:
        value = value.strip().lower()
        if value != "auto" and not value.isdigit():
            raise ValueError(f"VNMON_WORKERS {value!r} must be auto or a whole number >= 0")
        return value

    @field_validator("smtp_security")
    @classmethod
    def _known_security(cls, value: str) -> str:
        if value not in ("none", "starttls", "tls"):
            raise ValueError(f"VNMON_SMTP_SECURITY {value!r} must be none, starttls or tls")
        return value

    @field_validator("public_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith(("http://", "https://")):
            raise ValueError(f"VNMON_PUBLIC_URL {value!r} must start with http:// or https://")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"VNMON_TIMEZONE {value!r} is not an IANA time zone") from exc
        return value

    @field_validator("gdelt_base_url", "gdelt_doc_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value.strip()

    @field_validator("index_prefix")
    @classmethod
    def _prefix_is_index_safe(cls, value: str) -> str:
        if not value or value != value.lower() or any(c in value for c in ' "*\\<|,>/?#:'):
            raise ValueError(f"VNMON_INDEX_PREFIX {value!r} must be lowercase with no spaces or */\\")
        return value


def es_hosts(value: str) -> list[str]:
    """The URLs of a comma-separated VNMON_ES_URL, each checked to be `http(s)://host[:port]`.

    A bad entry raises `ValueError` naming it (without its password, if it carries one).
    """
    hosts = [h.strip() for h in value.split(",")]
    if not any(hosts):
        raise ValueError("VNMON_ES_URL is empty: give at least one URL such as http://127.0.0.1:9200")
    for position, host in enumerate(hosts, start=1):
        shown = repr(re.sub(r"//[^/@]*@", "//", host))  # never the password
        where = f"VNMON_ES_URL entry {position} {shown}" if len(hosts) > 1 else f"VNMON_ES_URL {shown}"
        if not host:
            raise ValueError(f"VNMON_ES_URL entry {position} is empty (a stray comma?)")
        try:
            parts = urlsplit(host)
            port = parts.port
        except ValueError as exc:
            raise ValueError(f"{where} is not a URL ({exc})") from exc
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{where} is not an http(s) URL such as http://127.0.0.1:9200")
        if port == 0 or parts.query or parts.fragment:
            raise ValueError(f"{where} must be scheme, host, port and at most a path, e.g. http://es1:9200")
        if port is None and parts.scheme == "http":
            raise ValueError(f"{where} needs a port, e.g. http://{parts.hostname}:9200")
    return hosts


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests call `get_settings.cache_clear()` after changing env).

    A bad value is a `SettingError` naming the variable (`VNMON_WORKERS: ...`), which the CLI
    prints as one line, not a pydantic traceback."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = "VNMON_" + "_".join(str(p) for p in error["loc"]).upper() if error["loc"] else "settings"
            message = error["msg"].removeprefix("Value error, ")
            problems.append(message if message.startswith(name) else f"{name}: {message}")
        raise SettingError("bad setting: " + "; ".join(problems)) from None
