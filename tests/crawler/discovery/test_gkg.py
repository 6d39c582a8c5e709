"""Reading GKG 2.1 files: the real 27-column layout, what is kept, and damage counted, never raised."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.discovery.fips import country_from_gdelt, country_of_host, fips_to_iso, language_from_gdelt
from crawler.discovery.gkg import (
    GKG_COLUMNS,
    GkgFilter,
    ParseStats,
    _may_match,
    first_tone,
    read_gkg_zip,
    term_starts,
)
from vnmon.demo.gdelt import BEIJING, HANOI, HUE, GkgRecord, gkg_zip
from vnmon.kernel.lexicon import Lexicon, load_lexicon

WHEN = datetime(2026, 12, 7, 9, 15, tzinfo=UTC)


@pytest.fixture
def gkg_filter(lexicon: Lexicon) -> GkgFilter:
    return GkgFilter(lexicon)


def _record(**fields: object) -> GkgRecord:
    defaults: dict[str, object] = {
        "url": "https://www.example.com/world/asia/story-1",
        "source_name": "example.com",
    }
    return GkgRecord(**{**defaults, "date": WHEN, **fields})  # type: ignore[arg-type]


def test_the_layout_is_the_codebooks_27_columns() -> None:
    assert len(GKG_COLUMNS) == 27
    assert GKG_COLUMNS[4] == "V2DOCUMENTIDENTIFIER" and GKG_COLUMNS[15] == "V1.5TONE"
    assert GKG_COLUMNS[10] == "V2ENHANCEDLOCATIONS" and GKG_COLUMNS[25] == "V2.1TRANSLATIONINFO"
    assert len(_record().line(0).split("\t")) == 27


def test_a_record_located_in_vietnam_is_kept_with_its_url_tone_and_places(gkg_filter: GkgFilter) -> None:
    found = gkg_filter.record(_record(locations=[BEIJING, HANOI, HUE], tone=-3.25).line(7))
    assert found is not None
    assert found.url == "https://www.example.com/world/asia/story-1"
    assert found.source_name == "example.com" and found.via == "gdelt-gkg"
    assert found.tone == -3.25  # the first of V1.5TONE's seven values
    assert found.locations == ["Hanoi, Thanh Pho Ha Noi, Vietnam", "Hue, Thua Thien-Hue, Vietnam"]
    assert found.batch == WHEN.isoformat() and found.matched == "location" and not found.translated


def test_a_record_naming_vietnam_without_a_vietnamese_place_is_kept_by_the_lexicon(
    gkg_filter: GkgFilter,
) -> None:
    found = gkg_filter.record(_record(locations=[BEIJING], names=["Ho Chi Minh City", "Xi Jinping"]).line(1))
    assert found is not None and found.matched == "lexicon" and found.locations == []
    by_url = _record(url="https://news.example.org/2026/12/vietnam-rice-exports-record", locations=[])
    assert gkg_filter.record(by_url.line(2)) is not None


def test_fips_is_not_iso_ch_is_china_not_switzerland(gkg_filter: GkgFilter) -> None:
    # A record located in China (FIPS CH) and naming nothing Vietnamese is passed over.
    assert gkg_filter.record(_record(locations=[BEIJING], names=["Beijing"]).line(3)) is None
    assert fips_to_iso("VM") == "VN" and fips_to_iso("CH") == "CN" and fips_to_iso("SZ") == "CH"
    assert fips_to_iso("SN") == "SG" and fips_to_iso("UK") == "GB" and fips_to_iso("FR") == "FR"
    assert fips_to_iso("XX") is None
    assert country_from_gdelt("United States") == "US" and country_from_gdelt("Vietnam") == "VN"
    assert country_from_gdelt("GM") == "DE" and country_from_gdelt("") is None
    assert country_of_host("www.lemonde.fr") == "FR" and country_of_host("bbc.co.uk") == "GB"
    assert country_of_host("example.com") is None
    assert language_from_gdelt("French") == "fr" and language_from_gdelt("Klingonese") is None


def test_domestic_citation_only_and_malformed_records_are_counted_not_kept() -> None:
    gkg = GkgFilter(load_lexicon())
    lines = [
        _record(url="https://thanhnien.vn/some-story-123.htm", locations=[HANOI]).line(1),
        _record(url="https://example.com/x", source_name="tuoitre.vn", locations=[HANOI]).line(2),
        _record(url="Agence France-Presse", collection=2, locations=[HANOI]).line(3),
        _record(url="Some Report Title", locations=[HANOI]).line(4),  # web collection, not a URL
        "20261207091500-5\ttoo\tfew columns",
        "",
        _record(locations=[HANOI]).line(6).replace("20261207091500", "2026120709XX00", 2),  # bad date
        _record(locations=[HANOI]).line(7),
    ]
    kept = list(gkg.records(lines))
    assert [k.url for k in kept] == ["https://www.example.com/world/asia/story-1"]
    counts = gkg.stats.counts
    assert counts["domestic"] == 2 and counts["not_a_url"] == 2 and counts["malformed"] == 3
    assert counts["records"] == len(lines) and counts["kept"] == 1


def test_translated_records_say_so(gkg_filter: GkgFilter) -> None:
    found = gkg_filter.record(_record(locations=[HANOI], translated_from="fra").line(9))
    assert found is not None and found.translated
    assert first_tone("") is None and first_tone("abc,1") is None and first_tone("2.5,1,1") == 2.5


def test_a_truncated_zip_keeps_what_came_before_and_is_counted(tmp_path: Path) -> None:
    lines = [
        _record(url=f"https://example.com/vietnam-story-{i}", locations=[HANOI]).line(i) for i in range(3000)
    ]
    whole = gkg_zip(lines, "20261207091500.gkg.csv")
    good = tmp_path / "good.zip"
    good.write_bytes(whole)
    stats = ParseStats()
    assert sum(1 for _ in read_gkg_zip(good, stats)) == 3000 and stats["truncated_files"] == 0

    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    assert list(read_gkg_zip(cut, stats)) == []  # no central directory: nothing to read
    assert stats["truncated_files"] == 1

    # A member whose data ends early (the archive's directory intact, its bytes damaged).
    damaged = bytearray(whole)
    start = len(damaged) // 3
    damaged[start : start + 200] = b"\x00" * 200
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(damaged))
    read = sum(1 for _ in read_gkg_zip(bad, stats))
    assert read < 3000 and stats["truncated_files"] == 2

    not_zip = tmp_path / "error.zip"
    not_zip.write_text("<html>502 Bad Gateway</html>")
    assert list(read_gkg_zip(not_zip, stats)) == [] and stats["truncated_files"] == 3


def test_a_stored_member_is_read_and_a_wrong_crc_is_counted(tmp_path: Path) -> None:
    lines = [_record(locations=[HANOI]).line(n) for n in range(50)]
    path = tmp_path / "stored.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("stored.gkg.csv", "".join(f"{line}\r\n" for line in lines))
    stats = ParseStats()
    assert [line.rstrip("\r") for line in read_gkg_zip(path, stats)] == lines
    assert stats["truncated_files"] == 0
    data = bytearray(path.read_bytes())
    spot = data.index(b"Hanoi")
    data[spot] = ord("X")  # same size, other bytes: only the CRC tells
    path.write_bytes(bytes(data))
    assert len(list(read_gkg_zip(path, stats))) == 50 and stats["truncated_files"] == 1


def test_the_member_is_streamed_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("big.gkg.csv", "w") as out:
        line = (_record(locations=[HANOI]).line(0) + "\n").encode()
        for _ in range(20000):
            out.write(line)
    stats = ParseStats()
    lines = read_gkg_zip(path, stats)
    first = next(lines)
    assert first.startswith("20261207091500-0\t")
    # A generator over the open member: the 20,000 lines are not read yet.
    assert sum(1 for _ in lines) == 19999


def test_the_quick_url_test_never_hides_a_lexicon_term() -> None:
    lexicon = load_lexicon()
    starts = term_starts(lexicon)
    checked = 0
    for entry in lexicon.entries.values():
        for term in entry.terms:
            text = term.folded.lstrip("=").replace("*", "").replace("~", "")
            if text.isascii():
                assert _may_match(text.lower(), starts), term
                checked += 1
    assert checked > 100
    assert not _may_match("world asia markets today", starts)
