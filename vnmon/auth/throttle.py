"""Login rate limiting: too many attempts for one name, one address or one account lock it out a while."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Mapping


class LoginThrottle:
    """At most a key's limit of failed attempts within `window` seconds; in memory, per server process.

    An attempt is counted *before* its password is checked (`reserve`) and forgiven when it
    succeeds (`succeeded`): checking first and counting after let concurrent guesses all pass.

    Memory is bounded: keys whose attempts have all left the window are swept away, and beyond
    `max_keys` the keys idle longest go first (a flood of made-up names or addresses cannot grow
    the server without end; it can only make the oldest idle entries be forgotten early).
    """

    def __init__(
        self, window: float = 900.0, max_keys: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.window = window
        self.max_keys = max_keys
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}  # in order of last attempt, oldest first
        self._lock = threading.Lock()
        self._next_sweep = clock() + window

    def __len__(self) -> int:
        """Keys held right now."""
        with self._lock:
            return len(self._failures)

    def reserve(self, limits: Mapping[str, int]) -> float:
        """Count one attempt against every key (each with its own limit), atomically; or, when a
        key is locked out already, count nothing and return the seconds until it may try again."""
        now = self._clock()
        with self._lock:
            if now >= self._next_sweep or len(self._failures) + len(limits) > self.max_keys:
                self._sweep(now)
            wait = 0.0
            for key, limit in limits.items():
                recent = self._recent(key, now)
                if len(recent) >= limit:
                    wait = max(wait, recent[0] + self.window - now)
            if wait == 0.0:
                for key in limits:
                    self._recent(key, now).append(now)
                    self._failures[key] = self._failures.pop(key)  # now the most recent
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

    def _sweep(self, now: float) -> None:
        """Drop keys with no attempt left in the window, then the idlest beyond `max_keys`."""
        cutoff = now - self.window
        for key in [k for k, recent in self._failures.items() if not recent or recent[-1] <= cutoff]:
            del self._failures[key]
        if len(self._failures) >= self.max_keys:  # down to half, so that sweeps stay rare
            for key in list(self._failures)[: len(self._failures) - self.max_keys // 2]:
                del self._failures[key]
        self._next_sweep = now + self.window

    def _recent(self, key: str, now: float) -> deque[float]:
        recent = self._failures.setdefault(key, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        return recent
