"""One run at a time per saved search: a lock document, so a manual run and the scheduler never both send."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from elasticsearch import ConflictError, Elasticsearch, NotFoundError

from vnmon.alerts.store import deliveries_index

# Gets, creates and conditional writes by id are real-time in Elasticsearch: no refresh needed.
# A run holding a lock longer than this has died (a run of one search takes seconds, at worst
# minutes when mail servers time out): the next run takes the lock over.
STALE_AFTER = timedelta(hours=1)


def _lock_id(saved_id: str) -> str:
    # Lives in the delivery log's index; it has no `saved_search` field, so log queries never see it.
    return f"lock-{saved_id}"


@contextmanager
def run_lock(client: Elasticsearch, saved_id: str, prefix: str | None = None) -> Iterator[bool]:
    """Yields True with the lock held (released on exit), or False when another run holds it."""
    index = deliveries_index(prefix)
    token = uuid.uuid4().hex
    now = datetime.now(UTC)
    doc = {
        "lock_token": token,
        "locked_at": now.isoformat(),
        "holder": f"{socket.gethostname()}:{os.getpid()}",
    }
    held = _create(client, index, saved_id, doc) or _take_over_stale(client, index, saved_id, doc, now)
    try:
        yield held
    finally:
        if held:
            _release(client, index, saved_id, token)


def _create(client: Elasticsearch, index: str, saved_id: str, doc: dict[str, str]) -> bool:
    try:
        client.index(index=index, id=_lock_id(saved_id), document=doc, op_type="create")
    except ConflictError:
        return False
    return True


def _take_over_stale(
    client: Elasticsearch, index: str, saved_id: str, doc: dict[str, str], now: datetime
) -> bool:
    try:
        found = client.get(index=index, id=_lock_id(saved_id))
    except NotFoundError:
        return _create(client, index, saved_id, doc)  # released meanwhile
    locked_at = datetime.fromisoformat(found["_source"]["locked_at"])
    if now - locked_at < STALE_AFTER:
        return False
    try:
        # Only if nobody took it over first (optimistic concurrency on the version we read).
        client.index(
            index=index,
            id=_lock_id(saved_id),
            document=doc,
            if_seq_no=found["_seq_no"],
            if_primary_term=found["_primary_term"],
        )
    except ConflictError:
        return False
    return True


def _release(client: Elasticsearch, index: str, saved_id: str, token: str) -> None:
    try:
        found = client.get(index=index, id=_lock_id(saved_id))
        if found["_source"].get("lock_token") == token:
            client.delete(
                index=index,
                id=_lock_id(saved_id),
                if_seq_no=found["_seq_no"],
                if_primary_term=found["_primary_term"],
            )
    except (NotFoundError, ConflictError):
        pass  # taken over as stale by another run: theirs now
