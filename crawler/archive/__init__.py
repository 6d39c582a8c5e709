"""The WARC archive of raw pages: write rotating .warc.gz files (reading is `vnmon.kernel.warc`)."""

from __future__ import annotations

from crawler.archive.records import ResponseRecord, header_text
from crawler.archive.writer import ORIGINAL_HEADER_PREFIX, WarcArchive

__all__ = [
    "ORIGINAL_HEADER_PREFIX",
    "ResponseRecord",
    "WarcArchive",
    "header_text",
]
