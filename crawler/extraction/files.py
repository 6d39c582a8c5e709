"""Read saved pages from disk (plain or .gz) and extract them: the one I/O helper, for the CLI."""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.extraction.article import extract_article
from crawler.extraction.encoding import decode_html


@dataclass(frozen=True)
class FileResult:
    """One input file: its JSON-ready record, or the reason it could not be read."""

    path: str
    record: dict[str, Any] | None
    error: str | None = None


def read_page(path: Path) -> bytes:
    """The page bytes; `.gz` files are decompressed. Raises OSError/EOFError if unreadable."""
    data = path.read_bytes()
    if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    return data


def extract_file(path: Path, url: str | None = None) -> dict[str, Any]:
    """The CLI's JSON record for one saved page."""
    article = extract_article(decode_html(read_page(path)), url=url)
    return {
        "path": str(path),
        "title": article.title,
        "body": article.body,
        "published": article.published.isoformat() if article.published else None,
        "authors": article.authors,
        "canonical_url": article.canonical_url,
        "language": article.declared_language,
    }


def extract_files(paths: Iterable[str], url: str | None = None) -> Iterator[FileResult]:
    """Extract every file in turn; a file that cannot be read is reported, not fatal."""
    for name in paths:
        path = Path(name)
        try:
            record = extract_file(path, url)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            yield FileResult(path=name, record=None, error=f"cannot read {name}: {reason}")
            continue
        yield FileResult(path=name, record=record)
