"""`vnmon alerts save/list/run/remove` as an analyst types them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.smtp_fixture import Mailbox
from tests.vnmon.alerts.conftest import Install, article
from vnmon.cli.alerts import alerts

RICE = "Rice exporters in Vietnam signed new contracts this week."


def vnmon(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(alerts, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_save_list_run_remove(install: Install, smtp_server: Mailbox) -> None:
    code, out = vnmon(
        "save", "Rice RU+EN", "rice OR рис", "--lang", "en,ru", "--country", "us",
        "--email", "an@example.org", "--email", "binh@example.org", "--owner", "an", "--frequency", "always",
    )  # fmt: skip
    assert code == 0, out
    assert "saved 'Rice RU+EN' (an, always)" in out and "lang=en,ru" in out and "country=US" in out

    code, out = vnmon("list", "--format", "json")
    [listed] = json.loads(out)
    assert listed["name"] == "Rice RU+EN" and listed["owner"] == "an"
    assert listed["query"]["langs"] == ["en", "ru"]
    assert listed["emails"] == ["an@example.org", "binh@example.org"]

    install.index(article("rice-1", "Rice contracts", RICE))
    code, out = vnmon("run")
    assert code == 0, out
    [row] = [line for line in out.splitlines() if line.startswith("Rice RU+EN")]
    assert row.split()[-3:] == ["1", "2", "0"]  # matches, delivered (one per recipient), failed
    assert sorted(m["To"] for m in smtp_server.messages) == ["an@example.org", "binh@example.org"]

    code, out = vnmon("list")
    assert "2 sent" in out

    code, out = vnmon("remove", "rice ru+en")
    assert (code, out.strip()) == (0, "removed 'Rice RU+EN' (an)")
    code, out = vnmon("list")
    assert "no saved searches" in out


def test_a_failed_delivery_exits_1_and_says_it_is_retried(install: Install) -> None:
    # No SMTP server configured at all: every email delivery fails, clearly.
    vnmon("save", "Rice", "rice", "--email", "an@example.org", "--frequency", "always")
    install.index(article("rice-1", "Rice contracts", RICE))

    code, out = vnmon("run")

    assert code == 1
    assert "retried at the next run" in out
    assert "Rice (local) -> email:an@example.org: no SMTP server configured" in out


def test_unknown_name_is_one_clear_line(install: Install) -> None:
    result = CliRunner().invoke(alerts, ["remove", "Nothing"])
    assert result.exit_code == 1
    assert result.output.strip() == "error: no saved search 'Nothing'; saved: none"


def test_bad_email_is_one_clear_line(install: Install) -> None:
    result = CliRunner().invoke(alerts, ["save", "Rice", "rice", "--email", "an.example.org"])
    assert result.exit_code == 1
    assert "error: saved search 'Rice': emails: " in result.output
    assert "not an email address: an.example.org" in result.output


def test_save_reads_from_and_to_like_search_does(install: Install) -> None:
    runner = CliRunner()
    saved = runner.invoke(
        alerts, ["save", "Evening", "rice", "--from", "2026-03-04T18:30", "--to", "2026-03-06"]
    )
    assert saved.exit_code == 0, saved.output
    assert "published=2026-03-04 18:30:00..2026-03-06" in saved.output
    code, out = vnmon("list", "--format", "json")
    assert code == 0, out
    query = json.loads(out)[0]["query"]
    assert (query["date_from"], query["date_to"]) == ("2026-03-04T18:30:00", "2026-03-06")

    bad = runner.invoke(alerts, ["save", "Bad", "rice", "--from", "yesterday"])
    assert bad.exit_code == 1 and "date_from" in bad.output


def test_save_with_email_but_no_mail_server_warns(install: Install) -> None:
    result = CliRunner().invoke(alerts, ["save", "Rice", "rice", "--email", "an@example.org"])

    assert result.exit_code == 0, result.output
    assert "saved 'Rice'" in result.stdout
    assert "warning: no mail server is configured (VNMON_SMTP_HOST is not set)" in result.stderr
    assert "an@example.org" in result.stderr


def test_save_with_email_and_a_mail_server_does_not_warn(install: Install, smtp_server: Mailbox) -> None:
    result = CliRunner().invoke(alerts, ["save", "Rice", "rice", "--email", "an@example.org"])
    assert result.exit_code == 0 and result.stderr == ""


def test_pause_and_resume_by_name(install: Install, smtp_server: Mailbox) -> None:
    assert vnmon("save", "Rice", "rice", "--email", "an@example.org", "--frequency", "always")[0] == 0
    code, out = vnmon("pause", "Rice")
    assert code == 0 and "paused 'Rice'" in out
    install.index(article("rice-1", "Rice contracts", RICE))
    code, out = vnmon("run")
    assert code == 0 and "paused" in out and smtp_server.messages == []

    code, out = vnmon("resume", "Rice")
    assert code == 0 and "resumed 'Rice'" in out
    install.index(article("rice-2", "More rice contracts", RICE))
    assert vnmon("run")[0] == 0
    assert len(smtp_server.messages) == 1  # the article found while paused is not sent
    code, out = vnmon("pause", "Nothing such")
    assert code != 0 and "Nothing such" in out
