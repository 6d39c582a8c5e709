"""Errors vnmon reports to a user as one line (the CLI turns each into one clear line); the base of all."""

from __future__ import annotations

from typing import Any


class VnmonError(Exception):
    """Base of every error vnmon reports to a user as one line (raised anywhere, caught by the CLI)."""


class EsLocalError(VnmonError):
    """The local Elasticsearch node cannot be built, started or stopped (raised by `es_local`)."""


class EsUnavailableError(VnmonError):
    """Elasticsearch does not answer at the configured URL (raised by `client`, caught by the CLI
    and by the store, which spools documents instead)."""


class IndexSetupError(VnmonError):
    """The articles index or alias is missing or in an unexpected state (raised by `lifecycle`)."""


class DeliveryError(VnmonError):
    """An email or webhook could not be delivered (raised by `notify`; alerts, health checks and
    exports catch it, record it and retry on their next run)."""


class SettingError(VnmonError, ValueError):
    """A setting has a value vnmon cannot use; the message names the setting and the value."""


def validation_message(exc: Any) -> str:
    """A pydantic `ValidationError` as one line: `field: problem; ...` (a whole-model problem as
    its message alone)."""
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{field}: {message}" if field else message)
    return "; ".join(parts)
