"""Retag: apply the current gazetteer and topic rules to documents already in the articles index.

The local node has no `_update_by_query` (no scripting), so documents are read in `canonical_url,
url` order with `search_after` (inside a point in time) and written back in bulk, only those whose
places or topics change. Each write is conditional (`if_seq_no`/`if_primary_term` of the copy
read): a crawl that rewrote the document in between wins, and the document is read again and
retagged from what the crawl wrote.

A write replaces the whole document (an `index` action), not a partial `update`: the articles'
`_source` leaves out the per-language copies (`i18n`), which an update would lose when Elasticsearch
rebuilds the document from `_source`; and a partial update merges objects, so a place dropped from
`place_scores` would stay there.

Progress is kept in a small JSON file per index and subset under `<data dir>/retag/`: the sort key
of the last batch written (a killed run continues after it) and, once a run finished without
errors, the fingerprint of the configuration it applied (a second run with the same configuration
does nothing).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError

from indexer.client import shown_url
from indexer.mapping import TEXT_FIELDS, language_copies
from indexer.search.compiler import to_es_query
from vnmon.kernel.article import bounded
from vnmon.kernel.errors import VnmonError
from vnmon.kernel.gazetteer import Gazetteer, GazetteerError, load_gazetteer
from vnmon.kernel.gazetteer.loading import NAMES_FILE
from vnmon.kernel.tagging import ArticleTags, tag_article
from vnmon.kernel.topics import TopicsError, TopicSet, load_topics

# Bump when tagging itself (not its configuration) changes what it produces: finished runs no
# longer count as up to date.
TAGGER_VERSION = 1
SORT: list[dict[str, str]] = [{"canonical_url": "asc"}, {"url": "asc"}]
MAX_BATCH = 5_000
MAX_ATTEMPTS = 5  # writes of one document that lost to concurrent writers before giving up
PIT_KEEP_ALIVE = "5m"
TAG_FIELDS = ("places", "place_scores", "topics", "topic_scores")


class RetagError(VnmonError):
    """A retag cannot run (bad option, unreadable state, Elasticsearch refused): one line."""


@dataclass(frozen=True)
class Tagger:
    """The configuration a retag applies, and its fingerprint."""

    gazetteer: Gazetteer
    topics: TopicSet

    @classmethod
    def load(cls, places: Path | None = None, topics: Path | None = None) -> Tagger:
        """The configured files (default: config/places.yaml, config/topics.yaml); `RetagError`
        naming the file, entry and field when one is malformed."""
        try:
            return cls(load_gazetteer(places), load_topics(topics))
        except (GazetteerError, TopicsError) as exc:
            raise RetagError(str(exc)) from exc

    def tags(self, source: dict[str, Any]) -> ArticleTags:
        return tag_article(
            _text(source, "title"), _text(source, "lead"), _text(source, "body"), self.gazetteer, self.topics
        )

    def fingerprint(self) -> str:
        """SHA-256 over the bytes of the places, generated names and topics files (and the tagger
        version): what decides whether a finished run still applies."""
        digest = hashlib.sha256(f"tagger-v{TAGGER_VERSION}".encode())
        places = self.gazetteer.source
        paths = [places, places.with_name(NAMES_FILE) if places else None, self.topics.source]
        for path in paths:
            digest.update(b"\0")
            if path is not None and path.is_file():
                digest.update(path.read_bytes())
        return digest.hexdigest()


@dataclass
class RetagCounts:
    """What a run did (or, dry, would do); cumulative over the sessions of one resumed run."""

    seen: int = 0
    changed: int = 0
    places_added: int = 0
    places_removed: int = 0
    topics_added: int = 0
    topics_removed: int = 0
    conflicts: int = 0  # writes that lost to a concurrent writer and were retried after re-reading
    errors: list[str] = field(default_factory=list)

    def count_change(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.changed += 1
        before, after = set(_ids(old.get("places"))), set(_ids(new["places"]))
        self.places_added += len(after - before)
        self.places_removed += len(before - after)
        before, after = set(_ids(old.get("topics"))), set(_ids(new["topics"]))
        self.topics_added += len(after - before)
        self.topics_removed += len(before - after)


@dataclass(frozen=True)
class Progress:
    """One progress report: after each batch."""

    seen: int
    changed: int
    total: int
    elapsed: float
    seen_now: int  # seen in this session (the rate is over these)

    @property
    def rate(self) -> float:
        return self.seen_now / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the current rate (None before a rate is known)."""
        if self.rate <= 0:
            return None
        return max(self.total - self.seen, 0) / self.rate


