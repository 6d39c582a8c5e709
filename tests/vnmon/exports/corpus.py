"""Articles indexed straight into the real node for export tests, with known dates and clusters."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from elasticsearch import Elasticsearch

from indexer.lifecycle import articles_alias, setup
from indexer.store import ArticleStore
from vnmon.kernel.article import Article

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# (source, name, country, language)
OUTLETS = [
    ("pacific-wire", "Pacific Wire", "AU", "en"),
    ("gazette-estuaire", "La Gazette de l'Estuaire", "FR", "fr"),
    ("vostochny-vestnik", "Восточный вестник", "RU", "ru"),
    ("minatogawa-nippo", "港川日報", "JP", "ja"),
]
TITLES = {
    "en": "Vietnam's exports to Australia rise in {n}",
    "fr": "Le Vietnam et la France signent l'accord {n}",
    "ru": "Вьетнам и Россия: новое соглашение {n}",
    "ja": "ベトナム経済の成長 第{n}回",
}


def local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


def article(
    n: int,
    published: datetime,
    outlet: int = 0,
    cluster: str | None = None,
    relevance: float = 5.0,
    title: str | None = None,
) -> Article:
    source, name, country, language = OUTLETS[outlet]
    return Article(
        id=f"art-{n:05d}",
        url=f"http://127.0.0.{outlet + 1}/news/{n}",
        canonical_url=f"http://127.0.0.{outlet + 1}/news/{n}",
        source=source,
        source_name=name,
        country=country,
        title=title or TITLES[language].format(n=n),
        lead=f"Hà Nội lead {n}.",
        body=f"Hanoi Vietnam body text number {n}. " * 20,
        language=language,
        published_at=published.astimezone(UTC),
        fetched_at=published.astimezone(UTC) + timedelta(hours=1),
        relevance=relevance,
        matched_terms=["Vietnam", "Hanoi"],
        cluster_id=cluster,
    )


def index_articles(client: Elasticsearch, articles: Iterable[Article], data_dir: Path) -> int:
    """Index through the project's store (the crawler's path) and make them searchable."""
    setup(client)
    store = ArticleStore(client, articles_alias(), data_dir / "spool", batch_size=1000)
    for item in articles:
        store.add(item)
    store.flush()
    client.indices.refresh(index=articles_alias())
    if store.totals.spooled or store.totals.quarantined:
        raise AssertionError(f"the node refused test articles: {store.totals.errors}")
    return store.totals.indexed
