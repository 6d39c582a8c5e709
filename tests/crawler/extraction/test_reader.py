"""The reader's view: text a reader meets under the headline is stored and scored, furniture is not."""

from __future__ import annotations

import pytest

from crawler.extraction import extract_article
from crawler.relevance import load_lexicon, score_relevance

VIETNAM = (
    "Officials in Vietnam said on Monday that the talks in Hanoi would resume next month, and a "
    "delegation from Hanoi is expected to sign new agreements with Vietnam's trading partners."
)
FILLER = [
    "The city council voted on Tuesday to extend the programme for another two years, citing strong "
    "demand from residents and local businesses that rely on the service every day.",
    "Critics argued that the cost had doubled since the scheme began and that the money would be "
    "better spent on repairing roads and bridges across the region before next winter.",
    "The mayor said she expected the new contracts to be signed before the end of the year and "
    "promised a public report on spending once the first phase of the work is complete.",
    "Opposition members said they would ask the regional auditor to review the figures, a process "
    "that usually takes several months and can delay any new spending decisions.",
]


def page(*, header: str = "", body: str = "", after: str = "", nav: str = "", footer: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in FILLER)
    return f"""<!doctype html><html lang="en"><head><title>Council extends transit programme</title>
<meta property="og:title" content="Council extends transit programme">
<meta name="description" content="The council voted to extend the programme."></head>
<body><header class="site-header"><nav class="main-menu"><a href="/">Home</a> <a href="/world">World</a>
{nav}</nav></header>
<main><article>
<div class="article-header"><h1>Council extends transit programme</h1>
<div class="byline">By Jane Doe, 12 March 2024</div>{header}</div>
<div class="article-body">{body}{paragraphs}</div>
</article>{after}</main>
<footer class="site-footer"><p>About us · Contact · Privacy</p>{footer}</footer></body></html>"""


def verdict(html: str) -> tuple[bool, str, str]:
    extracted = extract_article(html, "https://news.example.com/2024/03/12/council-transit")
    text = f"{extracted.body}\n{extracted.context}"
    relevance = score_relevance(extracted.title, extracted.lead, text, load_lexicon(), 3.0)
    return relevance.relevant, extracted.body, extracted.context


def test_a_standfirst_paragraph_beside_the_headline_is_stored_and_read() -> None:
    # The paragraph sits in the header block with the headline, outside the body's container.
    relevant, body, _ = verdict(page(header=f'<p class="intro">{VIETNAM}</p>'))
    assert relevant
    assert body.startswith(VIETNAM)
    assert FILLER[0] in body


def test_the_opening_paragraph_in_a_header_block_comes_first_once() -> None:
    html = page(header=f"<p>{FILLER[0]}</p><p>{VIETNAM}</p>")
    relevant, body, _ = verdict(html)
    assert relevant
    lines = body.splitlines()
    assert lines.count(FILLER[0]) == 1
    assert lines.index(VIETNAM) < lines.index(FILLER[1])


def test_a_caption_naming_vietnam_is_read_but_not_stored_as_body() -> None:
    figure = f'<figure><img src="a.jpg"><figcaption>{VIETNAM}</figcaption></figure>'
    relevant, body, context = verdict(page(body=figure))
    assert relevant
    assert VIETNAM not in body
    assert VIETNAM in context


@pytest.mark.parametrize(
    "decoy",
    [
        {"nav": f'<a href="/vietnam">Vietnam</a> <a href="/hanoi">Hanoi</a><p>{VIETNAM}</p>'},
        {"footer": f"<p>{VIETNAM}</p>"},
        {
            "after": '<section><h2>Related</h2><ul><li><a href="/a">Vietnam and Hanoi sign a trade pact as '
            'Vietnam courts Hanoi investors</a></li><li><a href="/b">Floods in Vietnam: Hanoi braces for '
            "rain</a></li></ul></section>"
        },
        {
            "after": f'<section><h2>More stories</h2><div class="card"><h3><a href="/c">Talks resume</a></h3>'
            f"<p>{VIETNAM}</p></div>"
            '<div><h3><a href="/d">Markets</a></h3><p>Markets rose.</p></div></section>'
        },
        {"body": f'<div><h3><a href="/c">Trade talks resume in Asia</a></h3><p>{VIETNAM}</p></div>'},
        {"after": f'<aside class="sidebar"><p>{VIETNAM}</p></aside>'},
    ],
    ids=["navigation", "footer", "related-links", "teaser-list", "teaser-in-body", "sidebar"],
)
def test_vietnam_only_in_site_furniture_stays_out(decoy: dict[str, str]) -> None:
    relevant, body, _ = verdict(page(**decoy))
    assert not relevant, body
    assert "Hanoi" not in body


def test_a_furniture_word_on_the_articles_own_container_does_not_hide_it() -> None:
    # Blogger wraps every post in "widget Blog"; some templates call the text column "non-ad-column".
    html = page(header=f"<p>{VIETNAM}</p>").replace(
        "<main><article>", '<main><div class="widget Blog"><div class="non-ad-column"><article>'
    )
    html = html.replace("</article>", "</article></div></div>")
    relevant, body, _ = verdict(html)
    assert relevant
    assert VIETNAM in body


def test_when_the_extractor_finds_no_body_the_text_under_the_headline_is_the_article() -> None:
    # A Korean layout of bare <div>s with <br> line breaks that main-text extractors give up on.
    sentences = [
        "베트남 정부는 월요일 하노이에서 열린 회의에서 새로운 투자 계획을 발표했다고 밝혔다.",
        "하노이의 관계자들은 베트남과 한국 기업들이 다음 달 추가 협정에 서명할 것이라고 말했다.",
        "이번 계획에는 교통과 에너지 분야의 대규모 사업이 포함되어 있다고 정부는 설명했다.",
    ]
    html = (
        '<html lang="ko"><head><title>베트남 투자 계획 발표</title></head><body>'
        '<div class="top"><a href="/">홈</a></div><div class="view"><h1>베트남 투자 계획 발표</h1>'
        + "".join(f"<div>{s}</div>" for s in sentences)
        + "</div></body></html>"
    )
    relevant, body, _ = verdict(html)
    assert relevant
    assert all(s in body for s in sentences)
