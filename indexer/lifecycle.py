"""Creates the articles index behind its alias, and swaps in rebuilt indices."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from elasticsearch import BadRequestError, Elasticsearch, NotFoundError

from indexer.mapping import MAPPING_VERSION, articles_mapping, articles_settings
from vnmon.kernel.errors import IndexSetupError
from vnmon.kernel.settings import get_settings


def articles_alias(prefix: str | None = None) -> str:
    """The alias every reader and writer uses: `<prefix>-articles`."""
    return f"{prefix or get_settings().index_prefix}-articles"


def new_index_name(prefix: str | None = None, now: datetime | None = None) -> str:
    """A fresh versioned index name, e.g. `vnmon-articles-v1-20261127t061500123456`."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dt%H%M%S%f")
    return f"{articles_alias(prefix)}-v{MAPPING_VERSION}-{stamp}"


def current_index(client: Elasticsearch, prefix: str | None = None) -> str | None:
    """The index the alias points at, or None when the alias does not exist."""
    alias = articles_alias(prefix)
    try:
        found = client.indices.get_alias(name=alias)
    except NotFoundError:
        return None
    names = sorted(found.body)
    if len(names) != 1:
        raise IndexSetupError(f"alias {alias} points at {len(names)} indices: {', '.join(names)}")
    return names[0]


def create_index(client: Elasticsearch, prefix: str | None = None) -> str:
    """Create a new, empty versioned articles index (not yet behind the alias)."""
    name = new_index_name(prefix)
    client.indices.create(index=name, mappings=articles_mapping(), settings=articles_settings())
    return name


def setup(client: Elasticsearch, prefix: str | None = None) -> tuple[str, bool]:
    """Make sure the alias exists and points at one index of the current mapping version.

    Idempotent: returns `(index, created)`; a second call changes nothing.
    """
    alias = articles_alias(prefix)
    index = current_index(client, prefix)
    if index is not None:
        version = _mapping_version(client, index)
        if version != MAPPING_VERSION:
            raise IndexSetupError(
                f"alias {alias} points at {index} (mapping v{version}); this vnmon needs "
                f"v{MAPPING_VERSION}: rebuild it with `vnmon archive reindex`"
            )
        # Fields added within a version (found_via, gdelt_*, places, topics) reach older indices:
        # adding a field is compatible, and a strict mapping would refuse documents that have it.
        client.indices.put_mapping(index=index, properties=articles_mapping()["properties"])
        return index, False
    if client.indices.exists(index=alias):
        # Either a plain index holds the name, or another worker has just created the alias.
        index = current_index(client, prefix)
        if index is None:
            raise IndexSetupError(f"{alias} exists as a plain index, not an alias; remove or rename it")
        return index, False
    # A fixed name for the first index, created with its alias in one request: when several
    # workers start at once, exactly one creation succeeds and the others find it.
    index = f"{alias}-v{MAPPING_VERSION}-initial"
    try:
        client.indices.create(
            index=index,
            mappings=articles_mapping(),
            settings=articles_settings(),
            aliases={alias: {"is_write_index": True}},
        )
    except BadRequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise
        return _wait_for_alias(client, prefix, index), False
    return index, True


def _wait_for_alias(client: Elasticsearch, prefix: str | None, index: str, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = current_index(client, prefix)
        if found is not None:
            return found
        time.sleep(0.1)
    raise IndexSetupError(f"{index} exists but {articles_alias(prefix)} never pointed at it")


def flip_alias(client: Elasticsearch, new_index: str, prefix: str | None = None) -> str | None:
    """Point the alias at `new_index` in one atomic step; returns the index it left."""
    alias = articles_alias(prefix)
    old = current_index(client, prefix)
    actions: list[dict[str, dict[str, object]]] = [
        {"add": {"index": new_index, "alias": alias, "is_write_index": True}}
    ]
    if old is not None and old != new_index:
        actions.insert(0, {"remove": {"index": old, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    return old


def _mapping_version(client: Elasticsearch, index: str) -> int | None:
    mapping = client.indices.get_mapping(index=index).body[index]["mappings"]
    version = mapping.get("_meta", {}).get("vnmon_mapping_version")
    return int(version) if version is not None else None
