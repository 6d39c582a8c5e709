"""Page metadata fields (title, authors, canonical URL, language, site, section, tags, lead)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.extraction.page import Page

_SPACE = re.compile(r"\s+")
_BYLINE_PREFIX = re.compile(
    r"^(?:by|from|von|par|por|di|door|av|af|przez|автор[ы]?:?|written by|posted by|reported by)\s+",
    re.IGNORECASE,
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\bи\b)\s*", re.I)
_AUTHOR_NOISE = re.compile(r"(https?://\S+|www\.\S+|\S+@\S+|@\w+|\b(?:updated|published|posted)\b.*$)", re.I)
# Values that name a role or the outlet rather than a person.
_NOT_PEOPLE = frozenset(
    {
        "staff",
        "admin",
        "administrator",
        "editor",
        "editors",
        "reporter",
        "correspondent",
        "guest",
        "anonymous",
        "unknown",
        "news desk",
        "newsroom",
        "web desk",
        "the associated press",
    }
)
_ROLE_WORDS = frozenset(
    {
        "staff",
        "writer",
        "writers",
        "correspondent",
        "editor",
        "editors",
        "reporter",
        "reporters",
        "desk",
        "contributor",
        "newsroom",
        "bureau",
        "team",
        "press",
    }
)
_CREDENTIALS = frozenset({"PhD", "Ph.D", "MD", "MSc", "MBA", "Jr", "Sr"})
_MAX_BYLINE_CHARS = 100
_DOMAIN_LIKE = re.compile(r"[a-z0-9]\.[a-z]{2,}\b")
# An article's slug has this many words or more; a section's name fewer.
_SLUG_WORDS = 4
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")
# ISO 639-2/T and legacy codes pages still declare.
_LANGUAGE_ALIASES = {
    "iw": "he",
    "in": "id",
    "ji": "yi",
    "jw": "jv",
    "mo": "ro",
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "deu": "de",
    "ger": "de",
    "spa": "es",
    "por": "pt",
    "rus": "ru",
    "ukr": "uk",
    "zho": "zh",
    "chi": "zh",
    "jpn": "ja",
    "kor": "ko",
    "vie": "vi",
    "ara": "ar",
    "ita": "it",
    "pol": "pl",
    "tha": "th",
}


def clean_text(value: Any) -> str | None:
    """Whitespace-collapsed text, or None for empty or non-string values."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    text = _SPACE.sub(" ", value).strip()
    return text or None


def extract_title(page: Page) -> str | None:
    """Headline: og:title / JSON-LD headline / twitter:title, else <h1>, else <title>.

    A trailing " | Site Name" is removed when it repeats the site name.
    """
    site = extract_site_name(page)
    candidates = [
        page.meta_first("og:title"),
        *(clean_text(a.get("headline")) for a in page.articles()),
        page.meta_first("twitter:title"),
    ]
    for candidate in candidates:
        if candidate:
            return _strip_site_suffix(candidate, site, page.url)
    h1 = [clean_text(el.text_content()) for el in page.xpath("//h1")]
    h1 = [h for h in h1 if h]
    if len(h1) == 1:
        return h1[0]
    titles = page.xpath("//title")
    if titles:
        text = clean_text(titles[0].text_content())
        if text:
            return _strip_site_suffix(text, site, page.url)
    return h1[0] if h1 else None


