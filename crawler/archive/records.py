"""What the archive gives back: archived responses, pages, and the errors it raises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from indexer.article import WarcRef


class ArchiveError(Exception):
    """A WARC file or record cannot be read as vnmon wrote it (the message names file/offset)."""


@dataclass(frozen=True)
class ArchivedResponse:
    """One HTTP response as stored: headers describe the stored body exactly."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    record_id: str = ""

    def header(self, name: str, default: str | None = None) -> str | None:
        """The first header called `name` (case-insensitive), or `default`."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), default)


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


def parse_warc_date(text: str) -> datetime:
    """Inverse of warc_date, also accepting WARC/1.0 second precision."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
