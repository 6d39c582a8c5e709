"""What the archive writer gives back: where a response was stored; WARC header and date text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from vnmon.kernel.article import WarcRef


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
