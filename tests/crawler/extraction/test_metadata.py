"""Metadata fields: title, authors, canonical URL, language, site, section, tags, lead."""

from __future__ import annotations

import pytest

from crawler.extraction.metadata import (
    extract_authors,
    extract_canonical_url,
    extract_declared_language,
    extract_lead,
    extract_section,
    extract_site_name,
    extract_tags,
    extract_title,
    normalise_language,
)
from crawler.extraction.page import Page, parse_page


def _page(head: str = "", body: str = "", url: str | None = "https://example.org/a/b.html",
          lang: str = "") -> Page:
    attr = f' lang="{lang}"' if lang else ""
    return parse_page(f"<html{attr}><head>{head}</head><body>{body}</body></html>", url)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("uk-UA", "uk"), ("zh_CN", "zh"), ("EN", "en"), ("ukr", "uk"), ("iw", "he"),
     ("", None), ("x-default", None), ("english", None), (None, None)],
)
def test_normalise_language(value: str | None, expected: str | None) -> None:
    assert normalise_language(value) == expected


def test_language_from_html_lang_then_og_locale_then_content_language() -> None:
    assert extract_declared_language(_page(lang="uk-UA")) == "uk"
    assert extract_declared_language(_page('<meta property="og:locale" content="vi_VN">')) == "vi"
    head = '<meta http-equiv="Content-Language" content="ru">'
    assert extract_declared_language(_page(head)) == "ru"
    assert extract_declared_language(_page()) is None


def test_title_prefers_og_title_and_drops_site_suffix() -> None:
    head = ('<meta property="og:site_name" content="Example Times">'
            '<meta property="og:title" content="Floods hit Hue | Example Times">')
    assert extract_title(_page(head)) == "Floods hit Hue"


def test_title_keeps_headline_that_merely_mentions_the_site() -> None:
    head = ('<meta property="og:site_name" content="the Guardian">'
            '<meta property="og:title" content="The Guardian view on Hanoi: a city | Editorial">')
    assert extract_title(_page(head)) == "The Guardian view on Hanoi: a city | Editorial"


def test_title_falls_back_to_h1_then_title_tag() -> None:
    assert extract_title(_page(body="<h1> Floods  hit Hue </h1>")) == "Floods hit Hue"
    page = _page("<title>Floods hit Hue - Example</title>", url="https://www.example.org/x")
    assert extract_title(page) == "Floods hit Hue"
    assert extract_title(_page()) is None


def test_authors_from_jsonld_list_deduplicated() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": '
            '[{"@type": "Person", "name": "Jane Doe"}, {"name": "jane doe"}, "John Roe"]}</script>')
    assert extract_authors(_page(head)) == ["Jane Doe", "John Roe"]


def test_authors_from_meta_byline_split_and_cleaned() -> None:
    head = '<meta name="author" content="By JANE DOE and John Roe, AP Business Writer">'
    assert extract_authors(_page(head)) == ["Jane Doe", "John Roe"]


def test_authors_drop_outlets_roles_and_handles() -> None:
    head = ('<meta property="og:site_name" content="Example Times">'
            '<meta name="author" content="Jane Doe, Example Times, staff, jdoe_1, Example.com">')
    assert extract_authors(_page(head)) == ["Jane Doe"]


def test_authors_from_rel_author_and_byline() -> None:
    assert extract_authors(_page(body='<a rel="author" href="/p/1">Nguyen Van A</a>')) == [
        "Nguyen Van A"
    ]
    assert extract_authors(_page(body='<div class="byline">By Tran Thi B</div>')) == ["Tran Thi B"]
    assert extract_authors(_page()) == []


def test_canonical_is_made_absolute_against_base_or_page_url() -> None:
    head = '<link rel="canonical" href="../news/1">'
    assert extract_canonical_url(_page(head)) == "https://example.org/news/1"
    based = '<base href="https://cdn.example.net/x/">' + '<link rel="canonical" href="y">'
    assert extract_canonical_url(_page(based)) == "https://cdn.example.net/x/y"


def test_canonical_relative_without_page_url_is_none_and_og_url_is_fallback() -> None:
    assert extract_canonical_url(_page('<link rel="canonical" href="/n/1">', url=None)) is None
    head = '<meta property="og:url" content="https://example.org/n/2">'
    assert extract_canonical_url(_page(head)) == "https://example.org/n/2"


def test_site_section_tags_lead() -> None:
    head = ('<meta property="og:site_name" content="Example Times">'
            '<meta property="article:section" content="World">'
            '<meta property="article:tag" content="Vietnam">'
            '<meta name="keywords" content="vietnam, trade ,  ASEAN">'
            '<meta property="og:description" content="Exports rose 10%.">')
    page = _page(head)
    assert extract_site_name(page) == "Example Times"
    assert extract_section(page) == "World"
    assert extract_tags(page) == ["Vietnam", "trade", "ASEAN"]
    assert extract_lead(page) == "Exports rose 10%."


def test_missing_fields_are_none_or_empty() -> None:
    page = _page()
    assert extract_site_name(page) is None
    assert extract_section(page) is None
    assert extract_tags(page) == []
    assert extract_lead(page) is None


def test_unparseable_html_gives_empty_fields() -> None:
    page = parse_page("", None)
    assert extract_title(page) is None
    assert extract_authors(page) == []
    assert extract_canonical_url(page) is None


def _typed_page(url: str, jsonld: str = "", og_type: str = "") -> str:
    meta = f'<meta property="og:type" content="{og_type}">' if og_type else ""
    script = f'<script type="application/ld+json">{jsonld}</script>' if jsonld else ""
    head = f"<title>Pierogi z dynią</title>{meta}{script}"
    return f"<html><head>{head}</head><body><h1>Pierogi</h1></body></html>"


@pytest.mark.parametrize(
    ("url", "jsonld", "og_type", "expected"),
    [
        # The site's own WebSite object (its search box) sits on article pages too.
        (
            "https://www.przepisy.pl/przepis/pierogi-z-dynia",
            '[{"@type": "Recipe"}, {"@type": "BreadcrumbList"}, {"@type": "WebSite", "name": "Przepisy"}]',
            "",
            None,
        ),
        # An article's slug at the root of the site is not a section.
        ("https://energetyka24.com/rosjanie-sugeruja-odciecie-polski-od-gazu", "", "website", None),
        ("https://news.example.com/world", "", "website", "listing"),
        ("https://news.example.com/", "", "website", "listing"),
        ("https://news.example.com/tag/vietnam", '{"@type": "CollectionPage"}', "", "listing"),
        ("https://news.example.com/a", '{"@type": "NewsArticle", "headline": "A"}', "website", "article"),
    ],
)
def test_page_type(url: str, jsonld: str, og_type: str, expected: str | None) -> None:
    from crawler.extraction.metadata import extract_page_type

    assert extract_page_type(parse_page(_typed_page(url, jsonld, og_type), url)) == expected
