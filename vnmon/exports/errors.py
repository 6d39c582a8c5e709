"""Errors of the weekly export, each naming the week, file or setting at fault."""

from __future__ import annotations

from vnmon.kernel.errors import VnmonError


class ExportError(VnmonError):
    """A weekly export cannot be made or found (bad week or format, Chromium missing, unsafe path)."""
