"""The weekly report reaches reporters through a real local SMTP server; the CLI runs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.smtp_fixture import Mailbox
from tests.vnmon.exports.conftest import Corpus
from vnmon.cli import main
from vnmon.exports import run_weekly_export
from vnmon.kernel.settings import get_settings


def test_report_is_emailed_to_the_configured_reporters(
    corpus: Corpus, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VNMON_REPORT_RECIPIENTS", "desk@example.vn, editor@example.vn")
    get_settings.cache_clear()
    result = run_weekly_export(get_settings(), corpus.week.label, formats=("xlsx", "html", "pdf"))
    assert result.emailed_to == ["desk@example.vn", "editor@example.vn"]
    [message] = smtp_server.messages
    assert message["To"] == "desk@example.vn, editor@example.vn"
    assert "2026-W10" in message["Subject"] and "7" in message["Subject"]
    attached = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(attached) == {"vnmon-2026-W10.pdf", "vnmon-2026-W10.xlsx"}
    assert attached["vnmon-2026-W10.pdf"].get_content().startswith(b"%PDF")
    assert attached["vnmon-2026-W10.pdf"].get_content() == result.files["pdf"].read_bytes()
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "Previous week: 4" in text and "+3, +75%" in text
    assert "[3×] Vietnam's exports to Australia rise in 3" in text


def test_no_recipients_no_email(corpus: Corpus, smtp_server: Mailbox) -> None:
    result = run_weekly_export(get_settings(), corpus.week.label, formats=("csv",))
    assert result.emailed_to == [] and smtp_server.messages == []


def test_cli_exports_and_emails_the_week(corpus: Corpus, smtp_server: Mailbox, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    run = CliRunner().invoke(
        main,
        ["export", "weekly", "--week", "2026-W10", "--format", "csv,jsonl", "--lang", "fr",
         "--out", str(out), "--email", "desk@example.vn"],
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    assert "2026-W10: 2 articles" in run.output and "emailed to desk@example.vn" in run.output
    # A filtered report (--lang fr) has its own folder: the week's full report is never replaced.
    [folder] = out.glob("2026-W10*")
    assert folder.name.startswith("2026-W10-filtered-")
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json",
        f"vnmon-{folder.name}.csv",
        f"vnmon-{folder.name}.jsonl",
    ]
    [message] = smtp_server.messages
    # Without a PDF, XLSX or HTML there is nothing to attach but the summary itself.
    assert list(message.iter_attachments()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "2026-W60"], "error: week '2026-W60' does not exist"),
        (["--format", "docx"], "error: unknown export format(s) docx"),
    ],
)
def test_cli_errors_are_one_line(vnmon_env: object, args: list[str], message: str) -> None:
    run = CliRunner().invoke(main, ["export", "weekly", *args])
    assert run.exit_code == 1
    assert run.output.strip().startswith(message), run.output
    assert "Traceback" not in run.output


def test_files_too_large_to_mail_are_named_not_attached(
    corpus: Corpus, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vnmon.exports.delivery.MAX_ATTACHMENT_BYTES", 100_000)
    result = run_weekly_export(
        get_settings(), corpus.week.label, formats=("xlsx", "pdf"), email_to=["desk@example.vn"]
    )
    assert result.files["pdf"].stat().st_size > 100_000 > result.files["xlsx"].stat().st_size
    [message] = smtp_server.messages
    assert [part.get_filename() for part in message.iter_attachments()] == ["vnmon-2026-W10.xlsx"]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert (
        "Too large to attach, download from the Weekly exports page: vnmon-2026-W10.pdf" in body.get_content()
    )
