"""Turn a fetched page's bytes into text: BOM, HTTP header, <meta> charset, then detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels pages declare mapped to the codec browsers really use (WHATWG Encoding
# Standard): the declared legacy charsets are routinely written with their supersets.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "big5": "big5hkscs",
}

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:+-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:+-]+)", re.I)
# Browsers look for a <meta> charset only in the first 1024 bytes; pages in the
# wild put it later (after long <script>s), so look further.
_META_SCAN_BYTES = 8192
# At most one undecodable character per this many keeps a declared charset.
_MAX_BAD_CHARS_PER = 1000


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page body to text, never raising.

    Order: byte-order mark, the HTTP Content-Type charset, a `<meta charset>` /
    `http-equiv` declaration, then statistical detection (charset-normalizer).
    A declared charset that cannot decode the bytes is skipped; bytes that are
    valid UTF-8 with non-ASCII text are read as UTF-8 even when a single-byte
    legacy charset is declared, because that declaration is the usual server default
    left unchanged, while a legacy text that is accidentally valid UTF-8 is very rare.
    """
    if not body:
        return ""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace")
    utf16 = _sniff_utf16(body)
    if utf16:
        return body.decode(utf16, errors="replace")
    declared = _declared_codecs(body, content_type)
    for codec in declared:
        if codec != "utf-8" and _is_utf8_text(body):
            return body.decode("utf-8")
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    if _is_utf8_text(body) or body.isascii():
        return body.decode("utf-8")
    if declared:
        # A declared charset with a few stray bytes (a pasted snippet in another
        # encoding) is still a better guess than statistics on the whole page.
        text = body.decode(declared[0], errors="replace")
        if text.count("\ufffd") * _MAX_BAD_CHARS_PER <= len(text):
            return text
    return _detect(body)


def _declared_codecs(body: bytes, content_type: str | None) -> list[str]:
    labels: list[str] = []
    if content_type:
        header = _HEADER_CHARSET.search(content_type)
        if header:
            labels.append(header.group(1))
    meta = _META_CHARSET.search(body[:_META_SCAN_BYTES])
    if meta:
        label = meta.group(1).decode("ascii", errors="ignore")
        # A <meta> readable as ASCII cannot be UTF-16 (WHATWG: treat as UTF-8).
        if label.lower().startswith("utf-16"):
            label = "utf-8"
        labels.append(label)
    codecs_: list[str] = []
    for label in labels:
        codec = _codec_for(label)
        if codec and codec not in codecs_:
            codecs_.append(codec)
    return codecs_


def _codec_for(label: str) -> str | None:
    label = label.strip().lower()
    label = _SUPERSETS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name in ("utf-8", "utf_8") else name


def _sniff_utf16(body: bytes) -> str | None:
    """BOM-less UTF-16: markup is mostly ASCII, so every other byte is NUL."""
    head = body[:2048]
    if len(head) < 64 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 64:
        return None
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    half = len(head) // 2
    if odd_nuls > 0.6 * half and even_nuls < 0.1 * half:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls < 0.1 * half:
        return "utf-16-be"
    return None


def _is_utf8_text(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(body: bytes) -> str:
    best = from_bytes(body).best()
    if best is not None and best.encoding:
        codec = _codec_for(best.encoding) or best.encoding
        try:
            return body.decode(codec, errors="replace")
        except LookupError:
            pass
    return body.decode("utf-8", errors="replace")
