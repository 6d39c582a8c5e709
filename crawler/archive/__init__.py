"""The WARC archive of raw pages: write rotating .warc.gz files, read records back."""

from __future__ import annotations

from crawler.archive.reader import iter_archive, read_response
from crawler.archive.records import (
    ArchivedPage,
    ArchivedResponse,
    ArchiveError,
    ResponseRecord,
    header_text,
)
from crawler.archive.writer import ORIGINAL_HEADER_PREFIX, WarcArchive

__all__ = [
    "ORIGINAL_HEADER_PREFIX",
    "ArchiveError",
    "ArchivedPage",
    "ArchivedResponse",
    "ResponseRecord",
    "WarcArchive",
    "header_text",
    "iter_archive",
    "read_response",
]
