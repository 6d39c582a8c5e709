"""Makes an archived page safe to show: no scripts, no event handlers, nothing fetched from anywhere.

An allow-list of tags and attributes over lxml's tree; links and resources pointing outside the
page are neutralised (their target kept as a title so a reader still sees where they went), and
CSS loses every `url()`/`@import`. The strict Content-Security-Policy sent with the page is the
second wall; this is the first.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from w3lib.encoding import html_to_unicode

# Elements removed with everything inside them.
_DROP_WITH_CONTENT = {
    "script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link",
    "meta", "template", "svg", "math", "video", "audio", "source", "track", "picture", "canvas",
    "portal", "dialog", "title",
}  # fmt: skip
# Elements replaced by their children (their own behaviour is unsafe, their text is content).
_UNWRAP = {
    "form",
    "button",
    "select",
    "option",
    "optgroup",
    "textarea",
    "input",
    "label",
    "fieldset",
    "map",
    "area",
}
_ALLOWED_ATTRIBUTES = {
    "class", "id", "title", "alt", "lang", "dir", "colspan", "rowspan", "headers", "scope", "width",
    "height", "align", "valign", "style", "href", "datetime", "start", "reversed", "type", "span",
    "abbr", "summary",
}  # fmt: skip
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
_CSS_URL = re.compile(r"url\s*\([^)]*\)?|image-set\s*\(|image\s*\(|cross-fade\s*\(|element\s*\(", re.I)
_CSS_AT_RULE = re.compile(r"@(import|font-face|namespace)\b[^;{]*(;|\{[^}]*\})?", re.I)
_CSS_ACTIVE = re.compile(r"expression\s*\(|behavior\s*:|-moz-binding|javascript:", re.I)


def decode_page(body: bytes, content_type: str | None) -> str:
    """The page's text, decoded by its declared (header, BOM, meta) or detected charset."""
    _, text = html_to_unicode(content_type, body)
    return text


def sanitize_html(text: str, title: str = "") -> str:
    """A complete, inert HTML document with the readable content of `text`."""
    if not text.strip():
        text = "<p></p>"
    root = lxml.html.document_fromstring(text)
    body = root.find("body")
    if body is None:
        body = root
    _clean(body)
    head_styles = [style for style in root.iter("style") if not _inside(style, body)]
    out = lxml.html.Element("html")
    head = etree.SubElement(out, "head")
    etree.SubElement(head, "meta", charset="utf-8")
    if title:
        etree.SubElement(head, "title").text = title
    for style in head_styles:
        head.append(_clean_style_element(style))
    body.tag = "body"
    out.append(body)
    return "<!DOCTYPE html>\n" + lxml.html.tostring(out, encoding="unicode", method="html")


def clean_css(css: str) -> str:
    """`css` with comments, escapes, url()/image functions, @import and script-ish constructs removed."""
    css = _CSS_COMMENT.sub("", css)
    # Escapes could spell `url(` or `</style>`; decoding first means the checks see what a browser sees.
    css = _CSS_ESCAPE.sub(_unescape, css)
    css = _CSS_AT_RULE.sub("", css)
    css = _CSS_URL.sub("none", css)
    css = _CSS_ACTIVE.sub("", css)
    # Nothing inside a <style> element may close it.
    return css.replace("<", " ").replace("\\", " ")


def _clean(root: lxml.html.HtmlElement) -> None:
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(node)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in _DROP_WITH_CONTENT:
            _remove(element)
        elif tag in _UNWRAP:
            element.drop_tag()
        elif tag == "img":
            _clean_image(element)
        elif tag == "style":
            _clean_style_element(element)
        else:
            _clean_attributes(element)


def _clean_attributes(element: lxml.html.HtmlElement) -> None:
    for name in list(element.attrib):
        if name.lower() not in _ALLOWED_ATTRIBUTES:
            del element.attrib[name]
    if "style" in element.attrib:
        element.attrib["style"] = clean_css(element.attrib["style"])
    href = element.attrib.get("href")
    if href is not None and not href.strip().startswith("#"):
        # Following the link would leave the archive: keep the target visible, not clickable.
        del element.attrib["href"]
        if href.strip().lower().startswith(("http://", "https://")):
            element.attrib["title"] = href.strip()[:500]
        element.attrib["class"] = (element.attrib.get("class", "") + " vnmon-external-link").strip()


def _clean_image(element: lxml.html.HtmlElement) -> None:
    src = element.attrib.get("src", "")
    alt = element.attrib.get("alt", "")
    if src.strip().lower().startswith("data:image/") and not src.strip().lower().startswith("data:image/svg"):
        _clean_attributes(element)
        element.attrib["src"] = src.strip()
        return
    # The archive has no images; show the alternative text instead of asking the web for them.
    placeholder = lxml.html.Element("span")
    placeholder.attrib["class"] = "vnmon-image"
    placeholder.text = f"[{alt.strip()}]" if alt.strip() else ""
    placeholder.tail = element.tail
    parent = element.getparent()
    if parent is not None:
        parent.replace(element, placeholder)


def _clean_style_element(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    element.attrib.clear()
    element.text = clean_css(element.text or "")
    for child in list(element):
        element.remove(child)
    return element


def _remove(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    # Keep the text that follows the removed node.
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _inside(node: etree._Element, ancestor: etree._Element) -> bool:
    return any(parent is ancestor for parent in node.iterancestors())


def _unescape(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return match.group(2)
