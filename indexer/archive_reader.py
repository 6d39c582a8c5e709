"""Reads archived HTTP responses back from the WARC files vnmon writes.

The one WARC record reader of vnmon: the web app shows an archived page by the `WarcRef`
stored in the index, and the crawler's archive (`crawler.archive`, which walks whole files
for `vnmon archive reindex`) reads its records with these same functions.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from indexer.article import WarcRef
from indexer.errors import VnmonError


class ArchiveReadError(VnmonError):
    """A WARC file or record cannot be read as vnmon wrote it (the message names file and offset)."""


# What a damaged gzip member or record (crash mid-write, disk trouble) raises in warcio.
DAMAGE: tuple[type[BaseException], ...] = (
    ArchiveReadError,
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    EOFError,
    ValueError,
    KeyError,
    AttributeError,
)


@dataclass(frozen=True)
class ArchivedResponse:
    """One HTTP response as the crawler stored it: the headers describe the stored body exactly."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime | None
    record_id: str = ""

    def header(self, name: str, default: str | None = None) -> str | None:
        """The first header called `name` (case-insensitive), or `default`."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), default)


def read_response(directory: Path, ref: WarcRef) -> ArchivedResponse:
    """The response record at `ref.offset` of `ref.file` under `directory` (the WARC directory)."""
    path = archive_path(Path(directory), ref.file)
    with open(path, "rb") as handle:
        handle.seek(ref.offset)
        record = read_record(handle, ref.file, ref.offset)
    if record.rec_type != "response":
        kind = record.rec_type
        raise ArchiveReadError(f"{ref.file} at offset {ref.offset}: a {kind} record, not a response")
    return response_of(record, ref.file, ref.offset)


def read_record(handle: BinaryIO, name: str, offset: int) -> Any:
    """The record starting at the handle's position, its block read into `vnmon_block`."""
    try:
        record = next(iter(ArchiveIterator(handle, check_digests="raise")))
        check_header(record)
        record.vnmon_block = read_block(record)
    except StopIteration:
        raise ArchiveReadError(f"{name}: no WARC record at offset {offset}") from None
    except DAMAGE as exc:
        raise ArchiveReadError(f"{name}: unreadable WARC record at offset {offset}: {exc}") from exc
    return record


def check_header(record: Any) -> None:
    # A gzip member cut inside the WARC header parses as a record with no type.
    if not record.rec_type or not record.rec_headers.get_header("WARC-Record-ID"):
        raise ArchiveReadError("incomplete WARC record header")


def read_block(record: Any) -> bytes:
    """The record's payload, refusing one cut short (warcio returns short reads silently).

    The crawler stores bodies decoded (no gzip Content-Encoding), so the block is the page.
    """
    block: bytes = record.raw_stream.read()
    digested = record.rec_headers.get_header("WARC-Payload-Digest") or record.rec_headers.get_header(
        "WARC-Block-Digest"
    )
    # A digest is only checked once the whole declared length was read; a mismatch
    # raises, an unfinished check leaves `passed` unset.
    if digested and record.digest_checker.passed is not True:
        raise ArchiveReadError("record is shorter than its Content-Length")
    return block


def response_of(record: Any, name: str, offset: int) -> ArchivedResponse:
    """The `ArchivedResponse` of a response record read by `read_record` (or a file walk)."""
    http = record.http_headers
    if http is None:
        raise ArchiveReadError(f"{name} at offset {offset}: response record without HTTP headers")
    try:
        status = int(http.get_statuscode())
    except (TypeError, ValueError) as exc:
        raise ArchiveReadError(f"{name} at offset {offset}: bad HTTP status line") from exc
    warc = record.rec_headers
    return ArchivedResponse(
        url=warc.get_header("WARC-Target-URI") or "",
        status=status,
        headers=[(key, value) for key, value in http.headers],
        body=record.vnmon_block,
        fetched_at=parse_warc_date(warc.get_header("WARC-Date")),
        record_id=warc.get_header("WARC-Record-ID") or "",
    )


def parse_warc_date(text: str | None) -> datetime | None:
    """A WARC-Date (WARC/1.1 microseconds or WARC/1.0 seconds) in UTC; None when absent or bad."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def archive_path(directory: Path, name: str) -> Path:
    """`directory/name`, refusing names that leave the archive (they come from the index)."""
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ArchiveReadError(f"WARC file name must be relative to the archive: {name!r}")
    path = directory / relative
    if not path.is_file():
        raise ArchiveReadError(f"WARC file not found: {path}")
    return path
