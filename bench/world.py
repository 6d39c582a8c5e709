"""The large bench news world: thousands of article pages made from real pages, per outlet and URL.

Every page is derived, deterministically, from one of the real pages of the shared extraction
split: its markup, size and boilerplate are kept; its title, canonical URL and og:url are
replaced, each article paragraph is served in one of several word-shuffled variants (so two
articles made from the same page are not near-duplicates), and some articles get a paragraph
about Vietnam in the page's language (those are the ones the pipeline should index).
Pure functions and data: `bench.server` serves a `BenchWorld`, the benches read its URLs.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

DATA = Path(os.environ.get("VNMON_BENCH_DATA", "/work/shared/bench-data"))
EXTRACTION_DIR = DATA / "article-extraction"
FIRST_HOST = 2  # outlets are served on 127.0.0.2, .3, ...
VARIANTS = 8  # word-shuffled variants per paragraph
REPLACED_SHARE = 0.25  # share of a paragraph's words swapped in each variant
SITEMAP_CHUNK = 1000  # URLs per child sitemap
FEED_ITEMS = 100
SECTIONS = ("world", "business", "politics")
SECTION_PAGE = 50  # links per section page
SECTION_DEPTH = 2

# A paragraph (and a title prefix) about Vietnam per template language: what makes an article
# relevant to the lexicon (the country named in the title, cities and the adjective in the body).
VIETNAM_PARAGRAPH = {
    "en": "Vietnam's government in Hanoi said the new rules would also apply to Vietnamese exporters "
    "in Ho Chi Minh City and Da Nang, officials told reporters on Monday.",
    "pt": "O governo do Vietnã, em Hanói, disse que as novas regras também valerão para exportadores "
    "vietnamitas na Cidade de Ho Chi Minh, segundo autoridades.",
    "de": "Die Regierung Vietnams in Hanoi erklärte, die neuen Regeln gälten auch für vietnamesische "
    "Exporteure in Ho-Chi-Minh-Stadt, sagten Beamte am Montag.",
    "ru": "Правительство Вьетнама в Ханое заявило, что новые правила коснутся и вьетнамских "
    "экспортёров в Хошимине, сообщили чиновники в понедельник.",
    "id": "Pemerintah Vietnam di Hanoi mengatakan aturan baru itu juga berlaku bagi eksportir "
    "Vietnam di Kota Ho Chi Minh, kata para pejabat pada hari Senin.",
    "ja": "ベトナム政府はハノイで、新しい規則はホーチミン市のベトナムの輸出業者にも適用されると述べた。",
    "es": "El gobierno de Vietnam, en Hanói, dijo que las nuevas reglas también se aplicarán a los "
    "exportadores vietnamitas de Ciudad Ho Chi Minh, según funcionarios.",
}
VIETNAM_TITLE = {
    "en": "Vietnam",
    "pt": "Vietnã",
    "de": "Vietnam",
    "ru": "Вьетнам",
    "id": "Vietnam",
    "ja": "ベトナム",
    "es": "Vietnam",
}

_PARAGRAPH = re.compile(r"(<p\b[^>]*>)(.*?)(</p>)", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"(<[^>]+>)")
_TITLE = re.compile(r"(<title[^>]*>)(.*?)(</title>)", re.DOTALL | re.IGNORECASE)
_H1 = re.compile(r"(<h1\b[^>]*>)([^<]*)(</h1>)", re.IGNORECASE)
_META_CONTENT = re.compile(
    r"""(<meta\b[^>]*(?:property|name)=["'](?:og:title|twitter:title|og:url)["'][^>]*content=["'])"""
    r"""([^"']*)(["'])""",
    re.IGNORECASE,
)
_CANONICAL = re.compile(r"""(<link\b[^>]*rel=["']canonical["'][^>]*href=["'])([^"']*)(["'])""", re.IGNORECASE)
_MIN_PARAGRAPH_WORDS = 6


@dataclass(frozen=True)
class Template:
    """A real page cut into literal parts and slots: ("lit", bytes), ("title",), ("url",),
    ("para", index) and ("vietnam",), with the paragraph variants as UTF-8 bytes."""

    name: str
    language: str
    parts: tuple[tuple[Any, ...], ...]
    variants: tuple[tuple[bytes, ...], ...]
    title: str


def _language_of(text: str) -> str:
    from crawler.language import detect_text

    code = detect_text(text).code
    return code if code in VIETNAM_PARAGRAPH else "en"


def _vary(words: list[str], vocabulary: list[str], rng: random.Random) -> str:
    return " ".join(rng.choice(vocabulary) if rng.random() < REPLACED_SHARE else w for w in words)


def _escaped(text: str) -> bytes:
    return html.escape(text, quote=False).encode("utf-8")


def _cut(page: str) -> tuple[list[tuple[Any, ...]], list[list[str]]]:
    """Split a page into literal text and slots; return the parts and each paragraph's words."""
    marks: list[tuple[int, int, tuple[Any, ...]]] = []
    paragraphs: list[list[str]] = []
    first_paragraph_end: int | None = None
    for match in _PARAGRAPH.finditer(page):
        offset = match.start(2)
        for piece in _TAG.split(match.group(2)):
            words = piece.split()
            if not piece.startswith("<") and len(words) >= _MIN_PARAGRAPH_WORDS:
                marks.append((offset, offset + len(piece), ("para", len(paragraphs))))
                paragraphs.append(words)
                if first_paragraph_end is None:
                    first_paragraph_end = match.end()
            offset += len(piece)
    for pattern, fixed in ((_TITLE, "title"), (_H1, "title"), (_META_CONTENT, None), (_CANONICAL, "url")):
        for match in pattern.finditer(page):
            kind = fixed or ("url" if "og:url" in match.group(1).lower() else "title")
            marks.append((match.start(2), match.end(2), (kind,)))
            if pattern is _H1:
                break  # only the headline
    if first_paragraph_end is not None:
        marks.append((first_paragraph_end, first_paragraph_end, ("vietnam",)))
    marks.sort(key=lambda m: m[0])
    parts: list[tuple[Any, ...]] = []
    position = 0
    for start, end, slot in marks:
        if start < position:
            continue  # overlapping match (a title inside a paragraph): keep the first
        parts.append(("lit", page[position:start].encode("utf-8")))
        parts.append(slot)
        position = end
    parts.append(("lit", page[position:].encode("utf-8")))
    return parts, paragraphs


def load_template(path: Path, seed: int = 0) -> Template:
    page = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    parts, paragraphs = _cut(page)
    vocabulary = [w for words in paragraphs for w in words] or ["news"]
    rng = random.Random(f"{path.name}:{seed}")
    variants = tuple(
        tuple(_escaped(_vary(words, vocabulary, rng)) for _ in range(VARIANTS)) for words in paragraphs
    )
    title_match = _TITLE.search(page)
    title = html.unescape(title_match.group(2)).strip() if title_match else path.stem[:12]
    language = _language_of(" ".join(" ".join(w) for w in paragraphs[:20]) or title)
    return Template(path.name, language, tuple(parts), variants, title)


def load_templates(directory: Path | None = None) -> list[Template]:
    folder = directory or EXTRACTION_DIR / "html"
    paths = sorted(folder.glob("*.html.gz"))
    if not paths:
        raise FileNotFoundError(f"no *.html.gz pages in {folder} (set VNMON_BENCH_DATA)")
    return [load_template(p) for p in paths]


@dataclass(frozen=True)
class Outlet:
    index: int
    id: str
    host: str

    @property
    def name(self) -> str:
        return f"Bench Outlet {self.index + 1}"


@dataclass
class BenchWorld:
    """`outlets` sites with `articles` article pages in total, served on one `port`."""

    outlets: int = 25
    articles: int = 20_000
    port: int = 0
    vietnam_share: float = 0.5
    now: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    @cached_property
    def outlet_list(self) -> list[Outlet]:
        return [Outlet(i, f"bench-{i + 1:02d}", f"127.0.0.{FIRST_HOST + i}") for i in range(self.outlets)]

    def per_outlet(self, outlet: Outlet) -> int:
        base, extra = divmod(self.articles, self.outlets)
        return base + (1 if outlet.index < extra else 0)

    def base_url(self, outlet: Outlet) -> str:
        return f"http://{outlet.host}" if self.port == 80 else f"http://{outlet.host}:{self.port}"

    # --- articles ------------------------------------------------------------------------------

    def article_path(self, outlet: Outlet, number: int) -> str:
        day = self.published(number)
        return f"/news/{day:%Y/%m}/story-{outlet.index + 1}-{number}.html"

    def published(self, number: int) -> datetime:
        return self.now - timedelta(minutes=7 * number + 1)

    def about_vietnam(self, outlet: Outlet, number: int) -> bool:
        digest = hashlib.blake2b(f"{outlet.id}/{number}".encode(), digest_size=4).digest()
        return int.from_bytes(digest, "big") / 2**32 < self.vietnam_share

    def template_index(self, outlet: Outlet, number: int, count: int) -> int:
        return (outlet.index * 7 + number * 13) % count

    def article_urls(self, per_outlet: int | None = None) -> Iterator[str]:
        """Every article URL, or the newest `per_outlet` of each outlet."""
        for outlet in self.outlet_list:
            base = self.base_url(outlet)
            for number in range(min(per_outlet or self.articles, self.per_outlet(outlet))):
                yield base + self.article_path(outlet, number)

    def title(self, template: Template, outlet: Outlet, number: int) -> str:
        core = template.title.split(" | ")[0].split(" - ")[0].strip()
        if self.about_vietnam(outlet, number):
            core = f"{VIETNAM_TITLE[template.language]}: {core}"
        return f"{core} ({outlet.name}, no. {number})"

    # --- sources file --------------------------------------------------------------------------

    def source_entries(self, max_pages: int | None = None) -> list[dict[str, Any]]:
        """Sources-file entries; `max_pages` caps the articles fetched per outlet (default all)."""
        entries = []
        for outlet in self.outlet_list:
            base = self.base_url(outlet)
            entries.append(
                {
                    "id": outlet.id,
                    "name": outlet.name,
                    "country": "US",
                    "feeds": [f"{base}/feed.xml"],
                    "sitemaps": [f"{base}/sitemap.xml"],
                    "sections": [f"{base}/section/{s}" for s in SECTIONS],
                    "verified": True,
                    # the template pages keep their real (older) dates: nothing is too old here
                    "max_age_days": 36500,
                    "max_pages": max_pages or self.per_outlet(outlet) + 10,
                    "section_depth": SECTION_DEPTH,
                }
            )
        return entries

    def write_sources(self, path: Path, max_pages: int | None = None) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        header = "# The bench news world (bench.world); generated, do not edit.\n"
        path.write_text(header + yaml.safe_dump({"sources": self.source_entries(max_pages)}, sort_keys=False))
        return path

    def describe(self) -> dict[str, Any]:
        return {
            "outlets": self.outlets,
            "articles": self.articles,
            "port": self.port,
            "vietnam_share": self.vietnam_share,
            "now": self.now.isoformat(),
        }

    @classmethod
    def from_description(cls, data: dict[str, Any]) -> BenchWorld:
        return cls(
            outlets=int(data["outlets"]),
            articles=int(data["articles"]),
            port=int(data["port"]),
            vietnam_share=float(data["vietnam_share"]),
            now=datetime.fromisoformat(data["now"]),
        )


def world_json(world: BenchWorld) -> str:
    return json.dumps(world.describe())
