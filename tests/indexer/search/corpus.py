"""Hand-built articles for precise search cases: languages, a wire story, day boundaries, a big page set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from elasticsearch import Elasticsearch, helpers

from indexer.lifecycle import articles_alias, setup
from indexer.mapping import article_document
from vnmon.kernel.article import Article

FETCHED = datetime(2025, 4, 1, tzinfo=UTC)

WIRE_BODY = (
    "Vietnam signed a new agreement on rice exports in Hanoi on Monday, officials said. The deal covers "
    "shipments over the next three years and sets quality rules for growers in the Mekong Delta. "
)
WIRE_OUTLETS = [
    ("globe", "The Globe", "US"),
    ("herald", "The Herald", "GB"),
    ("courier", "Daily Courier", "AU"),
]


def article(
    ident: str,
    *,
    language: str,
    title: str,
    body: str,
    published: datetime | None,
    source: str = "desk",
    source_name: str = "News Desk",
    country: str = "US",
    cluster: str | None = None,
    relevance: float = 6.0,
) -> Article:
    url = f"https://{source}.example/{ident}.html"
    return Article(
        id=ident,
        url=url,
        canonical_url=url,
        source=source,
        source_name=source_name,
        country=country,
        title=title,
        body=body,
        language=language,
        published_at=published,
        fetched_at=FETCHED,
        relevance=relevance,
        matched_terms=["Vietnam"],
        cluster_id=cluster if cluster is not None else f"c-{ident}",
    )


def at(day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


def precise_articles() -> list[Article]:
    """Few articles, each there for one behaviour a test names."""
    wire = [
        article(
            f"wire-{i}",
            language="en",
            title="Vietnam signs rice export deal",
            body=WIRE_BODY * 3,
            published=at(10, 8 + i),
            source=source,
            source_name=name,
            country=country,
            cluster="wire-rice",
        )
        for i, (source, name, country) in enumerate(WIRE_OUTLETS)
    ]
    return [
        *wire,
        article(
            "ru-rice",
            language="ru",
            title="Рис дорожает",
            body="Цены на рис во Вьетнаме выросли. Экспортёры риса из Вьетнама ждут роста поставок. " * 3,
            published=at(11),
            source="vestnik",
            source_name="Вестник",
            country="RU",
        ),
        article(
            "ru-metro",
            language="ru",
            title="Метро открыли",
            body="В Хошимине открыли первую линию метро. Пассажиры довольны новыми поездами. " * 3,
            published=at(11, 9),
            source="vestnik",
            source_name="Вестник",
            country="RU",
        ),
        article(
            "uk-visit",
            language="uk",
            title="Делегація прибула",
            body="Делегація прибула до В'єтнаму. Переговори про торгівлю тривали два дні. " * 3,
            published=at(12),
            source="visnyk",
            source_name="Вісник",
            country="UA",
        ),
        article(
            "uk-typo",
            language="uk",
            title="Торгівля зростає",
            body="Товарообіг з В’єтнамом зростає. Експерти очікують нових угод у березні. " * 3,
            published=at(12, 9),
            source="visnyk",
            source_name="Вісник",
            country="UA",
        ),
        article(
            "de-rice",
            language="de",
            title="Reisexporte steigen",
            body="Die vietnamesische Regierung meldet steigende Reisexporte nach Europa. " * 3,
            published=at(13),
            source="rundschau",
            source_name="Rundschau",
            country="DE",
        ),
        article(
            "fr-metro",
            language="fr",
            title="Le métro aérien",
            body="À Hanoï, le métro aérien peine à convaincre les habitués du deux-roues. " * 3,
            published=at(14),
            source="gazette",
            source_name="La Gazette",
            country="FR",
        ),
        article(
            "ja-coffee",
            language="ja",
            title="ベトナムのコーヒー輸出",
            body="ベトナムのコーヒー輸出が過去最高を記録した。生産者は価格の上昇を歓迎している。" * 3,
            published=at(15),
            source="nippo",
            source_name="日報",
            country="JP",
        ),
        article(
            "en-war",
            language="en",
            title="Veterans remember the war",
            body="Veterans of the Vietnam War met in Hanoi to remember fallen friends and the war. " * 3,
            published=at(16),
            source="globe",
            source_name="The Globe",
            country="US",
        ),
        # Either side of local midnight in Asia/Ho_Chi_Minh (UTC+7): 23:59 on the 17th, 00:00 on the 18th.
        article(
            "late-17",
            language="en",
            title="Late ferry news",
            body="A ferry from Vietnam arrived late at night with tourists and rice traders. " * 3,
            published=at(17, 16, 59),
            source="herald",
            source_name="The Herald",
            country="GB",
        ),
        article(
            "early-18",
            language="en",
            title="Early ferry news",
            body="A ferry from Vietnam arrived early in the morning with tourists and rice traders. " * 3,
            published=at(17, 17, 0),
            source="herald",
            source_name="The Herald",
            country="GB",
        ),
        article(
            "no-date",
            language="en",
            title="Undated Vietnam feature",
            body="An undated feature about rice farming in Vietnam and its cooperatives. " * 3,
            published=None,
            source="courier",
            source_name="Daily Courier",
            country="AU",
        ),
    ]


PAGER_STORIES = 260
PAGER_SECOND_COPIES = 45  # stories 0..44 also ran in a second outlet, five days later


def pager_articles() -> list[Article]:
    """305 near-identical coffee articles (260 stories) for paging: equal scores, many ties."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    docs = []
    for i in range(PAGER_STORIES):
        published = start + timedelta(hours=7 * i)
        body = f"Vietnam coffee harvest report number {i}. Growers in the highlands report good yields. " * 2
        docs.append(
            article(
                f"pager-{i:03d}",
                language="en",
                title="Coffee harvest report",
                body=body,
                published=published,
                source="pager",
                source_name="Pager",
                cluster=f"story-{i}",
            )
        )
        if i < PAGER_SECOND_COPIES:
            docs.append(
                article(
                    f"pager-{i:03d}-copy",
                    language="en",
                    title="Coffee harvest report",
                    body=body,
                    published=published + timedelta(days=5),
                    source="pager2",
                    source_name="Pager Two",
                    cluster=f"story-{i}",
                )
            )
    return docs


