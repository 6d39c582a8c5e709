"""The archived-page sanitiser against hostile markup: nothing runs, nothing is fetched, the text stays."""

from __future__ import annotations

import re

import pytest

from vnmon.web.sanitize import clean_css, decode_page, sanitize_html

ACTIVE = re.compile(
    r"<script|<iframe|<object|<embed|<link|<meta http|<base|<svg|<form|\son\w+\s*=|javascript:", re.I
)


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
        '<img src=x onerror="alert(1)">',
        '<body onload="alert(1)">',
        '<svg><script>alert(1)</script><use href="http://evil.example/s.svg#a"/></svg>',
        '<a href="javascript:alert(1)">x</a>',
        '<iframe src="http://evil.example/"></iframe>',
        '<object data="http://evil.example/x.swf"></object>',
        '<meta http-equiv="refresh" content="0;url=http://evil.example/">',
        '<base href="http://evil.example/">',
        '<link rel=stylesheet href="http://evil.example/x.css">',
        '<form action="http://evil.example/"><input name=a><button formaction="http://evil.example/">b</button></form>',
        '<div style="background:url(http://evil.example/a.png)">x</div>',
        '<div style="background:u\\72l(http://evil.example/a.png)">x</div>',
        "<style>@import 'http://evil.example/x.css'; p { background: url(//evil.example/b.png) }</style>",
        "<style>p { color: red } \\3c /style\\3e <script>alert(1)</script></style>",
        '<video src="http://evil.example/v.mp4" poster="http://evil.example/p.png"></video>',
        '<img srcset="http://evil.example/a.png 1x">',
        '<p><!--[if IE]><script src="http://evil.example/"></script><![endif]--></p>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext>",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    ],
)
def test_hostile_markup_comes_out_inert(hostile: str) -> None:
    page = sanitize_html(f"<html><head><title>t</title></head><body><p>kept text</p>{hostile}</body></html>")
    assert not ACTIVE.search(page), page
    assert "evil.example" not in page.replace('title="http://evil.example/', "")
    assert "url(" not in page.lower() and "@import" not in page.lower()
    assert "kept text" in page


def test_links_keep_their_target_visible_but_not_followable() -> None:
    page = sanitize_html(
        '<p>See <a href="https://example.org/story">the story</a> and <a href="#notes">notes</a></p>'
    )
    assert 'title="https://example.org/story"' in page and "the story" in page
    assert 'href="https://' not in page
    assert 'href="#notes"' in page, "in-page anchors do not leave the page"


def test_inline_data_images_stay_and_remote_ones_become_their_alt_text() -> None:
    pixel = "data:image/png;base64,iVBORw0KGgo="
    page = sanitize_html(
        f'<img src="{pixel}" alt="a"><img src="https://cdn.example/p.jpg" alt="Hanoi at night">'
    )
    assert f'src="{pixel}"' in page
    assert "[Hanoi at night]" in page and "cdn.example" not in page


def test_css_escapes_cannot_spell_url() -> None:
    assert "url" not in clean_css(r"a { background: \75 \72 \6c (http://evil.example/) }").lower()
    assert "evil" not in clean_css("a{background:URL( 'http://evil.example/' )}")


def test_pages_are_decoded_by_their_declared_charset() -> None:
    body = "<html><body><p>Вьетнам</p></body></html>".encode("cp1251")
    assert "Вьетнам" in decode_page(body, "text/html; charset=windows-1251")
    meta = '<html><head><meta charset="windows-1251"></head><body>Вьетнам</body></html>'.encode("cp1251")
    assert "Вьетнам" in decode_page(meta, None)
