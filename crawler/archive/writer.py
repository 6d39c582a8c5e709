"""Writes fetched responses and their extraction metadata to rotating gzipped WARC files."""

from __future__ import annotations

import io
import json
import os
import socket
import threading
import zlib
from datetime import UTC, date, datetime
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.archive.records import ResponseRecord, warc_date
from vnmon.kernel.article import WarcRef

WARC_VERSION = "WARC/1.1"
DEFAULT_GZIP_LEVEL = 6
# Framing headers that describe the bytes on the wire, not the body we store; the
# original values are kept under this prefix (the pywb convention) so nothing is lost.
ORIGINAL_HEADER_PREFIX = "X-Archive-Orig-"
_DECODABLE_ENCODINGS = {"gzip", "x-gzip", "deflate", "identity"}


class _Utf8Headers(StatusAndHeaders):
    """HTTP headers written as UTF-8 text, which is what warcio's reader decodes first.

    warcio would percent-encode non-ASCII values instead, so they would not round-trip.
    """

    def compute_headers_buffer(self, header_filter: Any = None) -> None:
        self.headers_buff = self.to_bytes(header_filter, encoding="utf-8")


class WarcArchive:
    """Rotating `{prefix}-{UTC timestamp}-{serial}.warc.gz` files in one directory.

    Files are opened on the first write and start with a warcinfo record; a new file is
    started when the next record would push the current one past `max_bytes`. Every
    record is its own gzip member, written with one write() and flushed, so a crash
    loses at most the record being written. Safe to share between threads.

    Bodies are stored decoded: a gzip/deflate Content-Encoding is undone and dropped,
    Transfer-Encoding is dropped, Content-Length is set to the stored length; the
    original values stay as `X-Archive-Orig-*` headers. Other codings (br, zstd) are
    stored as received with their Content-Encoding header.
    """

    def __init__(
        self,
        directory: Path,
        max_bytes: int = 1_000_000_000,
        prefix: str = "vnmon",
        gzip_level: int = DEFAULT_GZIP_LEVEL,
    ) -> None:
        if max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {max_bytes}")
        if not 1 <= gzip_level <= 9:
            raise ValueError(f"gzip level of the WARC archive must be 1-9, got {gzip_level}")
        self.gzip_level = gzip_level
        if not prefix or "/" in prefix or os.sep in prefix:
            raise ValueError(f"invalid WARC file prefix: {prefix!r}")
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.prefix = prefix
        self._lock = threading.Lock()
        self._file: BinaryIO | None = None
        self._name = ""
        self._size = 0
        self._records = 0
        self._serial = 0
        self._closed = False
        self.files: list[str] = []

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the current file; further writes raise. Safe to call twice."""
        with self._lock:
            self._close_file()
            self._closed = True

    def write_response(
        self,
        url: str,
        status: int,
        reason: str,
        headers: list[tuple[str, str]],
        body: bytes,
        fetched_at: datetime,
        request_headers: list[tuple[str, str]] | None = None,
    ) -> WarcRef:
        """Archive one response (and its request if headers are given); where it lies."""
        return self.write_exchange(url, status, reason, headers, body, fetched_at, request_headers).ref

    def write_exchange(
        self,
        url: str,
        status: int,
        reason: str,
        headers: list[tuple[str, str]],
        body: bytes,
        fetched_at: datetime,
        request_headers: list[tuple[str, str]] | None = None,
        method: str = "GET",
    ) -> ResponseRecord:
        """Like write_response, also returning the WARC-Record-IDs for write_metadata."""
        writer = WARCWriter(io.BytesIO(), gzip=True, warc_version=WARC_VERSION)
        stored_headers, stored_body = _stored_form(url, headers, body)
        reason = reason or _default_reason(status)
        response = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(stored_body),
            length=len(stored_body),
            http_headers=_Utf8Headers(f"{status} {reason}", stored_headers, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": warc_date(fetched_at)},
        )
        response_id: str = response.rec_headers.get_header("WARC-Record-ID")
        records = [response]
        request_id: str | None = None
        if request_headers is not None:
            request = writer.create_warc_record(
                url,
                "request",
                http_headers=_Utf8Headers(
                    f"{method} {_request_target(url)} HTTP/1.1",
                    _checked_headers(url, request_headers),
                    is_http_request=True,
                ),
                warc_headers_dict={
                    "WARC-Date": warc_date(fetched_at),
                    "WARC-Concurrent-To": response_id,
                },
            )
            request_id = request.rec_headers.get_header("WARC-Record-ID")
            records.append(request)
        blob, first_length = _serialise(records, self.gzip_level)
        name, offset = self._append(blob)
        return ResponseRecord(WarcRef(file=name, offset=offset, length=first_length), response_id, request_id)

    def write_metadata(self, url: str, refers_to: str, payload: dict[str, Any]) -> str:
        """Archive the extraction result for the response `refers_to`; its record id."""
        try:
            data = json.dumps(payload, ensure_ascii=False, default=_json_default).encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise ValueError(f"metadata for {url} is not JSON-serialisable: {exc}") from exc
        writer = WARCWriter(io.BytesIO(), gzip=True, warc_version=WARC_VERSION)
        record = writer.create_warc_record(
            url,
            "metadata",
            payload=io.BytesIO(data),
            length=len(data),
            warc_content_type="application/json",
            warc_headers_dict={
                "WARC-Date": warc_date(datetime.now(UTC)),
                "WARC-Refers-To": refers_to,
            },
        )
        blob, _ = _serialise([record], self.gzip_level)
        self._append(blob)
        record_id: str = record.rec_headers.get_header("WARC-Record-ID")
        return record_id

    def _append(self, blob: bytes) -> tuple[str, int]:
        with self._lock:
            if self._closed:
                raise RuntimeError(f"WARC archive in {self.directory} is closed")
            if self._file is not None and self._records and self._size + len(blob) > self.max_bytes:
                self._close_file()
            if self._file is None:
                self._open_file()
            assert self._file is not None
            offset = self._size
            self._file.write(blob)
            self._file.flush()
            self._size += len(blob)
            self._records += 1
            return self._name, offset

    def _open_file(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        while True:
            self._serial += 1
            name = f"{self.prefix}-{stamp}-{self._serial:05d}.warc.gz"
            try:
                # Exclusive create: another process with the same prefix may be writing too.
                handle = open(self.directory / name, "xb")  # noqa: SIM115 - kept open across writes
            except FileExistsError:
                continue
            break
        self._file, self._name, self._records = handle, name, 0
        writer = WARCWriter(io.BytesIO(), gzip=True, warc_version=WARC_VERSION)
        info = writer.create_warcinfo_record(
            name,
            {
                "software": "vnmon (warcio)",
                "format": "WARC File Format 1.1",
                "hostname": socket.gethostname(),
                "description": "Foreign press coverage of Vietnam: responses, requests, "
                "and extraction metadata (application/json) referring to them",
            },
        )
        blob, _ = _serialise([info], self.gzip_level)
        handle.write(blob)
        handle.flush()
        self._size = len(blob)
        self.files.append(name)

    def _close_file(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _serialise(records: list[Any], level: int) -> tuple[bytes, int]:
    """Gzipped bytes of the records, one gzip member each, and the length of the first one.

    warcio always compresses at level 9; level 6 packs news pages as tightly (within 1%)
    for ~60% of the CPU, so each record is serialised plain and compressed here.
    """
    parts: list[bytes] = []
    for record in records:
        plain = io.BytesIO()
        WARCWriter(plain, gzip=False, warc_version=WARC_VERSION).write_record(record)
        packer = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        parts.append(packer.compress(plain.getvalue()) + packer.flush())
    return b"".join(parts), len(parts[0]) if parts else 0


def _checked_headers(url: str, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    for name, value in headers:
        if any(c in name or c in value for c in "\r\n") or ":" in name or not name.strip():
            raise ValueError(f"invalid HTTP header for {url}: {name!r}: {value!r}")
    return list(headers)


def _stored_form(
    url: str, headers: list[tuple[str, str]], body: bytes
) -> tuple[list[tuple[str, str]], bytes]:
    """Headers and body as archived: decoded body, framing headers matching it."""
    headers = _checked_headers(url, headers)
    codings = [v.strip().lower() for k, v in headers if k.lower() == "content-encoding"]
    decodable = all(part.strip() in _DECODABLE_ENCODINGS for c in codings for part in c.split(","))
    if codings and decodable:
        body = _decode_body(url, body, codings)
    stored: list[tuple[str, str]] = []
    for name, value in headers:
        lowered = name.lower()
        dropped = lowered == "transfer-encoding" or (lowered == "content-encoding" and decodable)
        resized = lowered == "content-length" and value.strip() != str(len(body))
        if dropped or resized:
            stored.append((ORIGINAL_HEADER_PREFIX + name, value))
        if resized:
            stored.append((name, str(len(body))))
        elif not dropped:
            stored.append((name, value))
    return stored, body


def _decode_body(url: str, body: bytes, codings: list[str]) -> bytes:
    # Codings apply in header order, so undo them last-first. A body that does not look
    # encoded was already decoded by the HTTP client, which left the header in place.
    for coding in reversed([p.strip() for c in codings for p in c.split(",")]):
        if coding in ("gzip", "x-gzip") and body[:2] == b"\x1f\x8b":
            body = _inflate(url, body, zlib.MAX_WBITS | 16)
        elif coding == "deflate":
            body = _undeflate(body)
    return body


def _undeflate(body: bytes) -> bytes:
    # "deflate" is zlib-wrapped per the RFC but raw deflate from some servers; a body
    # that is neither was already decoded.
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        try:
            return zlib.decompress(body, wbits)
        except zlib.error:
            continue
    return body


def _inflate(url: str, body: bytes, wbits: int) -> bytes:
    try:
        return zlib.decompress(body, wbits)
    except zlib.error as exc:
        raise ValueError(f"gzip body of {url} is corrupt: {exc}") from exc


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _default_reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON-serialisable")
