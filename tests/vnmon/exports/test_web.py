"""Reporters download the weekly exports from the web app; other roles and bad paths get nothing."""

from __future__ import annotations

import pytest

from tests.vnmon.exports.browser import logged_in
from tests.vnmon.exports.conftest import Corpus
from vnmon.auth.roles import Role
from vnmon.exports import run_weekly_export
from vnmon.kernel.settings import Settings


@pytest.fixture
def published(corpus: Corpus, vnmon_env: Settings) -> Corpus:
    run_weekly_export(vnmon_env, corpus.week.label, formats=("csv", "xlsx", "html"), email_to=())
    return corpus


def test_a_reporter_lists_and_downloads_the_weeks(published: Corpus, vnmon_env: Settings) -> None:
    client = logged_in(vnmon_env, Role.REPORTER)
    [week] = client.get("/api/exports").json()
    assert week["week"] == "2026-W10" and week["articles"] == len(published.inside)
    names = [f["name"] for f in week["files"]]
    assert names == ["manifest.json", "vnmon-2026-W10.csv", "vnmon-2026-W10.html", "vnmon-2026-W10.xlsx"]

    csv = client.get("/exports/2026-W10/vnmon-2026-W10.csv")
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
    assert 'filename="vnmon-2026-W10.csv"' in csv.headers["content-disposition"]
    xlsx = client.get("/exports/2026-W10/vnmon-2026-W10.xlsx")
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content[:2] == b"PK"
    report = client.get("/exports/2026-W10/vnmon-2026-W10.html")
    assert report.status_code == 200 and "2026-W10" in report.text
    assert "sandbox" in report.headers["content-security-policy"]

    page = client.get("/exports?ui=en")
    assert page.status_code == 200
    assert 'href="/exports/2026-W10/vnmon-2026-W10.xlsx"' in page.text
    assert 'href="/exports"' in page.text  # the reporter's top bar links the page


@pytest.mark.parametrize(
    "path",
    [
        "/exports/2026-W10/..%2F..%2Fusers.json",
        "/exports/2026-W10/.2026-W10.lock",
        "/exports/2026-W11/vnmon-2026-W11.csv",
        "/exports/..%2Fvar/vnmon-2026-W10.csv",
        "/exports/2026-W10/vnmon-2026-W10.pdf",
    ],
)
def test_nothing_outside_the_published_files(published: Corpus, vnmon_env: Settings, path: str) -> None:
    client = logged_in(vnmon_env, Role.REPORTER)
    response = client.get(path)
    assert response.status_code in (404, 422), (path, response.status_code)
    assert b"PASSWORD" not in response.content and b"argon2" not in response.content


def test_an_analyst_may_not_download_exports(published: Corpus, vnmon_env: Settings) -> None:
    client = logged_in(vnmon_env, Role.ANALYST)
    assert client.get("/api/exports").status_code == 403
    assert client.get("/exports/2026-W10/vnmon-2026-W10.csv").status_code == 403
    assert 'href="/exports"' not in client.get("/account").text
