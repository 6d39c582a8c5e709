"""Saved searches in Elasticsearch (`<prefix>-saved-searches`): mapping, setup, save/list/get/delete."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError
from pydantic import ValidationError

from indexer.search import SearchError
from vnmon.alerts.errors import AlertError
from vnmon.alerts.matching import matches_query
from vnmon.alerts.models import SavedQuery, SavedSearch
from vnmon.kernel.errors import validation_message
from vnmon.kernel.settings import get_settings

log = logging.getLogger(__name__)

_KEYWORD = {"type": "keyword"}
_DATE = {"type": "date"}
# A copy on a second node when there is one: saved searches outlive the loss of a node.
_SETTINGS = {"number_of_shards": 1, "auto_expand_replicas": "0-1"}

SAVED_MAPPING: dict[str, Any] = {
    "dynamic": False,
    "_meta": {"vnmon_saved_searches_version": 1},
    "properties": {
        "name": {"type": "text", "fields": {"raw": _KEYWORD}},
        "owner": _KEYWORD,
        # The query and the last run's report are read back whole, never searched.
        "query": {"type": "object", "enabled": False},
        "last_run": {"type": "object", "enabled": False},
        "emails": _KEYWORD,
        "webhook": {"type": "keyword", "index": False},
        "frequency": _KEYWORD,
        "created_at": _DATE,
        "updated_at": _DATE,
        "watermark": _DATE,
        "pending": {"type": "boolean"},
        "paused": {"type": "boolean"},
        "resumed_at": _DATE,
    },
}
DELIVERIES_MAPPING: dict[str, Any] = {
    "dynamic": False,
    "_meta": {"vnmon_alert_deliveries_version": 1},
    "properties": {
        "saved_search": _KEYWORD,
        "target": _KEYWORD,
        "kind": _KEYWORD,  # article, or story (the cluster of syndicated copies)
        "article_id": _KEYWORD,
        "cluster_id": _KEYWORD,
        "delivered_at": _DATE,
    },
}


def saved_index(prefix: str | None = None) -> str:
    """`<prefix>-saved-searches`: one document per saved search."""
    return f"{prefix or get_settings().index_prefix}-saved-searches"


def deliveries_index(prefix: str | None = None) -> str:
    """`<prefix>-alert-deliveries`: one document per (saved search, target, article) delivered."""
    return f"{prefix or get_settings().index_prefix}-alert-deliveries"


def ensure_alert_indices(client: Elasticsearch, prefix: str | None = None) -> None:
    """Create both indices when missing, or add new mapping fields to them (idempotent, race-safe)."""
    for name, mapping in (
        (saved_index(prefix), SAVED_MAPPING),
        (deliveries_index(prefix), DELIVERIES_MAPPING),
    ):
        if client.indices.exists(index=name):
            client.indices.put_mapping(index=name, properties=mapping["properties"])
            continue
        try:
            client.indices.create(index=name, mappings=mapping, settings=_SETTINGS)
        except ApiError as exc:
            if exc.meta.status != 400 or "resource_already_exists" not in str(exc):
                raise


def save_search(
    client: Elasticsearch,
    name: str,
    query: SavedQuery | dict[str, Any] | None = None,
    *,
    owner: str = "local",
    emails: Sequence[str] = (),
    webhook: str | None = None,
    webhook_internal: bool = False,
    frequency: str = "hourly",
    prefix: str | None = None,
) -> SavedSearch:
    """Save `owner`'s search `name` (replacing its query and targets if it exists; its delivery
    history and watermark are kept, so nothing already sent is sent again).

    `webhook_internal`: the caller is trusted to aim the webhook at loopback or the private network
    (an operator at the command line, an admin); otherwise delivery reaches public addresses only.
    """
    try:
        candidate = SavedSearch(
            name=name,
            owner=owner,
            query=query if query is not None else SavedQuery(),
            emails=list(emails),
            webhook=webhook,
            webhook_internal=webhook_internal,
            frequency=frequency,
        )
    except ValidationError as exc:
        raise AlertError(f"saved search {name!r}: {validation_message(exc)}") from None
    try:
        matches_query(candidate.query)  # the same checks as `vnmon search`: syntax, size
    except SearchError as exc:
        raise AlertError(f"saved search {name!r}: {exc}") from None
    ensure_alert_indices(client, prefix)
    existing = get_saved(client, candidate.id, prefix)
    if existing is not None:
        candidate = existing.model_copy(
            update={
                "query": candidate.query,
                "emails": candidate.emails,
                "webhook": candidate.webhook,
                "webhook_internal": candidate.webhook_internal,
                "frequency": candidate.frequency,
                "updated_at": datetime.now(UTC),
            }
        )
    write_saved(client, candidate, prefix)
    return candidate


def set_paused(
    client: Elasticsearch, saved: SavedSearch, paused: bool, prefix: str | None = None
) -> SavedSearch:
    """Pause or resume `saved`. Resuming starts from now: what was found while it was paused is
    not sent (the preview still shows it), so a long pause does not end in a flood of digests."""
    now = datetime.now(UTC)
    changed = saved.model_copy(update={"paused": paused, "updated_at": now})
    if not paused and saved.paused:
        changed = changed.model_copy(update={"watermark": now, "resumed_at": now, "pending": False})
    write_saved(client, changed, prefix)
    return changed


def write_saved(client: Elasticsearch, saved: SavedSearch, prefix: str | None = None) -> None:
    """Store `saved` as it is (visible to the next read at once)."""
    client.index(index=saved_index(prefix), id=saved.id, document=saved.to_document(), refresh=True)


def get_saved(client: Elasticsearch, saved_id: str, prefix: str | None = None) -> SavedSearch | None:
    """The saved search with id `saved_id`, or None."""
    try:
        found = client.get(index=saved_index(prefix), id=saved_id)
    except NotFoundError:
        return None
    return _from_hit(found["_id"], found["_source"], prefix)


def list_saved(
    client: Elasticsearch, owner: str | None = None, prefix: str | None = None
) -> list[SavedSearch]:
    """Every readable saved search (of `owner` when given), by owner then name; a malformed
    document is logged and left out, never fatal to the others (see `scan_saved`)."""
    return scan_saved(client, owner, prefix)[0]


@dataclass(frozen=True)
class Unreadable:
    """A stored saved search that no longer validates (written by an older vnmon, or by hand)."""

    id: str
    name: str
    owner: str
    error: str


def scan_saved(
    client: Elasticsearch, owner: str | None = None, prefix: str | None = None
) -> tuple[list[SavedSearch], list[Unreadable]]:
    """The saved searches (of `owner` when given) that validate, and those that do not."""
    if not client.indices.exists(index=saved_index(prefix)):
        return [], []
    wanted = {"term": {"owner": owner.strip().lower()}} if owner is not None else None
    query: dict[str, Any] = wanted or {"match_all": {}}
    response = client.search(index=saved_index(prefix), query=query, size=10_000, sort=["owner", "name.raw"])
    good: list[SavedSearch] = []
    bad: list[Unreadable] = []
    for hit in response["hits"]["hits"]:
        try:
            good.append(_from_hit(hit["_id"], hit["_source"], prefix))
        except AlertError as exc:
            log.warning("%s", exc)
            source = hit["_source"]
            bad.append(
                Unreadable(hit["_id"], str(source.get("name", "?")), str(source.get("owner", "?")), str(exc))
            )
    return good, bad


def find_saved(
    client: Elasticsearch, name: str, owner: str | None = None, prefix: str | None = None
) -> SavedSearch:
    """The saved search called `name` (case-insensitive), of `owner` when given; AlertError when
    there is none, or when several owners have one of that name and no owner was given."""
    wanted = " ".join(name.split()).casefold()
    found = [s for s in list_saved(client, owner, prefix) if s.name.casefold() == wanted]
    if not found:
        whose = f" of {owner}" if owner is not None else ""
        names = ", ".join(repr(s.name) for s in list_saved(client, owner, prefix)) or "none"
        raise AlertError(f"no saved search {name!r}{whose}; saved: {names}")
    if len(found) > 1:
        owners = ", ".join(s.owner for s in found)
        raise AlertError(f"several owners have a saved search {name!r} ({owners}): give --owner")
    return found[0]


def delete_saved(client: Elasticsearch, saved_id: str, prefix: str | None = None) -> bool:
    """Remove a saved search; False when there was none. Its delivery log stays, so saving it
    again under the same owner and name never repeats an article already sent."""
    try:
        client.delete(index=saved_index(prefix), id=saved_id, refresh=True)
    except NotFoundError:
        return False
    return True


def _from_hit(doc_id: str, source: dict[str, Any], prefix: str | None) -> SavedSearch:
    try:
        return SavedSearch.model_validate(source)
    except ValidationError as exc:
        where = saved_index(prefix)
        raise AlertError(
            f"saved search {doc_id} in {where} is malformed: {validation_message(exc)}"
        ) from None
