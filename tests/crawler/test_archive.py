"""Tests of the WARC archive: writing, rotation, reading back by reference and in bulk."""

from __future__ import annotations

import gzip
import hashlib
import io
import logging
import re
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.archive import WarcArchive
from vnmon.kernel.article import WarcRef
from vnmon.kernel.warc import ArchiveReadError, iter_archive, read_response

FETCHED = datetime(2025, 9, 16, 10, 12, 33, 123456, tzinfo=UTC)
RUSSIAN_HTML = (
    "<html><head><meta charset='windows-1251'><title>Вьетнам и Россия</title></head>"
    "<body><p>Премьер-министр Вьетнама прибыл в Москву для переговоров об энергетике.</p>"
    "</body></html>"
).encode("cp1251")
HTML_HEADERS = [("Content-Type", "text/html; charset=windows-1251"), ("Server", "nginx")]


def _warc_records(path: Path) -> list[tuple[str, str | None]]:
    """(type, target URI) of every record, read with warcio alone, digests verified."""
    with open(path, "rb") as handle:
        return [
            (record.rec_type, record.rec_headers.get_header("WARC-Target-URI"))
            for record in ArchiveIterator(handle, check_digests="raise")
        ]


def test_windows_1251_body_and_headers_round_trip(tmp_path: Path) -> None:
    headers = [*HTML_HEADERS, ("Link", '<https://example.ru/vn>; rel="canonical"; title="Вьетнам"')]
    with WarcArchive(tmp_path) as archive:
        ref = archive.write_response(
            "https://example.ru/world/vietnam?id=7", 200, "OK", headers, RUSSIAN_HTML, FETCHED
        )
    got = read_response(tmp_path, ref)
    assert got.body == RUSSIAN_HTML
    assert got.headers == headers
    assert got.header("content-type") == "text/html; charset=windows-1251"
    assert (got.url, got.status, got.fetched_at) == (
        "https://example.ru/world/vietnam?id=7",
        200,
        FETCHED,
    )
    assert "Премьер-министр" in got.body.decode("cp1251")


def test_gzip_encoded_body_is_stored_decoded(tmp_path: Path) -> None:
    headers = [
        *HTML_HEADERS,
        ("Content-Encoding", "gzip"),
        ("Content-Length", "999"),
        ("Transfer-Encoding", "chunked"),
    ]
    with WarcArchive(tmp_path) as archive:
        raw = archive.write_response(
            "https://example.ru/a", 200, "OK", headers, gzip.compress(RUSSIAN_HTML), FETCHED
        )
        # Scrapy already decoded this one but a header may still say gzip.
        decoded = archive.write_response("https://example.ru/b", 200, "OK", headers, RUSSIAN_HTML, FETCHED)
    for ref in (raw, decoded):
        got = read_response(tmp_path, ref)
        assert got.body == RUSSIAN_HTML
        assert got.header("Content-Encoding") is None
        assert got.header("Transfer-Encoding") is None
        assert got.header("Content-Length") == str(len(RUSSIAN_HTML))
        assert got.header("X-Archive-Orig-Content-Encoding") == "gzip"
        assert got.header("Content-Type") == "text/html; charset=windows-1251"


def test_unknown_content_encoding_is_stored_as_received(tmp_path: Path) -> None:
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "br")]
    with WarcArchive(tmp_path) as archive:
        ref = archive.write_response("https://x.test/", 200, "OK", headers, b"\x8b\x02\x80", FETCHED)
    got = read_response(tmp_path, ref)
    assert got.body == b"\x8b\x02\x80"
    assert got.header("Content-Encoding") == "br"


def test_files_are_valid_gzip_warc_with_warcinfo_first(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, prefix="test") as archive:
        exchange = archive.write_exchange(
            "https://example.ru/a",
            200,
            "",
            HTML_HEADERS,
            RUSSIAN_HTML,
            FETCHED,
            request_headers=[("User-Agent", "vnmon/0.1"), ("Accept", "text/html")],
        )
        archive.write_metadata("https://example.ru/a", exchange.record_id, {"title": "Вьетнам"})
    (path,) = tmp_path.iterdir()
    assert re.fullmatch(r"test-\d{14}-00001\.warc\.gz", path.name)
    assert path.name == exchange.ref.file
    assert gzip.decompress(path.read_bytes()).startswith(b"WARC/1.1\r\n")
    assert _warc_records(path) == [
        ("warcinfo", None),
        ("response", "https://example.ru/a"),
        ("request", "https://example.ru/a"),
        ("metadata", "https://example.ru/a"),
    ]
    with open(path, "rb") as handle:
        records = list(ArchiveIterator(handle))
    request, metadata = records[2], records[3]
    assert request.rec_headers.get_header("WARC-Concurrent-To") == exchange.record_id
    assert request.rec_headers.get_header("WARC-Record-ID") == exchange.request_record_id
    assert request.http_headers.get_header("User-Agent") == "vnmon/0.1"
    assert metadata.rec_headers.get_header("WARC-Refers-To") == exchange.record_id
    assert metadata.rec_headers.get_header("Content-Type") == "application/json"


