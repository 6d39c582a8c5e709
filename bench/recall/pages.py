"""Builds a test page from a real one: a paragraph naming Vietnam at one realistic place, or a decoy.

`build_page(html, body, placement, language)` is pure: the real page's HTML and its
ground-truth body text in, the changed page out (or None when the page has no such place,
e.g. no caption). Placements that must be kept (`KEEP`):

- `opening`: right after the smallest visible block holding the article's opening words (the
  first ~8 words of the ground truth, matched on normalised text over the lxml tree) — the
  way the held-out sets of issue 11 were made;
- `headline`: right after the `<h1>` (the one closest to the page title);
- `caption`: inside the article's first image caption;
- `midbody`: after the block holding the ground-truth paragraph half-way through the body;
- `title_only`: "… in Vietnam" appended to the `<title>`, the headline and og:/twitter:title.

Decoys that must stay out (`DECOYS`): links in the navigation menu (`nav`), a related-articles
list after the article (`related`), a list of teasers of other stories in the sidebar or after
the article (`teaser`), a line in the footer (`footer`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import lxml.html
from lxml.html import HtmlElement

from bench.recall.texts import (
    FOOTER,
    MENU,
    PARAGRAPH,
    RELATED,
    RELATED_HEADING,
    TEASER_HEADING,
    TEASERS,
    TITLE_SUFFIX,
    decoy_language,
)

KEEP = ("opening", "headline", "caption", "midbody", "title_only")
DECOYS = ("nav", "related", "teaser", "footer")
PLACEMENTS = KEEP + DECOYS

ANCHOR_WORDS = 8  # opening words that locate a ground-truth paragraph in the page
ANCHOR_CHARS = 48  # ... at most this many normalised characters (CJK text has no spaces)
INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg"})
INLINE = frozenset({
    "a", "span", "strong", "em", "b", "i", "u", "small", "font", "time", "abbr", "cite", "q", "sup",
    "sub", "mark", "label", "br", "bdi", "bdo", "s", "del", "ins", "code", "var", "kbd",
})  # fmt: skip
# Blocks that hold only phrasing content: a paragraph placed after a span inside one goes after it.
PHRASING_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "summary", "caption"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·»]\s+")
_META_TITLES = ("og:title", "twitter:title")


def squash(text: str) -> str:
    """Text reduced for matching: NFKC, case-folded, only letters and digits (no spaces)."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def anchor(text: str, words: int = ANCHOR_WORDS, chars: int = ANCHOR_CHARS) -> str:
    """The squashed opening words of `text`, the key that finds it in a page."""
    return squash(" ".join(text.split()[:words]))[:chars]


def paragraphs(body: str) -> list[str]:
    """The ground truth's paragraphs (non-empty lines)."""
    return [line.strip() for line in body.splitlines() if len(squash(line)) >= 3]


def build_page(html: str, body: str, placement: str, language: str, page_language: str = "en") -> str | None:
    """`html` with the Vietnam paragraph (in `language`) or a decoy (in `page_language`) placed
    as `placement` says; None when the page offers no such place."""
    if placement not in PLACEMENTS:
        raise ValueError(f"unknown placement {placement!r}; one of {', '.join(PLACEMENTS)}")
    doc = lxml.html.document_fromstring(html)
    body_element = doc.find("body")
    if body_element is None:
        return None
    done = _PLACERS[placement](doc, body_element, body, language, page_language)
    return _serialise(doc) if done else None


def _serialise(doc: HtmlElement) -> str:
    for meta in doc.iter("meta"):
        # the page is served (and read) as UTF-8 whatever its original charset was
        if meta.get("charset"):
            meta.set("charset", "utf-8")
        elif (meta.get("http-equiv") or "").lower() == "content-type":
            meta.set("content", "text/html; charset=utf-8")
    doctype = doc.getroottree().docinfo.doctype or "<!DOCTYPE html>"
    return str(lxml.html.tostring(doc, encoding="unicode", doctype=doctype))


# --- finding places ---------------------------------------------------------------------------


def _elements(node: HtmlElement) -> Iterator[HtmlElement]:
    for child in node:
        if isinstance(child.tag, str):
            yield child


def visible(element: HtmlElement) -> bool:
    """Not a script/style/head element and not hidden by `hidden` or an inline style."""
    if element.tag in INVISIBLE or element.get("hidden") is not None:
        return False
    return not _HIDDEN_STYLE.search(element.get("style") or "")


def _shown(element: HtmlElement) -> bool:
    return all(visible(e) for e in (element, *element.iterancestors()))


def holders(root: HtmlElement, key: str) -> list[HtmlElement]:
    """Every deepest visible element under `root` whose text contains `key`, in document order
    (a text repeated in a menu or a teaser is found in each place)."""
    if not key or key not in squash(root.text_content()):
        return []
    found = [e for child in _elements(root) if visible(child) for e in holders(child, key)]
    return found or [root]


