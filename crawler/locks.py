"""Per-source locks on this host: two crawls of one source never run at once (they would share
its resume state in VNMON_DATA_DIR/jobs/ and fetch everything twice)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

from vnmon.kernel.errors import VnmonError
from vnmon.kernel.settings import get_settings


class SourceBusyError(VnmonError):
    """A source is being crawled by another process on this host."""


def _lock_path(source_id: str) -> Path:
    return get_settings().data_dir / "locks" / f"{source_id}.lock"


def _try_lock(source_id: str) -> IO[str] | None:
    path = _lock_path(source_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _holder(source_id: str) -> str:
    try:
        return _lock_path(source_id).read_text().strip() or "?"
    except OSError:
        return "?"


@contextmanager
def source_locks(source_ids: Iterable[str]) -> Iterator[None]:
    """Hold the lock of every source for the duration of a crawl; SourceBusyError names the ones
    another process holds (with its pid). Locks die with their process, even a killed one."""
    with ExitStack() as stack:
        busy = []
        for source_id in sorted(set(source_ids)):
            handle = _try_lock(source_id)
            if handle is None:
                busy.append(f"{source_id} (pid {_holder(source_id)})")
                continue
            stack.callback(handle.close)
            handle.truncate(0)
            handle.write(str(os.getpid()))
            handle.flush()
        if busy:
            raise SourceBusyError(f"already being crawled on this host: {', '.join(busy)}")
        yield


def busy_sources(source_ids: Iterable[str]) -> set[str]:
    """The sources another process is crawling right now on this host."""
    busy = set()
    for source_id in set(source_ids):
        handle = _try_lock(source_id)
        if handle is None:
            busy.add(source_id)
        else:
            handle.close()
    return busy
