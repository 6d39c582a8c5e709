"""Opaque page cursors: where the previous page ended, tied to the search that produced it."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from indexer.search.errors import SearchQueryError

_VERSION = 1
_MAX_CHARS = 2000


def encode_cursor(fingerprint: str, search_after: list[Any]) -> str:
    """The cursor continuing after the hit whose sort values are `search_after`."""
    payload = json.dumps({"v": _VERSION, "f": fingerprint, "a": search_after}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, fingerprint: str) -> list[Any]:
    """The sort values a cursor continues after; `SearchQueryError` if it is damaged or foreign."""
    if len(cursor) > _MAX_CHARS:
        raise SearchQueryError(f"the cursor is {len(cursor)} characters long; a real one is shorter")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise SearchQueryError("the cursor is damaged; start again from the first page") from exc
    if not isinstance(data, dict) or data.get("v") != _VERSION or not isinstance(data.get("a"), list):
        raise SearchQueryError("the cursor is not one vnmon made; start again from the first page")
    if data.get("f") != fingerprint:
        raise SearchQueryError(
            "the cursor belongs to a different search (the query, filters or sort changed); "
            "start again from the first page"
        )
    values = data["a"]
    if not values or not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
        raise SearchQueryError("the cursor is damaged; start again from the first page")
    return values
