"""The page as a reader sees it: visible text blocks in document order, with what surrounds them.

A main-text extractor keeps the one container it judges to be the article and drops the rest.
On many layouts the standfirst and the opening paragraphs sit outside that container (in a
header block beside the headline, in a teaser box above the body), and a reader still reads
them first. This module cuts the visible page into text blocks, marks the ones that are site
furniture (navigation, link lists, teasers of other stories, footers, comment threads), and
finds the prose a reader meets from the headline down: the body the extractor kept plus the
paragraphs around it that it dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from urllib.parse import urljoin, urlsplit

from lxml.etree import _Element

from crawler.extraction.cleanup import is_boilerplate
from crawler.extraction.page import Page

# Elements whose text is never shown as reading text.
_INVISIBLE = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "map",
        "select",
        "option",
        "button",
        "textarea",
        "input",
        "label",
        "head",
        "title",
        "meta",
        "link",
    }
)
# Elements that start a new block of text; inline elements (a, span, em, ...) continue one.
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "br",
    }
)
# Landmarks that are furniture wherever they are.
_FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "form", "menu", "dialog"})
_FURNITURE_ROLES = frozenset({"navigation", "contentinfo", "complementary", "banner", "search", "menu"})
# Class or id words of furniture containers: matched as whole tokens, or as parts of a
# token split on "-" / "_" / camelCase ("related-posts", "sidebarWidget", "c-teaser__body").
_FURNITURE_WORDS = frozenset(
    {
        "nav",
        "navbar",
        "navigation",
        "menu",
        "footer",
        "sidebar",
        "aside",
        "related",
        "recommended",
        "recommendations",
        "recommend",
        "promo",
        "promoted",
        "sponsored",
        "outbrain",
        "taboola",
        "trending",
        "popular",
        "mostread",
        "breadcrumb",
        "breadcrumbs",
        "comment",
        "comments",
        "newsletter",
        "subscribe",
        "subscription",
        "share",
        "sharing",
        "social",
        "cookie",
        "cookies",
        "consent",
        "modal",
        "popup",
        "banner",
        "advert",
        "advertisement",
        "ad",
        "ads",
        "dfp",
        "ticker",
        "carousel",
        "headlines",
        "more",
        "readmore",
        "tags",
        "masthead",
        "signup",
        "paywall",
    }
)
# Class or id words of image captions and credits (read by relevance, not stored as body text).
_CAPTION_WORDS = frozenset(
    {
        "caption",
        "captions",
        "figcaption",
        "credit",
        "credits",
        "photo",
        "image",
        "img",
        "gallery",
        "figure",
        "picture",
        "lightbox",
        "slideshow",
        "wp-caption",
    }
)
_TOKEN_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
# Characters of scripts written without spaces count more: 25 such characters carry a
# sentence, where Latin script needs ~80.
_MIN_PROSE_CHARS = 80
_MIN_PROSE_CHARS_DENSE = 25
_MIN_PROSE_WORDS = 10
_MAX_LINK_SHARE = 0.35
# How far past the headline the opening may reach, in prose blocks and in characters of
# other text (a byline, a date line and a share bar sit between headline and standfirst).
_OPENING_BLOCKS = 4
_MAX_BLOCKS_SCANNED = 4000
_FALLBACK_BLOCKS = 200
# A body shorter than this is a scrap: the reader's text replaces it when there is more.
_SHORT_BODY_CHARS = 200
# A block is matched to body text by its first words only when they are this long.
_MIN_MATCH_CHARS = 24
_MIN_MATCH_CHARS_DENSE = 8


@dataclass
class Block:
    """One run of visible text between block boundaries."""

    text: str
    link_chars: int
    marks: tuple[_Element, ...]  # the furniture containers it sits in, innermost last
    element: _Element
    headline: bool = False
    caption: bool = False
    furniture: bool = False  # in a furniture container that holds no article text
    href: str | None = None  # where its first link goes ("" for a link without address)

    @property
    def link_share(self) -> float:
        return self.link_chars / max(1, len(self.text))

    def is_prose(self) -> bool:
        """Reading text: a sentence or more, mostly not link text, not in site furniture."""
        if self.furniture or self.headline or self.link_share > _MAX_LINK_SHARE:
            return False
        dense = sum(1 for ch in self.text[:200] if ord(ch) >= 0x2E80)
        if dense >= _MIN_PROSE_CHARS_DENSE:
            return True
        return len(self.text) >= _MIN_PROSE_CHARS and len(_WORD.findall(self.text)) >= _MIN_PROSE_WORDS


def text_blocks(page: Page, start: _Element | None = None) -> list[Block]:
    """The visible text of the page's <body> as blocks in document order (from `start` on)."""
    if page.tree is None:
        return []
    body = page.tree.find("body")
    root = body if body is not None else page.tree
    walker = _Walker()
    if start is None:
        walker.walk(root)
    else:
        walker.walk_from(start, root)
    return walker.blocks