def block_of(element: HtmlElement) -> HtmlElement:
    """Where a paragraph can follow `element`: the element itself, or, for an inline element
    inside a paragraph, heading or another inline element, that ancestor (a `<p>` cannot sit
    inside a `<p>`; beside a span in a `<div>` it can)."""
    parent = element.getparent()
    while element.tag in INLINE and parent is not None and parent.tag in INLINE | PHRASING_BLOCKS:
        element, parent = parent, parent.getparent()
    return element


def _found_block(body_element: HtmlElement, text: str, following: str | None = None) -> HtmlElement | None:
    """The block holding `text`'s opening words; where they occur several times, the last
    occurrence before the first place of `following` (the next paragraph), if there is one."""
    candidates = holders(body_element, anchor(text))
    if len(candidates) > 1 and following:
        after = holders(body_element, anchor(following))
        if after:
            order = {e: i for i, e in enumerate(body_element.iter())}
            before = [c for c in candidates if order[c] < order[after[0]]]
            candidates = before[-1:] or candidates
    element = candidates[0] if candidates else None
    if element is None or element.tag in ("body", "html"):
        return None
    return block_of(element)


def opening_block(body_element: HtmlElement, text: str) -> HtmlElement | None:
    """The block holding the ground truth's opening words."""
    parts = paragraphs(text)
    if not parts:
        return None
    return _found_block(body_element, parts[0], parts[1] if len(parts) > 1 else None)


def headline(doc: HtmlElement, body_element: HtmlElement) -> HtmlElement | None:
    """The visible `<h1>` whose words best match the page title (the first on a tie), else an
    element marked as the headline."""
    title = set(_words(page_title(doc)))
    best: tuple[int, HtmlElement] | None = None
    for h1 in body_element.iter("h1"):
        if not _shown(h1) or not squash(h1.text_content()):
            continue
        score = len(title & set(_words(h1.text_content())))
        if best is None or score > best[0]:
            best = (score, h1)
    if best is not None:
        return best[1]
    for element in body_element.iter():
        if element.get("itemprop") == "headline" and _shown(element) and squash(element.text_content()):
            return block_of(element)
    return None


def page_title(doc: HtmlElement) -> str:
    for name in _META_TITLES:
        for meta in doc.iter("meta"):
            if name in ((meta.get("property") or ""), (meta.get("name") or "")) and meta.get("content"):
                return str(meta.get("content"))
    title = doc.find(".//title")
    return title.text_content() if title is not None else ""


def _words(text: str) -> list[str]:
    return [w for w in (squash(w) for w in text.split()) if w]


def _inside(element: HtmlElement, tags: tuple[str, ...]) -> bool:
    return any(a.tag in tags for a in element.iterancestors())


def caption(doc: HtmlElement, body_element: HtmlElement, text: str) -> HtmlElement | None:
    """The first visible image caption of the article: after the headline, inside the
    `<article>` that holds the opening words when there is one, not in nav/header/footer/aside."""
    opening = opening_block(body_element, text)
    scope = None
    if opening is not None:
        scope = next((a for a in opening.iterancestors() if a.tag == "article"), None)
    top = headline(doc, body_element)
    order = {e: i for i, e in enumerate(doc.iter())}
    start = order[top] if top is not None else -1
    for element in (scope if scope is not None else body_element).iter():
        if not isinstance(element.tag, str):
            continue
        is_caption = element.tag == "figcaption" or (
            element.tag in ("div", "p", "span", "small") and "caption" in (element.get("class") or "").lower()
        )
        if (
            is_caption
            and _shown(element)
            and squash(element.text_content())
            and not _inside(element, ("nav", "header", "footer", "aside"))
            and order[element] > start
        ):
            return element
    return None


def article_container(body_element: HtmlElement, text: str) -> HtmlElement | None:
    """The `<article>` holding the opening words, else the block holding the last paragraph's
    parent: what "after the article" is placed after."""
    opening = opening_block(body_element, text)
    if opening is not None:
        article = next((a for a in opening.iterancestors() if a.tag == "article"), None)
        if article is not None:
            return article
    parts = paragraphs(text)
    last = _found_block(body_element, parts[-1]) if parts else None
    if last is None:
        return None
    parent = last.getparent()
    return parent if parent is not None and parent.tag not in ("body", "html") else last


# --- placing ----------------------------------------------------------------------------------


def _element(tag: str, text: str | None = None, **attributes: str) -> HtmlElement:
    element = lxml.html.Element(tag, **attributes)
    element.text = text
    return element


def _paragraph(language: str) -> HtmlElement:
    return _element("p", PARAGRAPH[language])


def _opening(doc: HtmlElement, body_element: HtmlElement, text: str, language: str, _: str) -> bool:
    block = opening_block(body_element, text)
    if block is None:
        return False
    block.addnext(_paragraph(language))
    return True


def _headline(doc: HtmlElement, body_element: HtmlElement, text: str, language: str, _: str) -> bool:
    element = headline(doc, body_element)
    if element is None:
        return False
    element.addnext(_paragraph(language))
    return True


