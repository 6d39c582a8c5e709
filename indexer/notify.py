"""Delivers alerts and reports: email through the configured SMTP server, and JSON webhooks."""

from __future__ import annotations

import json
import mimetypes
import smtplib
import ssl
import urllib.request
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from indexer.errors import DeliveryError
from indexer.settings import Settings, get_settings


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
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"email to {message['To']} via {where} failed: {exc}") from exc


def post_webhook(url: str, payload: dict[str, Any], timeout: float = 15.0) -> int:
    """POST `payload` as JSON; the HTTP status, or `DeliveryError` naming the URL."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": "vnmon"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except (OSError, ValueError) as exc:
        raise DeliveryError(f"webhook {url} failed: {exc}") from exc