def test_nothing_is_created_before_the_first_write(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path / "warc")
    archive.close()
    assert not (tmp_path / "warc").exists()
    with pytest.raises(RuntimeError, match="closed"):
        archive.write_response("https://x.test/", 200, "OK", [], b"", FETCHED)


def test_rotation_keeps_files_under_max_bytes(tmp_path: Path) -> None:
    refs = []
    with WarcArchive(tmp_path, max_bytes=4_000) as archive:
        for i in range(30):
            body = f"<p>story {i}</p>".encode() * 40
            refs.append(archive.write_response(f"https://x.test/{i}", 200, "OK", HTML_HEADERS, body, FETCHED))
    files = sorted(tmp_path.iterdir())
    assert len(files) >= 3
    assert [f.name for f in files] == sorted({ref.file for ref in refs})
    serials = [int(f.name[-13:-8]) for f in files]
    assert serials == list(range(1, len(files) + 1))
    urls = []
    for path in files:
        assert path.stat().st_size <= 4_000
        records = _warc_records(path)
        assert records[0] == ("warcinfo", None)
        urls += [uri for kind, uri in records if kind == "response"]
    assert urls == [f"https://x.test/{i}" for i in range(30)]


def test_a_record_larger_than_max_bytes_still_gets_written(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=500) as archive:
        small = archive.write_response("https://x.test/s", 200, "OK", [], b"tiny", FETCHED)
        big = archive.write_response("https://x.test/b", 200, "OK", [], bytes(range(256)) * 40, FETCHED)
    assert small.file != big.file
    assert read_response(tmp_path, big).body == bytes(range(256)) * 40


def test_refs_point_at_their_own_record(tmp_path: Path) -> None:
    bodies = {f"https://x.test/{i}": f"body {i} ".encode() * (i + 1) for i in range(20)}
    with WarcArchive(tmp_path, max_bytes=3_000) as archive:
        refs = {
            url: archive.write_response(url, 200, "OK", [], body, FETCHED + timedelta(seconds=n))
            for n, (url, body) in enumerate(bodies.items())
        }
    for n, (url, ref) in enumerate(refs.items()):
        got = read_response(tmp_path, ref)
        assert (got.url, got.body) == (url, bodies[url])
        assert got.fetched_at == FETCHED + timedelta(seconds=n)
        # offset..offset+length is exactly one gzip member holding that record.
        assert ref.length is not None
        chunk = (tmp_path / ref.file).read_bytes()[ref.offset : ref.offset + ref.length]
        assert [r.rec_type for r in ArchiveIterator(io.BytesIO(chunk))] == ["response"]


def test_read_response_rejects_bad_refs(tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        exchange = archive.write_exchange("https://x.test/", 200, "OK", [], b"x", FETCHED)
        archive.write_metadata("https://x.test/", exchange.record_id, {"a": 1})
    name = exchange.ref.file
    size = (tmp_path / name).stat().st_size
    with pytest.raises(ArchiveReadError, match="relative"):
        read_response(tmp_path, WarcRef(file="../etc/passwd", offset=0))
    with pytest.raises(ArchiveReadError, match="not found"):
        read_response(tmp_path, WarcRef(file="missing.warc.gz", offset=0))
    with pytest.raises(ArchiveReadError, match=rf"{re.escape(name)}.*warcinfo record, not a response"):
        read_response(tmp_path, WarcRef(file=name, offset=0))
    with pytest.raises(ArchiveReadError, match=re.escape(name)):
        read_response(tmp_path, WarcRef(file=name, offset=exchange.ref.offset + 3))
    with pytest.raises(ArchiveReadError, match="no WARC record"):
        read_response(tmp_path, WarcRef(file=name, offset=size))


def test_iter_archive_pairs_metadata_across_files(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=2_000) as archive:
        first = archive.write_exchange("https://x.test/1", 200, "OK", [], b"one" * 100, FETCHED)
        second = archive.write_exchange("https://x.test/2", 200, "OK", [], b"two" * 100, FETCHED)
        archive.write_response("https://x.test/3", 404, "Not Found", [], b"", FETCHED)
        archive.write_metadata("https://x.test/2", second.record_id, {"title": "Two", "v": 1})
        # Written after rotation, and a later re-extraction supersedes the first one.
        archive.write_metadata("https://x.test/1", first.record_id, {"title": "One"})
        archive.write_metadata("https://x.test/2", second.record_id, {"title": "Two", "v": 2})
    assert len(list(tmp_path.iterdir())) >= 2
    pages = list(iter_archive(tmp_path))
    assert [p.response.url for p in pages] == ["https://x.test/1", "https://x.test/2", "https://x.test/3"]
    assert [p.metadata for p in pages] == [{"title": "One"}, {"title": "Two", "v": 2}, None]
    assert pages[0].ref == first.ref and pages[1].ref == second.ref
    assert pages[2].response.status == 404
    assert pages[1].response.body == b"two" * 100


def test_metadata_accepts_datetimes_and_rejects_other_objects(tmp_path: Path) -> None:
    moment = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=7)))
    with WarcArchive(tmp_path) as archive:
        exchange = archive.write_exchange("https://x.test/", 200, "OK", [], b"x", FETCHED)
        archive.write_metadata("https://x.test/", exchange.record_id, {"published_at": moment})
        with pytest.raises(ValueError, match=r"https://x\.test/.*JSON"):
            archive.write_metadata("https://x.test/", exchange.record_id, {"bad": object()})
    (page,) = iter_archive(tmp_path)
    assert page.metadata == {"published_at": "2025-01-02T03:04:05+07:00"}


