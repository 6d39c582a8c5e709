"""Publishes a week's folder atomically: files are written to a staging folder, then swapped in."""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vnmon.exports.errors import ExportError

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


@contextmanager
def staging(out_dir: Path, label: str) -> Iterator[Path]:
    """A private folder beside the week's folder (same file system, so the swap is a rename);
    removed if the export fails, so a half-written report is never visible."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = out_dir / f".{label}.staging-{uuid.uuid4().hex[:8]}"
    stage.mkdir()
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


@contextmanager
def week_lock(out_dir: Path, label: str) -> Iterator[None]:
    """One export of a week at a time (the CLI and the weekly job may overlap)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / f".{label}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def swap_in(stage: Path, target: Path) -> None:
    """Make `stage` the content of `target` in one step; the previous content is removed after.

    With an existing target the two folders are exchanged atomically (`renameat2`
    RENAME_EXCHANGE), so readers see the old report or the new one, never none or a mix.
    """
    if not target.exists():
        os.rename(stage, target)
        return
    if _exchange(stage, target):
        shutil.rmtree(stage, ignore_errors=True)
        return
    # No renameat2 (old kernel or libc): two renames leave a moment without the folder, never a mix.
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    os.rename(target, old)
    os.rename(stage, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: fall back to two renames
        return False
    raise ExportError(f"cannot swap {a} into {b}: {os.strerror(errno)}")
