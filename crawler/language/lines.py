"""Line-oriented language identification: one text per input line, one answer per output line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from crawler.language.detector import detect_language


def detect_lines(lines: Iterable[str], hint: str | None = None) -> Iterator[str]:
    """Yield `code<TAB>confidence` for each line (an empty line gives `und`)."""
    for line in lines:
        result = detect_language(None, None, line.rstrip("\r\n"), hint=hint)
        yield f"{result.code}\t{result.confidence:.4f}"