Status = Literal["finished", "stopped", "up-to-date"]


@dataclass
class RetagOutcome:
    """How a run ended: finished, stopped after `max_batches` (run again to continue), or nothing
    to do because a finished run already applied this configuration."""

    status: Status
    counts: RetagCounts
    resumed: bool = False
    restarted: bool = False  # an interrupted run of another configuration was started over
    dry_run: bool = False


@dataclass
class _State:
    """The checkpoint file's content."""

    index: str
    subset: str
    config: str
    after: list[Any] | None = None
    finished: bool = False
    counts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Subset:
    """Which documents: an Elasticsearch query, and a stable description of it (the state key)."""

    query: dict[str, Any] = field(default_factory=lambda: {"match_all": {}})
    description: str = "all"


class _Checkpoints:
    """One JSON file per (index, subset), replaced atomically after each batch written."""

    def __init__(self, directory: Path, index: str, subset: Subset) -> None:
        key = hashlib.sha256(subset.description.encode()).hexdigest()[:12]
        self.path = directory / f"{index}-{key}.json"
        self.index = index
        self.subset = subset.description

    def load(self) -> _State | None:
        if not self.path.is_file():
            return None
        try:
            raw = json.loads(self.path.read_text("utf-8"))
            state = _State(**raw)
        except (OSError, ValueError, TypeError) as exc:
            raise RetagError(f"{self.path}: unreadable retag state ({exc}); delete it to start over") from exc
        if state.index != self.index or state.subset != self.subset:
            return None
        return state

    def save(self, state: _State) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        with partial.open("w", encoding="utf-8") as fh:
            json.dump(asdict(state), fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        partial.replace(self.path)


@dataclass(frozen=True)
class _Write:
    """A document to rewrite: the copy read (its tags, its version) and the retagged document."""

    read: dict[str, Any]
    seq_no: int
    primary_term: int
    doc: dict[str, Any]


@dataclass
class _Run:
    client: Elasticsearch
    index: str
    tagger: Tagger
    dry_run: bool
    counts: RetagCounts
    on_batch_read: Callable[[list[dict[str, Any]]], None] | None

    def batch(self, hits: list[dict[str, Any]]) -> None:
        """Retag one page of hits; writes the changed documents, retrying lost races."""
        if self.on_batch_read is not None:
            self.on_batch_read(hits)
        pending: dict[str, _Write] = {}
        for hit in hits:
            self.counts.seen += 1
            write = self.retagged(hit)
            if write is not None:
                pending[hit["_id"]] = write
        if self.dry_run:
            for write in pending.values():
                self.counts.count_change(write.read, write.doc)
            return
        for _attempt in range(MAX_ATTEMPTS):
            if not pending:
                return
            pending = self.reread(self.write(pending))
        for doc_id in pending:
            self.counts.errors.append(f"{doc_id}: still rewritten by others after {MAX_ATTEMPTS} attempts")

    def retagged(self, hit: dict[str, Any]) -> _Write | None:
        """What to write when the tags of the copy `hit` change, else None."""
        source = hit.get("_source") or {}
        tags = bounded(self.tagger.tags(source).fields())
        if all(source.get(name, type(tags[name])()) == tags[name] for name in TAG_FIELDS):
            return None
        doc = {k: v for k, v in source.items() if k != "i18n"}
        doc.update(tags)
        texts = {name: str(doc.get(name) or "") for name in TEXT_FIELDS}
        language = doc.get("language")
        doc["i18n"] = language_copies(language if isinstance(language, str) else None, texts)
        return _Write(source, int(hit["_seq_no"]), int(hit["_primary_term"]), doc)

    def write(self, pending: dict[str, _Write]) -> list[str]:
        """Conditional bulk writes (each counted once done); the ids whose copy was rewritten by
        someone else since it was read."""
        operations: list[dict[str, Any]] = []
        for doc_id, write in pending.items():
            version = {"if_seq_no": write.seq_no, "if_primary_term": write.primary_term}
            operations += [{"index": {"_index": self.index, "_id": doc_id, **version}}, write.doc]
        answer = self.client.bulk(operations=operations)
        lost: list[str] = []
        for item in answer["items"]:
            result = item["index"]
            status = int(result.get("status", 500))
            if status < 300:
                write = pending[result["_id"]]
                self.counts.count_change(write.read, write.doc)
            elif status == 409:
                lost.append(result["_id"])
            else:
                error = result.get("error") or {}
                reason = error.get("reason", "") if isinstance(error, dict) else str(error)
                kind = error.get("type", status) if isinstance(error, dict) else status
                self.counts.errors.append(f"{result['_id']}: {kind}: {reason}")
        return lost

    def reread(self, ids: list[str]) -> dict[str, _Write]:
        """The current copies of documents whose write lost a race, retagged; those still to write
        (not one, when the other writer already wrote the current tags)."""
        pending: dict[str, _Write] = {}
        for doc_id in ids:
            self.counts.conflicts += 1
            try:
                found = self.client.get(index=self.index, id=doc_id)
            except NotFoundError:
                continue  # deleted meanwhile: nothing to retag
            write = self.retagged(found.body)
            if write is not None:
                pending[doc_id] = write
        return pending


@dataclass(frozen=True)
class RetagOptions:
    """How to run: which documents, dry or not, from scratch or not, in which batches.

    `max_batches` stops after that many batches (run again to continue); `on_batch_read` is
    called with each page of hits before any of it is written (tests write concurrently there).
    """

    subset: Subset = field(default_factory=Subset)
    dry_run: bool = False
    force: bool = False
    batch_size: int = 500
    max_batches: int | None = None
    on_progress: Callable[[Progress], None] | None = None
    on_batch_read: Callable[[list[dict[str, Any]]], None] | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.batch_size <= MAX_BATCH:
            raise RetagError(f"--batch-size must be from 1 to {MAX_BATCH}, got {self.batch_size}")
        if self.max_batches is not None and self.max_batches < 1:
            raise RetagError(f"--max-batches must be at least 1, got {self.max_batches}")


def retag(
    client: Elasticsearch, alias: str, tagger: Tagger, state_dir: Path, options: RetagOptions | None = None
) -> RetagOutcome:
    """Apply `tagger` to every document of `alias` in `options.subset` (default: all).

    Resumes an interrupted run of the same configuration; with `force`, starts over even when a
    finished run already applied it. `dry_run` writes nothing (neither documents nor state) and
    counts what would change. Raises `RetagError` naming the alias when Elasticsearch refuses.
    """
    try:
        return _retag(client, alias, tagger, state_dir, options or RetagOptions())
    except (ApiError, TransportError) as exc:
        nodes = shown_url(",".join(node.base_url for node in client.transport.node_pool.all()))
        raise RetagError(f"retag of {alias} at {nodes} failed: {type(exc).__name__}: {exc}") from exc


def _retag(
    client: Elasticsearch, alias: str, tagger: Tagger, state_dir: Path, options: RetagOptions
) -> RetagOutcome:
    subset, dry_run, force = options.subset, options.dry_run, options.force
    index = _concrete_index(client, alias)
    config = tagger.fingerprint()
    checkpoints = _Checkpoints(state_dir, index, subset)
    state = checkpoints.load()
    if state is not None and state.config == config and state.finished and not force:
        return RetagOutcome("up-to-date", RetagCounts(), dry_run=dry_run)
    resumed = state is not None and state.config == config and not state.finished and not force
    restarted = state is not None and state.config != config and not state.finished
    if not resumed or state is None:
        state = _State(index=index, subset=subset.description, config=config)
    counts = RetagCounts(**state.counts) if resumed else RetagCounts()
    run = _Run(client, index, tagger, dry_run, counts, options.on_batch_read)
    # What was written last (a previous run's last batch, a crawl) is read, not its older copy.
    client.indices.refresh(index=index)
    total = int(client.count(index=index, query=subset.query)["count"])
    started, seen_before = time.monotonic(), counts.seen
    after = state.after if resumed else None
    batches = 0
    pit = client.open_point_in_time(index=index, keep_alive=PIT_KEEP_ALIVE)["id"]
    try:
        while options.max_batches is None or batches < options.max_batches:
            page = client.search(
                pit={"id": pit, "keep_alive": PIT_KEEP_ALIVE},
                query=subset.query,
                sort=SORT,
                size=options.batch_size,
                search_after=after,
                seq_no_primary_term=True,
                track_total_hits=False,
            )
            pit = page.get("pit_id", pit)
            hits = page["hits"]["hits"]
            if not hits:
                break
            run.batch(hits)
            batches += 1
            after = list(hits[-1]["sort"][: len(SORT)])
            if not dry_run:
                state.after, state.counts = after, _saved(counts)
                checkpoints.save(state)
            if options.on_progress is not None:
                elapsed = time.monotonic() - started
                options.on_progress(
                    Progress(counts.seen, counts.changed, total, elapsed, counts.seen - seen_before)
                )
            if len(hits) < options.batch_size:
                after = None
                break
        else:
            return RetagOutcome("stopped", counts, resumed=resumed, restarted=restarted, dry_run=dry_run)
    finally:
        _close(client, pit)
    if not dry_run:
        # Finished: the next run with this configuration does nothing, unless this one met errors.
        state.after, state.counts, state.finished = None, _saved(counts), not counts.errors
        checkpoints.save(state)
    return RetagOutcome("finished", counts, resumed=resumed, restarted=restarted, dry_run=dry_run)


def _saved(counts: RetagCounts) -> dict[str, Any]:
    saved = asdict(counts)
    saved["errors"] = saved["errors"][-100:]
    return saved


def _concrete_index(client: Elasticsearch, alias: str) -> str:
    """The one index behind `alias` (sequence numbers and the state belong to it)."""
    try:
        found = client.indices.get_alias(name=alias)
    except NotFoundError as exc:
        raise RetagError(f"{alias} does not exist (run `vnmon index setup` and crawl first)") from exc
    names = sorted(found.body)
    if len(names) != 1:
        raise RetagError(f"alias {alias} points at {len(names)} indices: {', '.join(names)}")
    return names[0]


def _close(client: Elasticsearch, pit: str) -> None:
    with contextlib.suppress(ApiError, TransportError):  # else it expires after PIT_KEEP_ALIVE
        client.close_point_in_time(id=pit)


def _text(source: dict[str, Any], name: str) -> str | None:
    value = source.get(name)
    return value if isinstance(value, str) else None


def _ids(values: Any) -> list[str]:
    return [str(v) for v in values] if isinstance(values, list) else []


def subset_of(query: str | None = None, since: datetime | None = None, timezone: str = "UTC") -> Subset:
    """The documents a query in the search language matches (`place:hue`, `topic:trade`, words)
    and, with `since`, fetched on or after it (naive: read in `timezone`). `SearchQueryError`
    names a malformed query."""
    if not query and since is None:
        return Subset()
    clauses: list[dict[str, Any]] = []
    parts: list[str] = []
    if query:
        clauses.append(to_es_query(query))
        parts.append(f"query={query}")
    if since is not None:
        stamp = since.isoformat()
        clauses.append({"range": {"fetched_at": {"gte": stamp, "time_zone": timezone}}})
        parts.append(f"since={stamp} {timezone}")
    return Subset({"bool": {"filter": clauses}}, "; ".join(parts))
