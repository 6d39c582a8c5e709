"""decode_html: charset from BOM, HTTP header, <meta>, then detection."""

from __future__ import annotations

import codecs

import pytest

from crawler.extraction import decode_html

RUSSIAN = "Вьетнам и Россия подписали соглашение о сотрудничестве в области энергетики."
CHINESE = "越南政府周二宣布，批准了连接河内和胡志明市的南北高速铁路项目第一阶段。"
JAPANESE = "ベトナム政府は火曜日、高速鉄道計画の第一段階を承認したと発表した。"


def _page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [
        (RUSSIAN, "cp1251", "windows-1251"),
        (CHINESE, "gbk", "gb2312"),
        (CHINESE, "gb18030", "gbk"),
        (JAPANESE, "cp932", "shift_jis"),
        (RUSSIAN, "koi8-r", "koi8-r"),
    ],
)
def test_meta_charset_is_honoured(text: str, codec: str, label: str) -> None:
    body = _page(text, f'<meta charset="{label}">').encode(codec)
    assert text in decode_html(body)


def test_http_equiv_charset_is_honoured() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    assert RUSSIAN in decode_html(_page(RUSSIAN, head).encode("cp1251"))


def test_http_header_charset_is_honoured_without_meta() -> None:
    body = _page(JAPANESE).encode("shift_jis")
    assert JAPANESE in decode_html(body, "text/html; charset=Shift_JIS")


def test_header_wins_over_meta() -> None:
    body = _page(RUSSIAN, '<meta charset="iso-8859-5">').encode("cp1251")
    assert RUSSIAN in decode_html(body, "text/html; charset=windows-1251")


def test_wrong_single_byte_declaration_does_not_garble_utf8() -> None:
    body = _page(RUSSIAN, '<meta charset="iso-8859-1">').encode("utf-8")
    assert RUSSIAN in decode_html(body, "text/html; charset=ISO-8859-1")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_bom_wins_over_declarations(bom: bytes, codec: str) -> None:
    body = bom + _page(RUSSIAN, '<meta charset="windows-1251">').encode(codec)
    text = decode_html(body, "text/html; charset=windows-1251")
    assert RUSSIAN in text
    assert not text.startswith("\ufeff")


def test_utf16_without_bom_is_recognised() -> None:
    assert CHINESE in decode_html(_page(CHINESE * 3).encode("utf-16-le"))


@pytest.mark.parametrize(("text", "codec"), [(RUSSIAN * 5, "cp1251"), (CHINESE * 5, "gb18030")])
def test_undeclared_legacy_charset_is_detected(text: str, codec: str) -> None:
    assert text in decode_html(_page(text).encode(codec))


def test_empty_and_undecodable_bodies_do_not_raise() -> None:
    assert decode_html(b"") == ""
    assert isinstance(decode_html(b"\xff\xfe\xfa" * 10, "text/html; charset=nonsense"), str)


def test_wrong_utf8_header_falls_back_to_detection() -> None:
    body = _page(RUSSIAN * 3).encode("cp1251")
    assert RUSSIAN in decode_html(body, "text/html; charset=utf-8")


def test_declared_utf8_with_one_stray_byte_stays_utf8() -> None:
    body = _page(RUSSIAN * 3 + " caf\udce9", '<meta charset="utf-8">').encode(
        "utf-8", errors="surrogateescape"
    )
    text = decode_html(body)
    assert RUSSIAN in text
    assert "caf\ufffd" in text
