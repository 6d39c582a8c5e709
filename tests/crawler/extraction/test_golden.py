"""Golden pages: hand-written HTML (several charsets) with the fields extraction must return."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from crawler.extraction import Extracted, decode_html, extract_article

FIXTURES = Path(__file__).parent / "fixtures"
CASES: dict[str, dict[str, Any]] = json.loads((FIXTURES / "expected.json").read_text("utf-8"))


def _extract(name: str) -> Extracted:
    case = CASES[name]
    feed_date = datetime.fromisoformat(case["feed_date"]) if "feed_date" in case else None
    html = decode_html((FIXTURES / name).read_bytes())
    return extract_article(html, url=case["url"], feed_date=feed_date)


def _as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_fields(name: str) -> None:
    extracted = _extract(name)
    for field, expected in CASES[name]["expected"].items():
        assert _as_json(getattr(extracted, field)) == expected, f"{name}: field {field}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_body_is_the_article_only(name: str) -> None:
    case = CASES[name]
    body = _extract(name).body
    assert body.startswith(case["body_starts"]), f"{name}: body starts {body[:80]!r}"
    assert body.endswith(case["body_ends"]), f"{name}: body ends {body[-80:]!r}"
    # Navigation, the repeated headline and the copyright footer are not article text.
    assert "Home" not in body.split()
    assert "All rights reserved" not in body


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_dates_are_timezone_aware(name: str) -> None:
    extracted = _extract(name)
    for value in (extracted.published, extracted.modified):
        assert value is None or value.utcoffset() is not None


def test_boilerplate_lines_are_dropped() -> None:
    body = _extract("boilerplate.html").body
    assert "Related:" not in body
    assert "Follow us on Twitter" not in body
    assert "newsletter" not in body