def index(client: Elasticsearch, prefix: str, articles: list[Article]) -> str:
    """Set up the alias for `prefix` and index `articles` (visible to search on return)."""
    setup(client, prefix)
    alias = articles_alias(prefix)
    actions = [{"_index": alias, "_id": a.id, "_source": article_document(a)} for a in articles]
    helpers.bulk(client, actions, refresh="wait_for")
    return alias


# (id, language, country, words, month of 2025, story, GDELT tone): a wire story copied by three
# outlets in January, two typhoon stories and a rice story in February.
TONED_ROWS = [
    ("w1", "en", "US", "typhoon warning", 1, "storm-wire", -4.0),
    ("w2", "en", "GB", "typhoon warning", 1, "storm-wire", -2.0),
    ("w3", "en", "AU", "typhoon warning", 1, "storm-wire", -3.0),
    ("s1", "fr", "FR", "typhoon damage", 2, "s1", 1.0),
    ("s2", "de", "DE", "typhoon relief", 2, "s2", None),
    ("r1", "en", "US", "rice harvest", 2, "r1", None),
]


def toned_articles() -> list[Article]:
    """A wire story copied three times and three other stories, some with GDELT's tone (compare)."""
    made = []
    for i, (ident, language, country, words, month, story, tone) in enumerate(TONED_ROWS):
        text = f"Vietnam {words}"
        published = datetime(2025, month, 10 + i, 6, tzinfo=UTC)
        made.append(
            article(
                ident, language=language, title=text, body=text, published=published, cluster=story
            ).model_copy(update={"gdelt_tone": tone, "country": country})
        )
    return made
