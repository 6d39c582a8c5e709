"""`vnmon demo`, the README's main job, as a new user runs it (here against the session's node)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.crawler.crawling import REPO, run_vnmon, vnmon_env
from tests.es_fixture import free_port
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings

pytestmark = pytest.mark.slow


def _next_commands(out: str) -> list[str]:
    """The `vnmon …` commands the demo's last section tells the user to type."""
    _, _, ending = out.partition("Next, with what was collected:")
    return [line.strip() for line in ending.splitlines() if line.startswith("  vnmon ")]


def _serve_answers(settings: Settings, args: list[str]) -> str:
    """`vnmon serve` (on a free port: 8000 may be taken here) until its search page answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "vnmon.cli", *args, "--port", str(port)],
        cwd=REPO,
        env=vnmon_env(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    return str(page.read().decode("utf-8"))
            except OSError:
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline, "vnmon serve did not answer"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_demo_crawls_the_news_world_and_reports_what_it_found(
    vnmon_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a user runs it: without the test suite's opt-in to loopback sources.
    monkeypatch.delenv("VNMON_ALLOW_PRIVATE_ADDRESSES", raising=False)
    result = run_vnmon(vnmon_env, "demo", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    with NewsWorld() as world:  # the same world on another port: the same ground truth
        wanted = [e for e in world.expected if e.indexed]
    assert f"{len(wanted)} foreign articles about Vietnam" in out
    languages = re.search(r"by language: (.*)", out)
    assert languages is not None
    for code in {e.language for e in wanted}:
        assert f"{code} " in languages.group(1)
    assert "[uk] dnipro-visnyk" in out, "the Ukrainian article about Huế is the sample search's hit"
    assert re.search(r"Crawl took [\d.]+ s: [\d.]+ pages/s", out)
    # A new user sees no Python warning: no duplicate spider, no deprecated Scrapy setting or API.
    assert "Warning" not in result.stdout + result.stderr, result.stderr

    commands = [shlex.split(c) for c in _next_commands(out)]
    assert [c[:2] for c in commands] == [
        ["vnmon", "search"],
        ["vnmon", "search"],
        ["vnmon", "serve"],
        ["vnmon", "export"],
    ], "the session's node was running before the demo: no `vnmon es stop`"
    for command in commands:
        if command[1] == "serve":
            assert "<form" in _serve_answers(vnmon_env, command[1:])
            continue
        done = run_vnmon(vnmon_env, *command[1:])
        assert done.returncode == 0, f"{shlex.join(command)}: {done.stdout}{done.stderr}"
        assert "article" in done.stdout, done.stdout  # "1 article" or "N articles"
    assert "dnipro-visnyk" in run_vnmon(vnmon_env, *commands[1][1:]).stdout
