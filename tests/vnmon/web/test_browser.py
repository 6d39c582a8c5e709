"""The web UI in real headless Chromium: log in, search, filter by a language facet, open an article
and its archived copy; screenshots go to artifacts/."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
import uvicorn
from elasticsearch import Elasticsearch

from tests.vnmon.web.conftest import PASSWORD
from tests.vnmon.web.corpus import index_corpus
from vnmon.auth.roles import Role
from vnmon.auth.store import UserStore
from vnmon.kernel.settings import Settings
from vnmon.web.app import create_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextmanager
def analyst_page(served: str, path: str) -> Iterator[Page]:
    """A headless Chromium page on `path`, logged in as the analyst `lan` (closed afterwards)."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="en-US").new_page()
            page.goto(served + path)
            page.fill("input[name=username]", "lan")
            page.fill("input[name=password]", PASSWORD)
            page.click("form.login button[type=submit]")
            yield page
        finally:
            browser.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(vnmon_env: Settings, es_client: Elasticsearch) -> Iterator[str]:
    """The app on a free loopback port (uvicorn in a thread), with the corpus indexed and one analyst."""
    index_corpus(es_client, vnmon_env.index_prefix, vnmon_env.data_dir)
    UserStore.for_data_dir(vnmon_env.data_dir).add("lan", PASSWORD, Role.ANALYST)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(vnmon_env), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_analyst_logs_in_searches_filters_and_reads_the_archived_copy(served: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    assert CHROMIUM.exists(), "install Debian's chromium (apt-get install -y chromium)"
    ARTIFACTS.mkdir(exist_ok=True)
    requested: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 1000})
            context.on("request", lambda request: requested.append(request.url))
            page = context.new_page()

            page.goto(served + "/?ui=en")
            expect(page).to_have_url(f"{served}/login?next=%2F%3Fui%3Den")
            page.fill("input[name=username]", "lan")
            page.fill("input[name=password]", PASSWORD)
            page.click("form.login button[type=submit]")

            page.fill("input[name=q]", "Vietnam")
            page.click("#search-form button[type=submit]")
            expect(page.locator("#total")).to_contain_text("results")
            languages = {h.get_attribute("data-language") for h in page.locator("li.hit").all()}
            assert {"en", "de", "fr"} <= languages, languages
            expect(page.locator("p.copies")).to_contain_text("3 copies")
            page.screenshot(path=str(ARTIFACTS / "web-search.png"), full_page=True)

            page.check("fieldset[data-facet=lang] input[value=de]")  # a facet checkbox submits at once
            expect(page.locator("fieldset[data-facet=lang] input:checked")).to_have_attribute("value", "de")
            hits = page.locator("li.hit")
            expect(hits).to_have_count(1)
            assert hits.first.get_attribute("data-language") == "de"

            hits.first.locator("a.hit-title").click()
            expect(page.locator("#article-title")).to_have_text("Reisexporte aus Vietnam")
            archived = page.frame_locator("#archived-frame")
            expect(archived.locator("h1.headline")).to_have_text("Reisexporte aus Vietnam")
            expect(archived.locator("div.story")).to_contain_text("Abkommen über Reisexporte")
            frame = next(f for f in page.frames if f.url.endswith("/api/articles/de-1/archived"))
            assert frame.title() == "Reisexporte aus Vietnam", "the archived page's script must not run"
            page.locator("#archived-frame").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "web-article.png"), full_page=True)
        finally:
            browser.close()

    assert (ARTIFACTS / "web-article.png").stat().st_size > 10_000
    # Nothing but our own server was asked for anything: no tracking pixel, stylesheet or frame.
    elsewhere = {urlsplit(u).netloc for u in requested if not u.startswith(served + "/")}
    assert not elsewhere, elsewhere
