"""Reads archived responses back: one by WarcRef, or every page of a directory in order."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from crawler.archive.records import ArchivedPage, ArchiveError
from indexer.archive_reader import DAMAGE, check_header, read_block, read_record, read_response, response_of
from indexer.article import WarcRef

log = logging.getLogger(__name__)

WARC_GLOB = "*.warc.gz"

__all__ = ["iter_archive", "read_response"]


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
        except (ArchiveError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("%s: unreadable metadata record at offset %d (%s)", where.file, where.offset, exc)
            return None
    if not isinstance(payload, dict):
        log.warning("%s: metadata at offset %d is not a JSON object", where.file, where.offset)
        return None
    return payload
