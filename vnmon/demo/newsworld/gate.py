"""Gate: the world holds its answers to chosen pages until the test lets them through."""

from __future__ import annotations

import threading
from collections.abc import Iterable


class Gate:
    """Requests for `urls` (compared without their query) wait unanswered until `release()`.

    A test that must act in the middle of a crawl (stop Elasticsearch, kill the crawl) holds
    some pages, waits for `reached`, acts, then releases: the crawl is then mid-way by
    construction, whatever the machine's speed, instead of by a guess at how long it takes.
    """

    def __init__(self, urls: Iterable[str]) -> None:
        self.urls = frozenset(url.split("?", 1)[0] for url in urls)
        if not self.urls:
            raise ValueError("a gate must hold at least one URL")
        self.reached = threading.Event()  # set when the first held request arrives
        self._open = threading.Event()
        self._lock = threading.Lock()
        self._waiting = 0
        self._user_agents: set[str] = set()

    def holds(self, url: str) -> bool:
        return not self._open.is_set() and url.split("?", 1)[0] in self.urls

    def wait(self, url: str, user_agent: str = "") -> None:
        """Called by the server for each request: returns at once unless `url` is held."""
        if not self.holds(url):
            return
        with self._lock:
            self._waiting += 1
            self._user_agents.add(user_agent)
        self.reached.set()
        self._open.wait()
        with self._lock:
            self._waiting -= 1

    @property
    def waiting(self) -> int:
        """How many requests are held right now."""
        with self._lock:
            return self._waiting

    @property
    def user_agents(self) -> set[str]:
        """The User-Agent of every held request so far: which crawlers got here."""
        with self._lock:
            return set(self._user_agents)

    def release(self) -> None:
        """Answer the held requests, and every later one at once."""
        self._open.set()
