"""Writes articles to Elasticsearch in bulk, spooling to disk whatever the cluster cannot take now."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from elasticsearch import ConnectionError as EsConnectionError
from elasticsearch import ConnectionTimeout, Elasticsearch, TransportError

from indexer.mapping import article_document
from vnmon.kernel.article import Article

log = logging.getLogger(__name__)

# Bulk item errors that retrying cannot fix: the document goes to quarantine, not back to the spool.
_PERMANENT_STATUSES = {400, 404, 409, 413}


@dataclass
class BulkOutcome:
    """What one flush or replay did: counts a user sees in the crawl summary."""

    indexed: int = 0
    spooled: int = 0
    quarantined: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: BulkOutcome) -> None:
        self.indexed += other.indexed
        self.spooled += other.spooled
        self.quarantined += other.quarantined
        self.errors.extend(other.errors)


class Spool:
    """A directory of JSON-lines batches waiting for Elasticsearch; each file is written atomically."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._serial = 0

    def write(self, actions: list[tuple[str, dict[str, Any]]]) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._serial += 1
        name = f"{time.time_ns()}-{os.getpid()}-{self._serial:05d}.jsonl"
        final = self.directory / name
        tmp = final.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for doc_id, doc in actions:
                fh.write(json.dumps({"id": doc_id, "doc": doc}, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(final)
        return final

    def files(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(self.directory.glob("*.jsonl"))

    def size(self) -> int:
        """Number of documents waiting."""
        return sum(sum(1 for _ in p.open(encoding="utf-8")) for p in self.files())

    @staticmethod
    def read(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    entry = json.loads(line)
                    yield entry["id"], entry["doc"]


class ArticleStore:
    """Buffers articles and bulk-indexes them by id under the articles alias.

    Ids are SHA-256 of the canonical URL, so indexing the same article again replaces it:
    replaying a spool twice or re-crawling never doubles a document.
    """

    def __init__(
        self,
        client: Elasticsearch,
        index: str,
        spool_dir: Path,
        quarantine_file: Path | None = None,
        batch_size: int = 200,
    ) -> None:
        self.client = client
        self.index = index
        self.spool = Spool(spool_dir)
        self.quarantine_file = quarantine_file or spool_dir.parent / "quarantine.jsonl"
        self.batch_size = batch_size
        self._buffer: list[tuple[str, dict[str, Any]]] = []
        self.totals = BulkOutcome()
        self._es_down_until = 0.0

    def add(self, article: Article) -> BulkOutcome | None:
        """Queue one article; flushes (and returns the outcome) when the batch is full."""
        self._buffer.append((article.id, article_document(article)))
        if len(self._buffer) >= self.batch_size:
            return self.flush()
        return None

    def flush(self) -> BulkOutcome:
        batch, self._buffer = self._buffer, []
        outcome = self._send(batch) if batch else BulkOutcome()
        self.totals.add(outcome)
        return outcome

    def replay(self) -> BulkOutcome:
        """Send every spooled batch; a file is deleted only once Elasticsearch has taken it."""
        outcome = BulkOutcome()
        for path in self.spool.files():
            batch = list(Spool.read(path))
            result = self._bulk(batch)
            if result is None:
                outcome.errors.append(f"Elasticsearch unavailable; {path.name} kept for later")
                break
            path.unlink()
            outcome.add(result)
        self.totals.add(outcome)
        return outcome

    def _send(self, batch: list[tuple[str, dict[str, Any]]]) -> BulkOutcome:
        result = None if time.monotonic() < self._es_down_until else self._bulk(batch)
        if result is not None:
            return result
        path = self.spool.write(batch)
        log.warning("Elasticsearch unavailable: %d documents spooled to %s", len(batch), path)
        return BulkOutcome(spooled=len(batch))

    def _bulk(self, batch: list[tuple[str, dict[str, Any]]]) -> BulkOutcome | None:
        """Index a batch; None when the cluster cannot be reached (the caller spools it)."""
        operations: list[dict[str, Any]] = []
        for doc_id, doc in batch:
            operations.append({"index": {"_index": self.index, "_id": doc_id}})
            operations.append(doc)
        try:
            response = self.client.bulk(operations=operations, refresh=False)
        except (EsConnectionError, ConnectionTimeout) as exc:
            log.warning("bulk request failed: %s", exc)
            self._es_down_until = time.monotonic() + 5.0
            return None
        except TransportError as exc:
            log.warning("bulk request failed: %s", exc)
            return None
        return self._account(batch, response.body.get("items", []))

    def _account(self, batch: list[tuple[str, dict[str, Any]]], items: list[dict[str, Any]]) -> BulkOutcome:
        outcome = BulkOutcome()
        retry: list[tuple[str, dict[str, Any]]] = []
        docs = dict(batch)
        for item in items:
            result = next(iter(item.values()))
            status = int(result.get("status", 500))
            if status < 300:
                outcome.indexed += 1
            elif status in _PERMANENT_STATUSES:
                self._quarantine(result["_id"], docs.get(result["_id"], {}), result.get("error"))
                outcome.quarantined += 1
                outcome.errors.append(f"{result['_id']}: {_reason(result.get('error'))}")
            else:
                retry.append((result["_id"], docs[result["_id"]]))
        if retry:
            self.spool.write(retry)
            outcome.spooled += len(retry)
        return outcome

    def _quarantine(self, doc_id: str, doc: dict[str, Any], error: object) -> None:
        self.quarantine_file.parent.mkdir(parents=True, exist_ok=True)
        entry = {"id": doc_id, "url": doc.get("url"), "error": _reason(error), "doc": doc}
        with self.quarantine_file.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _reason(error: object) -> str:
    if isinstance(error, dict):
        return f"{error.get('type')}: {error.get('reason')}"
    return str(error)


def count_documents(client: Elasticsearch, index: str, query: dict[str, Any] | None = None) -> int:
    """Number of documents in `index` (after a refresh, so just-written ones count)."""
    client.indices.refresh(index=index)
    return int(client.count(index=index, query=query or {"match_all": {}})["count"])
