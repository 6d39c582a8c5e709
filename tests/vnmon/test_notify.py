"""Email delivery through a real local SMTP server; clear errors when it is not there."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.smtp_fixture import Mailbox
from vnmon.kernel.errors import DeliveryError
from vnmon.kernel.settings import get_settings
from vnmon.notify import build_email, send_email


def test_email_with_html_and_attachment_arrives(smtp_server: Mailbox, tmp_path: Path) -> None:
    report = tmp_path / "report.csv"
    report.write_text("title,url\nHà Nội,http://x\n", encoding="utf-8")
    message = build_email(["reporters@example.org"], "Tuần 47", "Xin chào", "<p>Xin chào</p>", [report])
    send_email(message)
    [received] = smtp_server.messages
    assert received["Subject"] == "Tuần 47"
    assert received.get_body(preferencelist=("plain",)).get_content().strip() == "Xin chào"
    [attached] = list(received.iter_attachments())
    assert attached.get_filename() == "report.csv"
    assert "Hà Nội" in attached.get_content()


def test_unreachable_server_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("VNMON_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("VNMON_SMTP_PORT", str(port))
    get_settings.cache_clear()
    try:
        with pytest.raises(DeliveryError, match=f"127.0.0.1:{port}"):
            send_email(build_email(["a@example.org"], "s", "t"))
    finally:
        get_settings.cache_clear()
