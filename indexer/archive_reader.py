"""Reads one archived HTTP response back from the WARC files, by the `WarcRef` stored in the index."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from indexer.article import WarcRef
from indexer.errors import VnmonError

# What warcio raises on a damaged gzip member or record.
_DAMAGE = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError, KeyError)


class ArchiveReadError(VnmonError):
    """An archived response cannot be read (the message names the WARC file and offset)."""


@dataclass(frozen=True)
class ArchivedResponse:
    """One HTTP response as the crawler stored it: the headers describe the stored body."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime | None

    def header(self, name: str, default: str | None = None) -> str | None:
        """The first header called `name` (case-insensitive), or `default`."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), default)


def read_response(directory: Path, ref: WarcRef) -> ArchivedResponse:
    """The response record at `ref.offset` of `ref.file` under `directory` (the WARC directory)."""
    path = _archive_path(Path(directory), ref.file)
    with open(path, "rb") as handle:
        handle.seek(ref.offset)
        try:
            record = next(iter(ArchiveIterator(handle, check_digests="raise")))
            body = _read_block(record, ref)
        except StopIteration:
            raise ArchiveReadError(f"{ref.file}: no WARC record at offset {ref.offset}") from None
        except _DAMAGE as exc:
            raise ArchiveReadError(
                f"{ref.file}: unreadable WARC record at offset {ref.offset}: {exc}"
            ) from exc
    if record.rec_type != "response":
        raise ArchiveReadError(
            f"{ref.file} at offset {ref.offset}: a {record.rec_type} record, not a response"
        )
    return _response(record, body, ref)


def _read_block(record: Any, ref: WarcRef) -> bytes:
    # The crawler stores bodies decoded (no gzip Content-Encoding), so the raw block is the page.
    block: bytes = record.raw_stream.read()
    # warcio checks the digest only once the whole declared length was read: unset means cut short.
    digested = record.rec_headers.get_header("WARC-Payload-Digest") or record.rec_headers.get_header(
        "WARC-Block-Digest"
    )
    if digested and record.digest_checker.passed is not True:
        raise ArchiveReadError(
            f"{ref.file} at offset {ref.offset}: record is shorter than its Content-Length"
        )
    return block


def _response(record: Any, body: bytes, ref: WarcRef) -> ArchivedResponse:
    http = record.http_headers
    if http is None:
        raise ArchiveReadError(f"{ref.file} at offset {ref.offset}: response record without HTTP headers")
    try:
        status = int(http.get_statuscode())
    except (TypeError, ValueError) as exc:
        raise ArchiveReadError(f"{ref.file} at offset {ref.offset}: bad HTTP status line") from exc
    return ArchivedResponse(
        url=record.rec_headers.get_header("WARC-Target-URI") or "",
        status=status,
        headers=[(key, value) for key, value in http.headers],
        body=body,
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
    )


def _warc_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def _archive_path(directory: Path, name: str) -> Path:
    # WarcRef.file comes from the index: never let it point outside the archive.
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ArchiveReadError(f"WARC file name must be relative to the archive: {name!r}")
    path = directory / relative
    if not path.is_file():
        raise ArchiveReadError(f"WARC file not found: {path}")
    return path
