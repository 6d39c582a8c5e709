"""Delivers alerts and reports: email through the configured SMTP server, and JSON webhooks."""

from __future__ import annotations

import http.client
import ipaddress
import json
import mimetypes
import smtplib
import socket
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from vnmon.kernel.errors import DeliveryError
from vnmon.kernel.settings import Settings, get_settings

MAX_WEBHOOK_CHARS = 2000


def build_email(
    to: Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    attachments: Sequence[Path] = (),
    settings: Settings | None = None,
) -> EmailMessage:
    """A multipart message: plain text, optional HTML alternative, files attached."""
    settings = settings or get_settings()
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for path in attachments:
        kind, _ = mimetypes.guess_type(path.name)
        maintype, subtype = (kind or "application/octet-stream").split("/", 1)
        # vnmon writes its text files (CSV, JSONL, HTML) in UTF-8: say so, or mail clients guess.
        params = {"charset": "utf-8"} if maintype == "text" else {}
        message.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name, params=params
        )
    return message


def send_email(message: EmailMessage, settings: Settings | None = None) -> None:
    """Send through VNMON_SMTP_*; `DeliveryError` names the server when it fails."""
    settings = settings or get_settings()
    if not settings.smtp_host:
        raise DeliveryError("no SMTP server configured: set VNMON_SMTP_HOST (and VNMON_SMTP_PORT)")
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    try:
        smtp: smtplib.SMTP
        if settings.smtp_security == "tls":
            smtp = smtplib.SMTP_SSL(
                settings.smtp_host,
                settings.smtp_port,
                timeout=settings.smtp_timeout,
                context=ssl.create_default_context(),
            )
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
        with smtp:
            if settings.smtp_security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
            smtp.send_message(message)
    except (OSError, ValueError, smtplib.SMTPException) as exc:
        # ValueError: an address the server cannot take (non-ASCII without SMTPUTF8).
        raise DeliveryError(f"email to {message['To']} via {where} failed: {exc}") from exc


def webhook_url_problem(url: str) -> str | None:
    """Why `url` cannot be a webhook (None when it can): an http(s) URL with a host, a valid port,
    no credentials, and only printable ASCII (what an HTTP request line can carry)."""
    if len(url) > MAX_WEBHOOK_CHARS:
        return f"is {len(url)} characters long; at most {MAX_WEBHOOK_CHARS}"
    if not url.isascii() or any(c <= " " or c == "\x7f" for c in url):
        return "has spaces, control or non-ASCII characters (percent-encode them)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http:// or https:// URL with a host name"
    if parts.username is not None or parts.password is not None:
        return "must not carry a user name or password (put a token in the path or query)"
    return None


def post_webhook(
    url: str, payload: dict[str, Any], timeout: float = 15.0, *, public_only: bool = False
) -> int:
    """POST `payload` as JSON; the HTTP status, or `DeliveryError` naming the URL.

    Redirects are never followed (a 3xx is a failure): a webhook must not steer the server to
    another address. With `public_only`, the address is checked when connecting, and the
    connection goes to that checked address, so a name that resolves elsewhere later (DNS
    rebinding) cannot reach loopback or the private network.
    """
    problem = webhook_url_problem(url)
    if problem is not None:
        raise DeliveryError(f"webhook {url!r} {problem}")
    parts = urlsplit(url)
    host, port = str(parts.hostname), parts.port or (443 if parts.scheme == "https" else 80)
    body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        address = _checked_address(host, port, public_only)
        connection = _connection(parts.scheme, host, port, address, timeout)
        try:
            connection.request(
                "POST",
                target,
                body=body,
                headers={"Content-Type": "application/json", "User-Agent": "vnmon"},
            )
            status = connection.getresponse().status
        finally:
            connection.close()
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise DeliveryError(f"webhook {url} failed: {type(exc).__name__}: {exc}") from exc
    if 300 <= status < 400:
        raise DeliveryError(f"webhook {url} answered HTTP {status} (a redirect); vnmon does not follow them")
    if status >= 400:
        raise DeliveryError(f"webhook {url} answered HTTP {status}")
    return status


def _checked_address(host: str, port: int, public_only: bool) -> str:
    """The address to connect to for `host`; with `public_only`, only if every address is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as exc:
        raise ValueError(f"host {host!r} is not a valid name") from exc
    addresses = [str(info[4][0]) for info in infos]
    if public_only:
        for text in addresses:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            if not address.is_global:
                raise ValueError(
                    f"host {host!r} resolves to {address}, a loopback, private or reserved address"
                )
    return addresses[0]


def _connection(
    scheme: str, host: str, port: int, address: str, timeout: float
) -> http.client.HTTPConnection:
    """A connection to `host` (its name for Host and TLS) that opens its socket to `address` only."""
    connection: http.client.HTTPConnection
    if scheme == "https":
        connection = http.client.HTTPSConnection(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)

    def pinned(where: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        return socket.create_connection((address, where[1]), *args, **kwargs)

    connection._create_connection = pinned  # type: ignore[attr-defined]
    return connection