def _strip_site_suffix(title: str, site: str | None, url: str | None) -> str:
    """Drop a leading/trailing title part that is the site name or the site's host name."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    keys = {_squash(site) if site else "", _squash(_host(url))} - {""}
    for index in (-1, 0):
        part_key = _squash(parts[index])
        # The part may be a shorter or slightly longer spelling of the site name
        # ("BBC" for "BBC News", "TheHill.com" for "TheHill"), not a headline containing it.
        if len(part_key) >= 3 and any(
            part_key in key or (key in part_key and len(part_key) <= len(key) + 6) for key in keys
        ):
            rest = parts[:-1] if index == -1 else parts[1:]
            return " - ".join(rest)
    return title


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _host(url: str | None) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    # "www.example.co.uk" -> "example": the part a title would spell out.
    labels = [p for p in host.split(".") if p not in ("www", "m", "amp")]
    return max(labels[:-1], key=len) if len(labels) > 1 else ""


def extract_authors(page: Page) -> list[str]:
    """Author names from JSON-LD, <meta>, rel=author links and byline elements; deduplicated."""
    raw: list[str] = []
    for article in page.articles():
        raw.extend(_jsonld_names(article.get("author")))
    if not raw:
        raw.extend(
            v
            for v in page.meta_all(
                "author",
                "article:author",
                "byl",
                "parsely-author",
                "sailthru.author",
                "dc.creator",
                "dcterms.creator",
                "citation_author",
                "twitter:creator",
            )
            if not v.startswith("http")
        )
    if not raw:
        raw.extend(el.text_content() for el in page.xpath('//a[@rel="author"]'))
    if not raw:
        raw.extend(
            text
            for text in (
                el.text_content()
                for el in page.xpath(
                    '//*[@itemprop="author"][not(self::meta)]'
                    '|//*[contains(concat(" ", normalize-space(@class), " "), " byline ")]'
                    '|//*[contains(@class, "author-name")]'
                )[:3]
            )
            # A byline is short; longer text under a "byline" class is something else.
            if len(text.strip()) <= _MAX_BYLINE_CHARS
        )
    return _clean_authors(raw, _outlet_keys(page))


def _jsonld_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for item in value for n in _jsonld_names(item)]
    return []


def _outlet_keys(page: Page) -> set[str]:
    """Squashed names of the outlet, to tell an agency/outlet credit from a person."""
    site = extract_site_name(page)
    return {_squash(site) if site else "", _host(page.url)} - {""}


def _clean_authors(raw: list[str], outlet_keys: set[str]) -> list[str]:
    seen: set[str] = set()
    authors: list[str] = []
    for value in raw:
        value = _AUTHOR_NOISE.sub(" ", _SPACE.sub(" ", value)).strip(" ,;|-–—:")
        value = _BYLINE_PREFIX.sub("", value)
        for part in _AUTHOR_SPLIT.split(value):
            name = _BYLINE_PREFIX.sub("", part.strip(" .,;|-–—:()"))
            if name.lower() in seen or not _looks_like_person(name, outlet_keys):
                continue
            seen.add(name.lower())
            # "TOM KRISHER" in agency bylines: shouting is typography, not the name.
            authors.append(name.title() if name.isupper() and len(name) > 4 else name)
    return authors


def _looks_like_person(name: str, outlet_keys: set[str]) -> bool:
    """Reject roles, outlets, credentials and user handles that bylines mix with names."""
    words = name.split()
    if not 1 <= len(words) <= 5 or len(name) > 60 or not any(ch.isalpha() for ch in name):
        return False
    if name.lower() in _NOT_PEOPLE or any(w.lower() in _ROLE_WORDS for w in words):
        return False
    # "RDN", "MS", "PhD" after a comma are credentials, not co-authors.
    if len(words) == 1 and ((name.isupper() and len(name) <= 4) or name in _CREDENTIALS):
        return False
    # Handles and slugs ("jdadmin", "kevin-r", "some_user") rather than names; scripts
    # without letter case (CJK, Thai) have no lower-case letters and are kept.
    if "_" in name or (any(ch.islower() for ch in name) and not any(ch.isupper() for ch in name)):
        return False
    # "Cleveland.com", "CNN Business" when the outlet is CNN: a credit to the outlet.
    if _DOMAIN_LIKE.search(name.lower()):
        return False
    squashed = _squash(name)
    return not any(key and (key in squashed or squashed in key) for key in outlet_keys)


def extract_canonical_url(page: Page) -> str | None:
    """`<link rel=canonical>` (else og:url) made absolute against <base href> or the page URL."""
    hrefs = [el.get("href") for el in page.xpath('//link[@rel="canonical"][@href]')]
    hrefs.append(page.meta_first("og:url"))
    base = _base_url(page)
    for href in hrefs:
        href = (href or "").strip()
        if not href:
            continue
        absolute = urljoin(base, href) if base else href
        if urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).netloc:
            return absolute
    return None


def _base_url(page: Page) -> str | None:
    for el in page.xpath("//base[@href]"):
        href = el.get("href", "").strip()
        if href:
            return urljoin(page.url or "", href)
    return page.url


def normalise_language(value: str | None) -> str | None:
    """ISO 639-1 lower-case code from a tag like "uk-UA", "zh_CN", "EN", "ukr"; else None."""
    if not value:
        return None
    primary = re.split(r"[-_\s,;]", value.strip().lower(), maxsplit=1)[0]
    primary = _LANGUAGE_ALIASES.get(primary, primary)
    if len(primary) == 2 and primary.isascii() and primary.isalpha():
        return primary
    return None


def extract_declared_language(page: Page) -> str | None:
    """The language the page declares: <html lang>, og:locale, Content-Language, <meta language>."""
    candidates: list[str | None] = []
    if page.tree is not None:
        candidates.append(page.tree.get("lang"))
        candidates.append(page.tree.get("{http://www.w3.org/XML/1998/namespace}lang"))
    candidates.extend(
        [
            page.meta_first("og:locale"),
            page.meta_first("content-language"),
            page.meta_first("language", "dc.language", "dcterms.language"),
            *(clean_text(a.get("inLanguage")) for a in page.articles()),
        ]
    )
    for candidate in candidates:
        code = normalise_language(candidate)
        if code:
            return code
    return None


def extract_site_name(page: Page) -> str | None:
    """og:site_name, JSON-LD publisher name, or application-name."""
    found = page.meta_first("og:site_name")
    if found:
        return found
    for article in page.articles():
        publisher = article.get("publisher")
        if isinstance(publisher, list):
            publisher = publisher[0] if publisher else None
        if isinstance(publisher, dict):
            name = clean_text(publisher.get("name"))
            if name:
                return name
    return page.meta_first("application-name", "publisher", "dc.publisher")


# Declared page types of front pages, section listings, tag pages and search results.
# JSON-LD types of a page that lists other pages. Not "WebSite": that object describes the
# whole site (its search box) and sits on article pages too.
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})


def extract_page_type(page: Page) -> str | None:
    """"article" when JSON-LD or og:type says so; "listing" for declared section/home pages."""
    if page.articles():
        return "article"
    og_type = (page.meta_first("og:type") or "").lower()
    if og_type == "article" or og_type.startswith("article"):
        return "article"
    declared = {str(t).lower() for obj in page.jsonld for t in _as_list(obj.get("@type"))}
    if declared & LISTING_TYPES:
        return "listing"
    # Many CMSs say og:type=website on articles too; only trust it on a shallow, digit-free path.
    if og_type == "website" and _is_shallow_path(page.url):
        return "listing"
    return None


def _is_shallow_path(url: str | None) -> bool:
    """A home or section address ("/", "/world", "/tin-tuc"), not an article's slug at the
    root ("/rosjanie-sugeruja-ze-wojna-sie-skonczy")."""
    path = urlsplit(url or "").path
    segments = [s for s in path.split("/") if s]
    if len(segments) > 1 or any(ch.isdigit() for ch in path):
        return False
    return not segments or len(re.split(r"[-_+.]", segments[0])) < _SLUG_WORDS


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def extract_section(page: Page) -> str | None:
    """article:section, JSON-LD articleSection or a section <meta>."""
    found = page.meta_first("article:section", "section", "parsely-section", "sailthru.section")
    if found:
        return found
    for article in page.articles():
        section = clean_text(article.get("articleSection"))
        if section:
            return section
    return None


def extract_tags(page: Page) -> list[str]:
    """article:tag, news_keywords / keywords <meta> and JSON-LD keywords; deduplicated."""
    raw: list[str] = list(page.meta_all("article:tag"))
    for value in page.meta_all("news_keywords", "keywords", "parsely-tags", "sailthru.tags"):
        raw.extend(value.split(","))
    for article in page.articles():
        keywords = article.get("keywords")
        if isinstance(keywords, str):
            raw.extend(keywords.split(","))
        elif isinstance(keywords, list):
            raw.extend(k for k in keywords if isinstance(k, str))
    seen: set[str] = set()
    tags: list[str] = []
    for tag in raw:
        tag = _SPACE.sub(" ", tag).strip()
        if tag and tag.lower() not in seen and len(tag) <= 80:
            seen.add(tag.lower())
            tags.append(tag)
    return tags


def extract_lead(page: Page) -> str | None:
    """The standfirst: og:description, JSON-LD description or the description <meta>."""
    found = page.meta_first("og:description")
    if found:
        return found
    for article in page.articles():
        description = clean_text(article.get("description"))
        if description:
            return description
    return page.meta_first("description", "twitter:description")
