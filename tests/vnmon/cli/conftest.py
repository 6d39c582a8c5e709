"""The CLI tests search the exports' small week of articles (see tests/vnmon/exports/conftest.py)."""

from __future__ import annotations

from tests.vnmon.exports.conftest import corpus

__all__ = ["corpus"]