def _noise(seed: int, size: int) -> bytes:
    """Incompressible but reproducible bytes, so file sizes are predictable."""
    out = b""
    block = seed.to_bytes(4, "big")
    while len(out) < size:
        block = hashlib.sha256(block).digest()
        out += block
    return out[:size]


@pytest.mark.parametrize("kept", [0.05, 0.5, 0.97])
def test_truncated_tail_does_not_stop_earlier_records(
    tmp_path: Path, kept: float, caplog: pytest.LogCaptureFixture
) -> None:
    with WarcArchive(tmp_path, max_bytes=3_000) as archive:
        refs = [
            archive.write_response(f"https://x.test/{i}", 200, "OK", [], _noise(i, 900), FETCHED)
            for i in range(6)
        ]
    damaged = refs[0].file
    in_damaged = [r for r in refs if r.file == damaged]
    assert 1 < len(in_damaged) < len(refs)  # earlier records before, another file after
    last = in_damaged[-1]
    path = tmp_path / damaged
    assert last.length is not None
    # Crash mid-write: only a part of the last record reached the disk.
    path.write_bytes(path.read_bytes()[: last.offset + int(last.length * kept)])
    with caplog.at_level(logging.WARNING, logger="vnmon.kernel.warc"):
        pages = list(iter_archive(tmp_path))
    lost = refs.index(last)
    assert [p.response.url for p in pages] == [f"https://x.test/{i}" for i in range(6) if i != lost]
    assert all(p.response.body == _noise(int(p.response.url[-1]), 900) for p in pages)
    assert any(damaged in m and f"offset {last.offset}" in m for m in caplog.messages), caplog.messages
    with pytest.raises(ArchiveReadError, match=damaged):
        read_response(tmp_path, last)


def test_lost_gzip_trailer_keeps_the_complete_record(tmp_path: Path) -> None:
    # The last 8 bytes of a gzip member are its CRC and size; the record itself is whole.
    with WarcArchive(tmp_path) as archive:
        ref = archive.write_response("https://x.test/", 200, "OK", [], _noise(7, 900), FETCHED)
    path = tmp_path / ref.file
    path.write_bytes(path.read_bytes()[:-8])
    assert [p.response.body for p in iter_archive(tmp_path)] == [_noise(7, 900)]


def test_garbage_after_last_record_is_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with WarcArchive(tmp_path) as archive:
        ref = archive.write_response("https://x.test/", 200, "OK", [], b"kept", FETCHED)
    path = tmp_path / ref.file
    size = path.stat().st_size
    with open(path, "ab") as handle:
        handle.write(b"\x1f\x8b\x08\x00garbage from a crash")
    with caplog.at_level(logging.WARNING, logger="vnmon.kernel.warc"):
        pages = list(iter_archive(tmp_path))
    assert [p.response.body for p in pages] == [b"kept"]
    assert any(ref.file in m and f"offset {size}" in m for m in caplog.messages)


def test_concurrent_writers_share_one_archive(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path, max_bytes=20_000)
    refs: list[tuple[str, WarcRef]] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        for i in range(40):
            url = f"https://x.test/{worker}/{i}"
            ref = archive.write_response(url, 200, "OK", [], url.encode() * 20, FETCHED)
            with lock:
                refs.append((url, ref))

    threads = [threading.Thread(target=work, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    archive.close()
    assert len({(ref.file, ref.offset) for _, ref in refs}) == 240
    for url, ref in refs:
        assert read_response(tmp_path, ref).body == url.encode() * 20
    assert sorted(p.response.url for p in iter_archive(tmp_path)) == sorted(u for u, _ in refs)


def test_header_injection_is_refused(tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive, pytest.raises(ValueError, match=r"x\.test.*X-Evil"):
        archive.write_response("https://x.test/", 200, "OK", [("X-Evil", "a\r\nSet-Cookie: b")], b"", FETCHED)


def test_every_cut_point_yields_only_exact_records(tmp_path: Path) -> None:
    # Whatever byte a crash stops at, iteration neither raises nor returns a wrong body.
    with WarcArchive(tmp_path) as archive:
        first = archive.write_response("https://x.test/1", 200, "OK", [], _noise(1, 700), FETCHED)
        archive.write_response("https://x.test/2", 200, "OK", [], _noise(2, 700), FETCHED)
    path = tmp_path / first.file
    whole = path.read_bytes()
    assert first.length is not None
    start = first.offset + first.length
    for end in range(start, len(whole), 23):
        path.write_bytes(whole[:end])
        pages = list(iter_archive(tmp_path))
        assert [p.response.body for p in pages] in ([_noise(1, 700)], [_noise(1, 700), _noise(2, 700)])