# Elements whose class names describe the whole page ("single-format-aside", "f_caption_muted_on").
_PAGE_ELEMENTS = frozenset({"html", "body"})


def _classify(el: _Element, tag: str) -> tuple[bool, bool]:
    """(furniture, caption) for one element, from its tag and attributes."""
    furniture = tag in _FURNITURE_TAGS
    caption = tag in _CAPTION_TAGS
    attrib = el.attrib
    if not attrib:
        return furniture, caption
    get = attrib.get
    if get("hidden") is not None or get("aria-hidden") == "true":
        furniture = True
    style = get("style")
    if style and _HIDDEN_STYLE.search(style):
        furniture = True
    role = get("role")
    if role and role.lower() in _FURNITURE_ROLES:
        furniture = True
    if tag in _PAGE_ELEMENTS:
        return furniture, caption
    names = get("class")
    ident = get("id")
    if ident:
        names = f"{names} {ident}" if names else ident
    if names:
        named_furniture, named_caption = _classify_names(names)
        furniture = furniture or named_furniture
        caption = caption or named_caption
    return furniture, caption


@lru_cache(maxsize=8192)
def _classify_names(names: str) -> tuple[bool, bool]:
    tokens = {token.lower() for token in _TOKEN_SPLIT.split(names) if token}
    return not tokens.isdisjoint(_FURNITURE_WORDS), not tokens.isdisjoint(_CAPTION_WORDS)


