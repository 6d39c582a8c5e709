"""Signed session cookies: who is logged in, until when, and the session's CSRF token."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

SECRET_FILE = "auth/secret_key"
SESSION_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Session:
    """The content of a session cookie; `username` is None before logging in."""

    csrf: str
    expires: float
    username: str | None = None
    epoch: int = 0

    @property
    def expired(self) -> bool:
        return time.time() >= self.expires

    def logged_in(self, username: str, epoch: int, seconds: int = SESSION_SECONDS) -> Session:
        """A new session for `username` with a fresh CSRF token (no fixation across login)."""
        return Session(
            csrf=secrets.token_urlsafe(24), expires=time.time() + seconds, username=username, epoch=epoch
        )


def anonymous_session(seconds: int = SESSION_SECONDS) -> Session:
    """A session for a visitor who has not logged in yet: it only carries a CSRF token."""
    return Session(csrf=secrets.token_urlsafe(24), expires=time.time() + seconds)


class SessionSigner:
    """Turns sessions into tamper-proof cookie values and back (HMAC-SHA256 over JSON)."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 32:
            raise ValueError("the session secret must be at least 32 bytes")
        self._secret = secret

    def dumps(self, session: Session) -> str:
        payload = json.dumps(
            {"c": session.csrf, "x": int(session.expires), "u": session.username, "e": session.epoch},
            separators=(",", ":"),
        ).encode("utf-8")
        body = _b64(payload)
        return f"{body}.{_b64(self._mac(body))}"

    def loads(self, value: str) -> Session | None:
        """The session in `value`, or None when it is forged, malformed or expired."""
        body, _, mac = value.partition(".")
        try:
            if not hmac.compare_digest(_unb64(mac), self._mac(body)):
                return None
            data = json.loads(_unb64(body))
            session = Session(
                csrf=str(data["c"]),
                expires=float(data["x"]),
                username=None if data["u"] is None else str(data["u"]),
                epoch=int(data["e"]),
            )
        except (ValueError, KeyError, TypeError, binascii.Error):
            return None
        return None if session.expired else session

    def _mac(self, body: str) -> bytes:
        return hmac.new(self._secret, body.encode("ascii"), hashlib.sha256).digest()


def load_secret(data_dir: Path) -> bytes:
    """The install's session secret, created (mode 0600) on first use so restarts keep sessions."""
    path = Path(data_dir) / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = bytes.fromhex(path.read_text(encoding="ascii").strip())
    else:
        secret = secrets.token_bytes(32)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secret.hex())
    return secret


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
