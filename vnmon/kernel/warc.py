"""Reads archived HTTP responses back from the WARC files vnmon writes: one by `WarcRef`, or all.

The one WARC reader of vnmon: the web app shows an archived page by the `WarcRef` stored in the
index (`read_response`), and `vnmon archive reindex` walks whole directories (`iter_archive`);
the crawler's `crawler/archive/` only writes.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from vnmon.kernel.article import WarcRef
from vnmon.kernel.errors import VnmonError

log = logging.getLogger(__name__)


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


# -- walking a whole directory (`vnmon archive reindex`) ------------------------------

WARC_GLOB = "*.warc.gz"


@dataclass(frozen=True)
class ArchivedPage:
    """A response with where it lies and the extraction metadata recorded for it, if any."""

    response: ArchivedResponse
    ref: WarcRef
    metadata: dict[str, Any] | None


@dataclass(frozen=True)
class _Located:
    file: str
    offset: int


def iter_archive(directory: Path) -> Iterator[ArchivedPage]:
    """Every response in `directory`, in file then offset order, with its metadata.

    The metadata is the last metadata record referring to the response (a re-extraction
    supersedes older ones), wherever it lies. A damaged record ends the reading of its
    file with a warning naming file and offset; earlier records are still yielded.
    """
    directory = Path(directory)
    files = sorted(p.name for p in directory.glob(WARC_GLOB))
    metadata_at = _metadata_locations(directory, files)
    for name in files:
        for record, offset, length in _records(directory / name):
            if record.rec_type != "response":
                continue
            response = response_of(record, name, offset)
            found = metadata_at.get(response.record_id)
            yield ArchivedPage(
                response=response,
                ref=WarcRef(file=name, offset=offset, length=length),
                metadata=_read_metadata(directory, found) if found else None,
            )


def _metadata_locations(directory: Path, files: list[str]) -> dict[str, _Located]:
    located: dict[str, _Located] = {}
    for name in files:
        # The second pass warns about damage; this one stays quiet.
        for record, offset, _ in _records(directory / name, warn=False):
            refers_to = record.rec_headers.get_header("WARC-Refers-To")
            if record.rec_type == "metadata" and refers_to:
                located[refers_to] = _Located(name, offset)
    return located


def _records(path: Path, warn: bool = True) -> Iterator[tuple[Any, int, int]]:
    """(record, offset, length) of every intact record, fully read, stopping at damage."""
    offset = 0
    problem = ""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        iterator = ArchiveIterator(handle, check_digests="raise")
        try:
            for record in iterator:
                check_header(record)
                if record.rec_type in ("response", "metadata"):
                    # Read the block before asking for offsets: that skips to the end.
                    record.vnmon_block = read_block(record)
                offset = iterator.get_record_offset()
                length = iterator.get_record_length()
                yield record, offset, length
                offset += length
        except DAMAGE as exc:
            problem = str(exc)
        else:
            # A member cut short inside its gzip header ends iteration without an error.
            if offset < size:
                problem = f"{size - offset} bytes that are not a complete record"
    if problem and warn:
        log.warning(
            "%s: damaged or truncated WARC record at offset %d (%s); skipping the rest of it",
            path,
            offset,
            problem,
        )


def _read_metadata(directory: Path, where: _Located) -> dict[str, Any] | None:
    with open(directory / where.file, "rb") as handle:
        handle.seek(where.offset)
        try:
            record = read_record(handle, where.file, where.offset)
            payload = json.loads(record.vnmon_block.decode("utf-8"))
        except (ArchiveReadError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("%s: unreadable metadata record at offset %d (%s)", where.file, where.offset, exc)
            return None
    if not isinstance(payload, dict):
        log.warning("%s: metadata at offset %d is not a JSON object", where.file, where.offset)
        return None
    return payload