_CAPTION_TAGS = frozenset({"figure", "figcaption", "picture"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


class _Walker:
    """Depth-first walk that cuts text at block elements and tracks furniture ancestors."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._links = 0
        self._owner: _Element | None = None
        self._furniture: tuple[_Element, ...] = ()

    def walk(self, root: _Element) -> None:
        self._visit(root, furniture=(), link=None, headline=False, caption=False)
        self._flush()

    def _visit(
        self, el: _Element, furniture: tuple[_Element, ...], link: str | None, headline: bool, caption: bool
    ) -> None:
        if len(self.blocks) >= _MAX_BLOCKS_SCANNED:
            return
        tag = el.tag
        if not isinstance(tag, str):  # comments, processing instructions
            return
        if tag in _INVISIBLE:
            return
        block = tag in _BLOCK
        if block:
            self._flush()
            self._owner = el
            self._headline = headline or tag == "h1"
        is_furniture, is_caption = _classify(el, tag)
        if is_furniture:
            furniture = (*furniture, el)
        caption = caption or is_caption
        if block:
            self._furniture = furniture
            self._caption = caption
            headline = self._headline
        if tag == "a" and link is None:
            link = el.get("href") or ""
        if el.text:
            self._add(el.text, link)
        self._children(el, iter(el), furniture, link, headline, caption)
        if block:
            self._flush()

    def _children(
        self,
        el: _Element,
        children: Iterator[_Element],
        furniture: tuple[_Element, ...],
        link: str | None,
        headline: bool,
        caption: bool,
    ) -> None:
        for child in children:
            self._visit(child, furniture, link, headline, caption)
            if isinstance(child.tag, str) and child.tag in _BLOCK:
                # Text after a nested block belongs to this element again.
                self._flush()
                self._owner = el
                self._furniture = furniture
                self._caption = caption
                self._headline = headline
            if child.tail:
                self._add(child.tail, link)

    def walk_from(self, start: _Element, root: _Element) -> None:
        """The blocks from `start` (included) to the end of `root`, skipping what comes before."""
        chain = [start, *start.iterancestors()]
        if root not in chain:
            self.walk(root)
            return
        chain = chain[: chain.index(root) + 1]
        contexts: dict[int, tuple[tuple[_Element, ...], str | None, bool, bool]] = {}
        furniture: tuple[_Element, ...] = ()
        link: str | None = None
        headline = caption = False
        for el in reversed(chain[1:]):
            tag = el.tag
            is_furniture, is_caption = _classify(el, tag)
            if is_furniture:
                furniture = (*furniture, el)
            caption = caption or is_caption
            if tag == "a" and link is None:
                link = el.get("href") or ""
            headline = headline or tag == "h1"
            contexts[id(el)] = (furniture, link, headline, caption)
        outer = contexts.get(id(chain[1])) if len(chain) > 1 else None
        self._visit(start, *(outer or ((), None, False, False)))
        for node, parent in pairwise(chain):
            furniture, link, headline, caption = contexts[id(parent)]
            self._owner = parent
            self._furniture = furniture
            self._caption = caption
            self._headline = headline
            if node.tail:
                self._add(node.tail, link)
            self._children(parent, node.itersiblings(), furniture, link, headline, caption)
            if parent.tag in _BLOCK:
                self._flush()
        self._flush()

    def _add(self, text: str, link: str | None) -> None:
        if not text.strip():
            if self._parts:
                self._parts.append(" ")
            return
        self._parts.append(text)
        if link is not None:
            self._links += len(text.strip())
            if self._href is None:
                self._href = link

    def _flush(self) -> None:
        if self._parts and self._owner is not None:
            text = _SPACES.sub(" ", "".join(self._parts)).strip()
            if text:
                self.blocks.append(
                    Block(
                        text,
                        min(self._links, len(text)),
                        self._furniture,
                        self._owner,
                        self._headline,
                        self._caption,
                        bool(self._furniture),
                        self._href,
                    )
                )
        self._parts = []
        self._links = 0
        self._href = None

    _headline = False
    _caption = False
    _href: str | None = None


@dataclass(frozen=True)
class ReaderView:
    """Prose a reader meets that the extractor's body lacks, by where it sits."""

    opening: list[Block]  # between the headline and the body's first paragraph
    inside: list[tuple[int, Block]]  # (body line it follows, block) between the body's paragraphs
    trailing: list[Block]  # right after the body's last paragraph, before any furniture
    cards: list[int]  # body lines that are teasers of other stories (a summary under a linked heading)


_MAX_TRAILING_SKIPS = 6
_MAX_TRAILING_BLOCKS = 2
_TITLE_MATCH = 0.5
_TITLE_WORDS_SHARE = 0.8


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def reader_view(page: Page, title: str | None, body: str) -> ReaderView:
    """Where the page's visible prose and the extracted `body` disagree, from the headline down."""
    headline = _headline_element(page, title)
    if headline is not None:
        # Nothing before the headline is read: walk from it (a third of a page is above it).
        blocks = text_blocks(page, start=headline)
        anchor = _leading_headline(blocks)
    else:
        blocks = text_blocks(page)
        anchor = _headline_index(blocks, title)
    lines = body.splitlines()
    line_keys = [_key(line) for line in lines]
    body_key = "\n".join(line_keys)
    in_body = [_in_body(block, body_key) for block in blocks]
    body_blocks = [i for i, found in enumerate(in_body) if found and (anchor is None or i > anchor)]
    _clear_article_containers(blocks, anchor, body_blocks)

    def readable(i: int) -> bool:
        return blocks[i].is_prose() and not _is_card(blocks, i, page.url)

    if not body_blocks or len(body) < _SHORT_BODY_CHARS:
        # The extractor found no body, a body the page does not show or a scrap of one (a
        # caption, a date line): the reader's text from the headline down is the article.
        start = anchor + 1 if anchor is not None else 0
        found = [blocks[i] for i in range(start, len(blocks)) if readable(i)]
        return ReaderView(found[:_FALLBACK_BLOCKS], [], [], [])
    first_body, last_body = body_blocks[0], body_blocks[-1]
    opening: list[Block] = []
    if anchor is not None:
        for i in range(anchor + 1, first_body):
            if readable(i):
                opening.append(blocks[i])
                if len(opening) >= _OPENING_BLOCKS:
                    break
    inside: list[tuple[int, Block]] = []
    cards: list[int] = []
    line = 0
    for i in range(first_body, last_body + 1):
        if in_body[i]:
            line = _line_of(blocks[i], line_keys, line)
            if _is_card(blocks, i, page.url) and _key(blocks[i].text) == line_keys[line]:
                cards.append(line)
        elif readable(i):
            inside.append((line, blocks[i]))
    # After the body: prose still inside the article's box (the box holding the body, or the
    # one around it), until a heading, furniture or link list starts something else.
    region = _region(blocks[first_body].element, blocks[last_body].element)
    trailing: list[Block] = []
    skips = 0
    for i in range(last_body + 1, len(blocks)):
        block = blocks[i]
        if region is not None and not _inside(block.element, region):
            break
        if readable(i):
            trailing.append(block)
            if len(trailing) >= _MAX_TRAILING_BLOCKS:
                break
            continue
        if block.furniture or block.link_share > 0.5 or block.element.tag in _HEADINGS:
            break
        skips += 1
        if skips > _MAX_TRAILING_SKIPS:
            break
    return ReaderView(opening, inside, trailing, cards)


def _same_page(href: str, url: str | None) -> bool:
    if not url:
        return False
    target, here = urlsplit(urljoin(url, href)), urlsplit(url)
    return (target.netloc, target.path.rstrip("/")) == (here.netloc, here.path.rstrip("/"))


def _region(first: _Element, last: _Element) -> _Element | None:
    """The parent of the smallest element holding both the body's first and last blocks."""
    holders = [first, *first.iterancestors()]
    for box in [last, *last.iterancestors()]:
        if box in holders:
            return box.getparent() if box.tag not in _PAGE_ELEMENTS else box
    return None


def _inside(element: _Element, box: _Element) -> bool:
    return element is box or any(a is box for a in element.iterancestors())


def _is_card(blocks: list[Block], i: int, url: str | None) -> bool:
    """A teaser of another story: a short text right after a linked headline in one small box."""
    if i == 0:
        return False
    block, previous = blocks[i], blocks[i - 1]
    # A card's headline is a heading that links to another page; the article's own headline
    # (and a blog's post title) links to the page itself.
    if previous.headline or previous.link_share < _CARD_LINK_SHARE or previous.element.tag not in _HEADINGS:
        return False
    if not previous.href or previous.href.startswith("#") or _same_page(previous.href, url):
        return False
    if len(previous.text.split()) > _CARD_HEADLINE_WORDS:
        return False
    holder = previous.element
    holder_boxes = {id(el) for el in holder.iterancestors()} | {id(holder)}
    for depth, box in enumerate(block.element.iterancestors()):
        if depth >= _CARD_DEPTH:
            return False
        if id(box) in holder_boxes:
            # The smallest box holding both must hold little else: a card, not an article.
            size = len(_SPACES.sub(" ", box.text_content()).strip())
            return size <= len(block.text) + len(previous.text) + _CARD_SLACK_CHARS
    return False


_CARD_LINK_SHARE = 0.8
_CARD_HEADLINE_WORDS = 25
_CARD_DEPTH = 4
_CARD_SLACK_CHARS = 120


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _clear_article_containers(blocks: list[Block], anchor: int | None, body_blocks: list[int]) -> None:
    """A "furniture" class on a container of the article itself (a blog's "widget Blog", a
    "non-ad-column") says nothing: containers of the headline, of the body's first paragraph
    or of two body paragraphs are not furniture, and blocks inside only them are not either."""
    held: dict[int, int] = {}
    for i in body_blocks:
        for el in blocks[i].marks:
            held[id(el)] = held.get(id(el), 0) + 1
    cleared = {key for key, count in held.items() if count >= 2}
    for index in (anchor, body_blocks[0] if body_blocks else None):
        if index is not None:
            cleared.update(id(el) for el in blocks[index].marks)
    for block in blocks:
        block.furniture = any(id(el) not in cleared for el in block.marks)


def _headline_element(page: Page, title: str | None) -> _Element | None:
    """The <h1> whose words are most of the title's (the first of equals), if one is."""
    if page.tree is None or not title:
        return None
    title_words = set(_WORD.findall(title.casefold()))
    if not title_words:
        return None
    best: tuple[float, _Element] | None = None
    for h1 in page.tree.iter("h1"):
        words = set(_WORD.findall(h1.text_content().casefold()))
        overlap = len(words & title_words) / len(title_words)
        if best is None or overlap > best[0]:
            best = (overlap, h1)
    return best[1] if best is not None and best[0] >= _TITLE_MATCH else None


def _leading_headline(blocks: list[Block]) -> int | None:
    """The last of the headline's own blocks at the start of `blocks`."""
    last = None
    for i, block in enumerate(blocks):
        if not block.headline:
            break
        last = i
    return last


def _headline_index(blocks: list[Block], title: str | None) -> int | None:
    """The block of the article's headline: the <h1> closest to the title, else the title's text."""
    title_words = set(_WORD.findall(title.casefold())) if title else set()
    best: tuple[float, int] | None = None
    for i, block in enumerate(blocks):
        if not block.headline:
            continue
        words = set(_WORD.findall(block.text.casefold()))
        overlap = len(words & title_words) / max(1, len(title_words)) if title_words else 0.0
        if best is None or overlap > best[0]:
            best = (overlap, i)
    if best is not None and (best[0] >= _TITLE_MATCH or not title_words):
        return best[1]
    if not title_words:
        return best[1] if best else None
    # No <h1> is the headline: the first short block saying most of the title is (an <h2>,
    # a styled <div>).
    for i, block in enumerate(blocks):
        if block.link_share >= 0.5 or block.furniture:
            continue
        found = _WORD.findall(block.text.casefold())
        if len(found) > 2 * len(title_words) + 3:
            continue
        if len(set(found) & title_words) >= _TITLE_WORDS_SHARE * len(title_words):
            return i
    return best[1] if best else None


def _same_start(a: str, b: str) -> bool:
    """Whether two keyed texts open with the same words (a description is often cut short)."""
    if not a or not b:
        return False
    n = min(len(a), len(b), 80)
    return a[:n] == b[:n]


def _in_body(block: Block, body_key: str) -> bool:
    """Whether the body holds the block: its first words, enough of them to be a sentence
    ("Close", "OK" and "Tennis" are in many bodies and in every menu)."""
    key = _key(block.text)
    dense = sum(1 for ch in key[:40] if ord(ch) >= 0x2E80)
    if len(key) < (_MIN_MATCH_CHARS_DENSE if dense >= _MIN_MATCH_CHARS_DENSE else _MIN_MATCH_CHARS):
        return False
    return key[:160] in body_key


def _line_of(block: Block, line_keys: list[str], start: int) -> int:
    """Index of the body line holding `block`'s text, searching from `start` on."""
    key = _key(block.text)[:160]
    for i in range(start, len(line_keys)):
        if key and key in line_keys[i]:
            return i
    return start


def merge_reader_view(page: Page, title: str | None, body: str, lead: str | None = None) -> tuple[str, str]:
    """`body` with the prose a reader meets around it, and the captions it has near it.

    Opening paragraphs go first, dropped paragraphs where they stood, trailing ones last;
    a standfirst equal to `lead` and image captions are left to the second string.
    """
    view = reader_view(page, title, body)
    lead_key = _key(lead or "")
    extra: list[str] = []

    def stored(block: Block) -> bool:
        if is_boilerplate(block.text):
            return False
        if block.caption or _same_start(_key(block.text), lead_key):
            extra.append(block.text)
            return False
        return True

    after: dict[int, list[str]] = {}
    for at, block in view.inside:
        if stored(block):
            after.setdefault(at, []).append(block.text)
    merged = [b.text for b in view.opening if stored(b)]
    read = [_key(text) for text in merged]
    cards = set(view.cards)
    for i, line in enumerate(body.splitlines()):
        if i not in cards and (not read or not any(_key(line) in key for key in read)):
            merged.append(line)
        merged.extend(after.get(i, ()))
    merged.extend(b.text for b in view.trailing if stored(b))
    return "\n".join(merged), "\n".join(extra)
