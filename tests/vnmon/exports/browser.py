"""Web helpers of the reporter's and operator's page tests: a logged-in test client of any role, and
the app served on a loopback port for Chromium."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "SCREENSHOTS", "logged_in", "serving"]


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