def _caption(doc: HtmlElement, body_element: HtmlElement, text: str, language: str, _: str) -> bool:
    element = caption(doc, body_element, text)
    if element is None:
        return False
    if element.tag in ("figcaption", "div"):
        element.append(_paragraph(language))
    else:
        element.append(_element("span", " " + PARAGRAPH[language]))
    return True


def _midbody(doc: HtmlElement, body_element: HtmlElement, text: str, language: str, _: str) -> bool:
    parts = paragraphs(text)
    if len(parts) < 3:
        return False
    half = len(parts) // 2
    middle = parts[half]
    block = _found_block(body_element, middle, parts[half + 1] if half + 1 < len(parts) else None)
    # a block much larger than the paragraph is the whole article (paragraphs split by <br>):
    # "after it" would be the end of the article, not its middle
    if block is None or len(squash(block.text_content())) > 3 * len(squash(middle)) + 200:
        return False
    block.addnext(_paragraph(language))
    return True


def _append_text(element: HtmlElement, suffix: str) -> None:
    children = list(element)
    if children:
        last = children[-1]
        last.tail = (last.tail or "").rstrip() + suffix
    else:
        element.text = (element.text or "").rstrip() + suffix


def with_suffix(title: str, suffix: str) -> str:
    """`title` with `suffix` after the headline, before a trailing " | Site name" if any."""
    title = " ".join(title.split())
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if separators and len(title[separators[-1].end() :].split()) <= 4:
        cut = separators[-1].start()
        return title[:cut] + suffix + title[cut:]
    return title + suffix


def _title_only(doc: HtmlElement, body_element: HtmlElement, text: str, language: str, _: str) -> bool:
    suffix = TITLE_SUFFIX[language]
    changed = False
    title = doc.find(".//title")
    if title is not None and title.text_content().strip():
        title.text = with_suffix(title.text_content(), suffix)
        changed = True
    for meta in doc.iter("meta"):
        key = meta.get("property") or meta.get("name") or ""
        if key in _META_TITLES and meta.get("content"):
            meta.set("content", with_suffix(str(meta.get("content")), suffix))
            changed = True
    element = headline(doc, body_element)
    if element is not None:
        _append_text(element, suffix)
        changed = True
    return changed


def _nav(doc: HtmlElement, body_element: HtmlElement, text: str, _: str, page_language: str) -> bool:
    menu = next((e for e in body_element.iter("nav") if _shown(e)), None)
    if menu is None:
        menu = next((e for e in body_element.iter() if e.get("role") == "navigation" and _shown(e)), None)
    if menu is None:
        menu = _element("nav")
        body_element.insert(0, menu)
    items = menu.find(".//ul")
    if items is None:
        items = _element("ul")
        menu.append(items)
    for label in MENU[decoy_language(page_language)]:
        item = _element("li")
        item.append(_element("a", label, href=f"/topics/{squash(label) or 'asia'}"))
        items.append(item)
    return True


def _related(doc: HtmlElement, body_element: HtmlElement, text: str, _: str, page_language: str) -> bool:
    container = article_container(body_element, text)
    if container is None:
        return False
    language = decoy_language(page_language)
    box = _element("div", None, **{"class": "related-articles"})
    box.append(_element("h3", RELATED_HEADING[language]))
    items = _element("ul")
    for number, headline_text in enumerate(RELATED[language]):
        item = _element("li")
        item.append(_element("a", headline_text, href=f"/news/asia/story-{number + 1}.html"))
        items.append(item)
    box.append(items)
    container.addnext(box)
    return True


def _teaser(doc: HtmlElement, body_element: HtmlElement, text: str, _: str, page_language: str) -> bool:
    sidebar = next((e for e in body_element.iter("aside") if _shown(e)), None)
    container = None if sidebar is not None else article_container(body_element, text)
    if sidebar is None and container is None:
        return False
    language = decoy_language(page_language)
    box = _element("div", None, **{"class": "more-stories"})
    box.append(_element("h2", TEASER_HEADING[language]))
    for number, (title, summary) in enumerate(TEASERS[language]):
        teaser = _element("div", None, **{"class": "teaser"})
        heading = _element("h3")
        heading.append(_element("a", title, href=f"/news/world/teaser-{number + 1}.html"))
        teaser.append(heading)
        teaser.append(_element("p", summary))
        box.append(teaser)
    if sidebar is not None:
        sidebar.append(box)
    elif container is not None:
        container.addnext(box)
    return True


def _footer(doc: HtmlElement, body_element: HtmlElement, text: str, _: str, page_language: str) -> bool:
    footers = [e for e in body_element.iter("footer") if _shown(e) and not _inside(e, ("article",))]
    if footers:
        footer = footers[-1]
    else:
        footer = _element("footer")
        body_element.append(footer)
    footer.append(_element("p", FOOTER[decoy_language(page_language)]))
    return True


_PLACERS = {
    "opening": _opening,
    "headline": _headline,
    "caption": _caption,
    "midbody": _midbody,
    "title_only": _title_only,
    "nav": _nav,
    "related": _related,
    "teaser": _teaser,
    "footer": _footer,
}
