"""A corpus for "what is new": eight quiet weeks in English and Vietnamese, then a typhoon week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.indexer.search.corpus import article
from vnmon.kernel.article import Article

# Relative to the real clock, so that `vnmon trends` and the web page (which read it) see the same periods.
NOW = datetime.now(UTC).replace(microsecond=0)

BACKGROUND_EN = [
    "Vietnam rice exports rose as farmers in the Mekong Delta sold the harvest to traders.",
    "Hanoi officials met investors to discuss factories and rice exports from Vietnam.",
    "Vietnam coffee growers expect higher prices for rice exports and beans this season.",
    "Traffic in Hanoi slowed as the government announced new rules for motorbikes in Vietnam.",
]
BACKGROUND_VI = [
    "Xuất khẩu gạo của Việt Nam tăng mạnh nhờ nông dân đồng bằng sông Cửu Long.",
    "Hà Nội gặp gỡ nhà đầu tư để bàn về nhà máy và xuất khẩu gạo.",
    "Giá cà phê tăng khiến nông dân Việt Nam phấn khởi với xuất khẩu gạo.",
]
FOREGROUND_EN = [
    "Typhoon Yagi hit northern Vietnam, flooding Hanoi streets; rice exports may slow.",
    "Typhoon Yagi destroyed homes in Quang Ninh and Hai Phong, Vietnam officials said.",
    "Rescue teams searched villages after Typhoon Yagi brought landslides to Vietnam.",
    "Typhoon Yagi death toll rises as rivers flood in Vietnam, rice exports continue.",
    "Aid arrives in Vietnam after Typhoon Yagi; farmers count the losses.",
]
FOREGROUND_VI = [
    "Bão Yagi đổ bộ vào miền Bắc Việt Nam, xuất khẩu gạo có thể chậm lại.",
    "Bão Yagi làm sập nhà ở Quảng Ninh và Hải Phòng.",
    "Sau bão Yagi, lũ lụt và sạt lở đất ở nhiều tỉnh miền Bắc.",
    "Nông dân Việt Nam đếm thiệt hại sau bão Yagi.",
]


def trends_articles(now: datetime = NOW) -> list[Article]:
    """Four (en) and three (vi) articles a week for the 8 weeks before `now`'s week; then the storm."""
    found: list[Article] = []
    for week in range(1, 9):
        for i, body in enumerate(BACKGROUND_EN):
            published = now - timedelta(days=7 * week + i % 6 + 1)
            found.append(
                article(f"bg-en-{week}-{i}", language="en", title=body[:40], body=body, published=published)
            )
        for i, body in enumerate(BACKGROUND_VI):
            published = now - timedelta(days=7 * week + i + 1)
            found.append(
                article(f"bg-vi-{week}-{i}", language="vi", title=body[:40], body=body, published=published)
            )
    for lang, bodies in (("en", FOREGROUND_EN), ("vi", FOREGROUND_VI)):
        for i, body in enumerate(bodies):
            published = now - timedelta(days=i + 1, hours=3)
            found.append(
                article(f"fg-{lang}-{i}", language=lang, title=body[:50], body=body, published=published)
            )
    return found
