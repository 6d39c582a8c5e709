"""Body post-filters: repeated headline, boilerplate lines, trailing related-links lists."""

from __future__ import annotations

import pytest

from crawler.extraction import extract_article
from crawler.extraction.cleanup import clean_body, is_boilerplate

PROSE = [
    "The central bank cut its main rate by half a point on Tuesday, citing weak exports.",
    "Economists had expected the move after two quarters of slowing growth in manufacturing.",
]


@pytest.mark.parametrize(
    "line",
    [
        "Related: Vietnam signs trade deal with EU",
        "Follow us on Twitter and Facebook",
        "Sign up for our newsletter",
        "Get the day's top headlines delivered to your inbox by subscribing to our newsletter.",
        "Copyright 2024 Example Times",
        "© Example Media 2024",
        "Updated at 1:23 p.m.",
        "5:45 AM PST 11/19/2019 by Jane Doe",
        "Reading time: 3 minutes",
        "DON'T MISS",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        *PROSE,
        "Sign up for a free account to get the discount.",
        "She said the newsletter had been popular among readers for decades, and that the "
        "paper would keep publishing it every week no matter what happened to its finances, "
        "even if subscriptions kept falling as they had over the last few years.",
    ],
)
def test_prose_is_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_repeated_headline_is_dropped_even_when_slightly_different() -> None:
    body = "\n".join(["Bank cuts rates as exports slow", *PROSE])
    assert clean_body(body, "Central bank cuts rates as exports slow") == "\n".join(PROSE)
    assert clean_body("\n".join(PROSE), "Central bank cuts rates") == "\n".join(PROSE)


def test_related_list_after_header_is_dropped() -> None:
    body = "\n".join([*PROSE, "Don't miss", "Markets slide in Asia", "Rice prices soar", "Last."])
    assert clean_body(body) == "\n".join([*PROSE, "Last."])


def test_trailing_headline_bullets_dropped_but_closing_credit_kept() -> None:
    bullets = ["- 15 Amazing Images of Stars", "- The Biggest Questions About Dark Matter"]
    body = "\n".join([*PROSE, *bullets, "Originally published on Example."])
    assert clean_body(body) == "\n".join([*PROSE, "Originally published on Example."])


def test_list_inside_article_is_kept() -> None:
    items = ["- Rice exports rose 10% in October.", "- Coffee exports fell 3% in October."]
    body = "\n".join([PROSE[0], *items, PROSE[1]])
    assert clean_body(body) == body


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "<?xml version='1.0'?><a/>"])
def test_extract_article_on_empty_html_returns_empty_fields(html: str) -> None:
    extracted = extract_article(html, url="https://example.org/x")
    assert (extracted.title, extracted.body, extracted.method) == (None, "", "none")
    assert (extracted.published, extracted.date_source, extracted.authors) == (None, None, [])


def test_extract_article_on_control_characters_keeps_the_text() -> None:
    assert extract_article("\x00\x01 not html").body == "not html"
