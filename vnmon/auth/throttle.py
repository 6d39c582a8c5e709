"""Login rate limiting: too many attempts for one name, one address or one account lock it out a while."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Mapping


class LoginThrottle:
    """At most a key's limit of failed attempts within `window` seconds; in memory, per server process.

    An attempt is counted *before* its password is checked (`reserve`) and forgiven when it
    succeeds (`succeeded`): checking first and counting after let concurrent guesses all pass.
    """

    def __init__(self, window: float = 900.0) -> None:
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def reserve(self, limits: Mapping[str, int]) -> float:
        """Count one attempt against every key (each with its own limit), atomically; or, when a
        key is locked out already, count nothing and return the seconds until it may try again."""
        now = time.monotonic()
        with self._lock:
            wait = 0.0
            for key, limit in limits.items():
                recent = self._recent(key, now)
                if len(recent) >= limit:
                    wait = max(wait, recent[0] + self.window - now)
            if wait == 0.0:
                for key in limits:
                    self._recent(key, now).append(now)
            return wait

    def succeeded(self, *keys: str, forgive: tuple[str, ...] = ()) -> None:
        """Clear `keys`; take back the newest attempt counted against each of `forgive`."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
            for key in forgive:
                recent = self._failures.get(key)
                if recent:
                    recent.pop()

    def _recent(self, key: str, now: float) -> deque[float]:
        recent = self._failures.setdefault(key, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        return recent
