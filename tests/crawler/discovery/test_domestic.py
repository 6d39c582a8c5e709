"""Domestic outlets: .vn hosts, GDELT's source country Vietnam, and Vietnamese outlets on generic
domains (config/domestic.yaml); Vietnamese-language outlets abroad stay foreign."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.discovery.gkg import GkgFilter
from vnmon.demo.gdelt import HANOI, GkgRecord
from vnmon.kernel.domestic import DomesticError, is_domestic_outlet, load_domestic
from vnmon.kernel.lexicon import Lexicon, load_lexicon

WHEN = datetime(2026, 12, 7, 9, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.mark.parametrize(
    ("host", "source_name", "country"),
    [
        ("vnexpress.net", "", None),
        ("e.vnexpress.net", "", None),  # the English edition: a subdomain of a listed domain
        ("baomoi.com", "", None),
        ("127.0.0.9", "baomoi.com", None),  # GDELT's source name says it
        ("thanhnien.vn", "", None),
        ("www.example.com", "", "VN"),  # GDELT's source country (FIPS VM, as ISO)
    ],
)
def test_vietnamese_outlets_are_domestic(host: str, source_name: str, country: str | None) -> None:
    assert is_domestic_outlet(host, source_name, country)


@pytest.mark.parametrize(
    "host",
    [
        "www.bbc.com",
        "www.voatiengviet.com",
        "www.rfa.org",
        "www.rfi.fr",
        "notvnexpress.net",
        "vnexpress.net.evil.com",
    ],
)
def test_foreign_outlets_writing_in_vietnamese_stay_foreign(host: str) -> None:
    assert not is_domestic_outlet(host, host, "GB" if "bbc" in host else None)


def test_a_gkg_record_of_a_dotcom_domestic_outlet_is_dropped(lexicon: Lexicon) -> None:
    gkg = GkgFilter(lexicon)
    lines = [
        GkgRecord("https://e.vnexpress.net/news/news/hanoi-floods-123.html", "vnexpress.net", WHEN, [HANOI]),
        GkgRecord("https://baomoi.com/lu-lut-ha-noi/c/1.epi", "baomoi.com", WHEN, [HANOI]),
        GkgRecord("https://www.bbc.com/vietnamese/articles/c1", "bbc.com", WHEN, [HANOI]),
    ]
    kept = [found.url for found in gkg.records(r.line(n) for n, r in enumerate(lines))]
    assert kept == ["https://www.bbc.com/vietnamese/articles/c1"]
    assert gkg.stats["domestic"] == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "domains:\n  - domain: https://vnexpress.net/\n    name: VnExpress\n",
            "domains[1]: domain: 'https://vnexpress.net/' is not a lowercase domain name",
        ),
        (
            "domains:\n  - domain: tuoitre.vn\n    name: Tuổi Trẻ\n",
            "domains[1]: domain: tuoitre.vn is under .vn",
        ),
        ("domains:\n  - domain: baomoi.com\n", "domains[1]: name: the outlet's name is required"),
        (
            "domains:\n  - domain: baomoi.com\n    name: A\n  - domain: baomoi.com\n    name: B\n",
            "domains[2]: baomoi.com is listed twice",
        ),
        (
            "domains:\n  - domain: baomoi.com\n    name: A\n    country: VN\n",
            "domains[1]: unknown field(s) country",
        ),
        ("outlets: []\n", "unknown top-level field(s) outlets"),
        ("domains: [\n", "not valid YAML"),
    ],
)
def test_a_bad_domestic_file_names_the_file_entry_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "domestic.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DomesticError) as raised:
        load_domestic(path)
    assert str(raised.value).startswith(str(path)) and message in str(raised.value)


def test_the_shipped_list_is_valid_and_lists_no_foreign_outlet() -> None:
    shipped = load_domestic()
    assert {"vnexpress.net", "baomoi.com"} <= shipped.domains
    assert not shipped.domains & {
        "bbc.com",
        "bbc.co.uk",
        "voatiengviet.com",
        "rfa.org",
        "rfi.fr",
        "nguoi-viet.com",
    }
