"""Web helpers of the reporter's and operator's page tests: a logged-in test client of any role, and
the app served on a loopback port for Chromium."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.vnmon.web.conftest import PASSWORD, login
from tests.vnmon.web.test_browser import CHROMIUM, CHROMIUM_ARGS
from vnmon.auth.roles import Role
from vnmon.auth.store import UserStore
from vnmon.kernel.settings import Settings
from vnmon.web.app import create_app

# Screenshots land in artifacts/ (ignored by git); the ones in docs/screenshots/ are copies of them.
SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts"
__all__ = ["SCREENSHOTS", "browsing_as", "logged_in", "serving"]


def logged_in(settings: Settings, role: Role) -> TestClient:
    """A test client of a new app, logged in as the user named after `role` (created here)."""
    app = create_app(settings)
    UserStore.for_data_dir(settings.data_dir).add(role.value, PASSWORD, role)
    client = TestClient(app, base_url="http://127.0.0.1")
    login(client, role.value, PASSWORD)
    return client


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """`app` under uvicorn in a thread; yields its base URL. The socket is bound and listening
    before the thread starts, so the browser's first connection waits in its backlog: no polling."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def browsing_as(settings: Settings, username: str, role: Role, path: str) -> Iterator[Any]:
    """A Chromium page (English UI, 1280 wide) on the served app, logged in as a new user
    `username` of `role` and left on `path`; yields the Playwright page."""
    from playwright.sync_api import sync_playwright

    UserStore.for_data_dir(settings.data_dir).add(username, PASSWORD, role)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with serving(create_app(settings)) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900}).new_page()
            page.goto(base + path)
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("form.login button[type=submit]")
            yield page
        finally:
            browser.close()
