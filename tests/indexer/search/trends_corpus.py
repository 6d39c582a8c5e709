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


# The same weeks with more in them: the typhoon stories tagged with their places and topic, a
# free trade agreement signed (in Britain's press), and the storm in Chinese and Thai.
# Background stories of Britain's wire, of disasters (the topic) and of Quang Ninh (the place).
OTHER_BACKGROUND = [
    ("trade", "Vietnam trade with Europe grew as the exporters shipped rice on the ships."),
    ("flood", "Floods hit the Mekong Delta on Sunday as the river rose over the fields."),
    ("place", "Quang Ninh welcomed the tourists on the boats of Ha Long Bay this season."),
]
FOREGROUND_TRADE = [
    "Vietnam and the European Union signed a free trade agreement in Hanoi on Monday.",
    "The free trade agreement cuts tariffs on Vietnam textiles and rice.",
    "Exporters welcome the free trade agreement as tariffs on shoes fall.",
    "Under the free trade agreement, Vietnam ships more coffee to Europe.",
]
BACKGROUND_ZH = ["越南大米出口增长，农民在湄公河三角洲收获。", "河内官员与投资者讨论越南工厂。"]
FOREGROUND_ZH = [
    "台风摩羯袭击越南北部，河内街道被淹。",
    "台风摩羯造成越南广宁省房屋倒塌。",
    "越南救援队在台风摩羯过后搜救村民。",
]
BACKGROUND_TH = ["การส่งออกข้าวของเวียดนามเพิ่มขึ้น ชาวนาพอใจ", "ฮานอยหารือกับนักลงทุน เรื่องโรงงาน"]
FOREGROUND_TH = ["พายุไต้ฝุ่นยางิถล่มเวียดนาม น้ำท่วมฮานอย", "พายุไต้ฝุ่นยางิทำให้บ้านพัง ในกวางนิญ"]


def phrase_articles(now: datetime = NOW) -> list[Article]:
    """`trends_articles` with places/topics on the storm, plus trade, Chinese and Thai stories."""
    found = [
        a.model_copy(update={"places": ["quang_ninh", "hai_phong"], "topics": ["disasters"]})
        if a.id.startswith("fg-")
        else a
        for a in trends_articles(now)
    ]
    for week in range(1, 9):
        published = now - timedelta(days=7 * week + 2)
        for kind, body in OTHER_BACKGROUND:
            tags = {"flood": {"topics": ["disasters"]}, "place": {"places": ["quang_ninh"]}}.get(kind, {})
            source, country = ("wire", "GB") if kind == "trade" else ("desk", "US")
            found.append(
                article(f"bg-{kind}-{week}", language="en", title=body[:40], body=body, published=published,
                        source=source, country=country).model_copy(update=tags)
            )  # fmt: skip
        for lang, bodies in (("zh", BACKGROUND_ZH), ("th", BACKGROUND_TH)):
            for i, body in enumerate(bodies):
                when = published - timedelta(hours=i)
                found.append(
                    article(
                        f"bg-{lang}-{week}-{i}", language=lang, title=body[:10], body=body, published=when
                    )
                )
    for lang, bodies in (("trade", FOREGROUND_TRADE), ("zh", FOREGROUND_ZH), ("th", FOREGROUND_TH)):
        for i, body in enumerate(bodies):
            source, country = ("wire", "GB") if lang == "trade" else ("desk", "US")
            found.append(
                article(f"fg-{lang}-{i}", language="en" if lang == "trade" else lang, title=body[:50],
                        body=body, published=now - timedelta(days=i + 1, hours=5), source=source,
                        country=country).model_copy(update={"topics": ["trade"] if lang == "trade" else []})
            )  # fmt: skip
    return found
