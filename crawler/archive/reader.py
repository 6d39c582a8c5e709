"""Reads archived responses back: one by WarcRef, or every page of a directory in order."""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from crawler.archive.records import ArchivedPage, ArchivedResponse, ArchiveError, parse_warc_date
from indexer.article import WarcRef

log = logging.getLogger(__name__)

WARC_GLOB = "*.warc.gz"
# What a damaged gzip member or record (crash mid-write, disk trouble) raises in warcio.
_DAMAGE = (
    ArchiveError,
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    EOFError,
    ValueError,
    KeyError,
    AttributeError,
)


@dataclass(frozen=True)
class _Located:
    file: str
    offset: int


def read_response(directory: Path, ref: WarcRef) -> ArchivedResponse:
    """The response record at `ref` in `directory`; ArchiveError says what is wrong."""
    path = _archive_path(Path(directory), ref.file)
    with open(path, "rb") as handle:
        handle.seek(ref.offset)
        record = _first_record(handle, ref.file, ref.offset)
        if record.rec_type != "response":
            raise ArchiveError(
                f"{ref.file} at offset {ref.offset}: a {record.rec_type} record, not a response"
            )
        return _response(record, ref.file, ref.offset)


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
            response = _response(record, name, offset)
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
                _check_header(record)
                if record.rec_type in ("response", "metadata"):
                    # Read the block before asking for offsets: that skips to the end.
                    record.vnmon_block = _read_block(record)
                offset = iterator.get_record_offset()
                length = iterator.get_record_length()
                yield record, offset, length
                offset += length
        except _DAMAGE as exc:
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


def _first_record(handle: Any, name: str, offset: int) -> Any:
    try:
        record = next(iter(ArchiveIterator(handle, check_digests="raise")))
        _check_header(record)
        record.vnmon_block = _read_block(record)
    except StopIteration:
        raise ArchiveError(f"{name}: no WARC record at offset {offset}") from None
    except _DAMAGE as exc:
        raise ArchiveError(f"{name}: unreadable WARC record at offset {offset}: {exc}") from exc
    return record


def _check_header(record: Any) -> None:
    # A gzip member cut inside the WARC header parses as a record with no type.
    if not record.rec_type or not record.rec_headers.get_header("WARC-Record-ID"):
        raise ArchiveError("incomplete WARC record header")


def _read_block(record: Any) -> bytes:
    """The record's payload, refusing one cut short (warcio returns short reads silently)."""
    block: bytes = record.raw_stream.read()
    digested = record.rec_headers.get_header("WARC-Payload-Digest") or record.rec_headers.get_header(
        "WARC-Block-Digest"
    )
    # A digest is only checked once the whole declared length was read; a mismatch
    # raises, an unfinished check leaves `passed` unset.
    if digested and record.digest_checker.passed is not True:
        raise ArchiveError("record is shorter than its Content-Length")
    return block


def _response(record: Any, name: str, offset: int) -> ArchivedResponse:
    http = record.http_headers
    if http is None:
        raise ArchiveError(f"{name} at offset {offset}: response record without HTTP headers")
    try:
        status = int(http.get_statuscode())
    except (TypeError, ValueError) as exc:
        raise ArchiveError(f"{name} at offset {offset}: bad HTTP status line") from exc
    warc = record.rec_headers
    return ArchivedResponse(
        url=warc.get_header("WARC-Target-URI") or "",
        status=status,
        headers=[(key, value) for key, value in http.headers],
        body=record.vnmon_block,
        fetched_at=parse_warc_date(warc.get_header("WARC-Date")),
        record_id=warc.get_header("WARC-Record-ID") or "",
    )


def _read_metadata(directory: Path, where: _Located) -> dict[str, Any] | None:
    with open(directory / where.file, "rb") as handle:
        handle.seek(where.offset)
        try:
            record = _first_record(handle, where.file, where.offset)
            payload = json.loads(record.vnmon_block.decode("utf-8"))
        except (ArchiveError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("%s: unreadable metadata record at offset %d (%s)", where.file, where.offset, exc)
            return None
    if not isinstance(payload, dict):
        log.warning("%s: metadata at offset %d is not a JSON object", where.file, where.offset)
        return None
    return payload


def _archive_path(directory: Path, name: str) -> Path:
    # WarcRef.file comes from the index: never let it point outside the archive.
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ArchiveError(f"WARC file name must be relative to the archive: {name!r}")
    path = directory / relative
    if not path.is_file():
        raise ArchiveError(f"WARC file not found: {path}")
    return path
