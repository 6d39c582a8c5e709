"""What the archive gives back: archived responses, pages, and the errors it raises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from indexer.archive_reader import ArchivedResponse, ArchiveReadError, parse_warc_date
from indexer.article import WarcRef

__all__ = [
    "ArchiveError",
    "ArchivedPage",
    "ArchivedResponse",
    "ResponseRecord",
    "header_text",
    "parse_warc_date",
    "warc_date",
]


# One reader for the whole project: the index side's (the web app reads single records too).
ArchiveError = ArchiveReadError


@dataclass(frozen=True)
class ArchivedPage:
    """A response with where it lies and the extraction metadata recorded for it, if any."""

    response: ArchivedResponse
    ref: WarcRef
    metadata: dict[str, Any] | None


@dataclass(frozen=True)
class ResponseRecord:
    """What write_exchange stored: the response's place and the WARC record ids."""

    ref: WarcRef
    record_id: str
    request_record_id: str | None


def header_text(raw: bytes) -> str:
    """Header bytes as text the way WARC readers decode them: UTF-8, else ISO-8859-1.

    Decoding Scrapy's header bytes with this makes the bytes written to the archive
    equal the bytes received for every ASCII or UTF-8 header.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("iso-8859-1")


def warc_date(moment: datetime) -> str:
    """WARC/1.1 date with microseconds; naive datetimes are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
