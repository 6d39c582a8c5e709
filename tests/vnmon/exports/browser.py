"""Serving an app on a loopback port for Chromium tests of the reporter's and operator's pages."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from tests.vnmon.web.test_browser import CHROMIUM, CHROMIUM_ARGS, _free_port

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "SCREENSHOTS", "serving"]


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """`app` under uvicorn in a thread on a free loopback port; yields its base URL."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:  # uvicorn flips it once listening; there is no event to wait on
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
