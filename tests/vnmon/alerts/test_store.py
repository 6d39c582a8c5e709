"""Saved searches in the real node: save, list, get, find, delete; clear refusals of bad input."""

from __future__ import annotations

import pytest

from tests.vnmon.alerts.conftest import Install
from vnmon.alerts import (
    AlertError,
    delete_saved,
    deliveries_index,
    ensure_alert_indices,
    find_saved,
    get_saved,
    list_saved,
    save_search,
    saved_index,
)


def test_saved_search_round_trip(install: Install) -> None:
    saved = save_search(
        install.client,
        "Biển Đông",
        {"q": '"South China Sea" OR "Biển Đông"', "langs": ["EN", "vi"], "countries": ["us"]},
        owner="lan",
        emails=["Lan@Example.org"],
        webhook="https://hooks.example.org/vnmon",
        frequency="daily",
    )

    stored = get_saved(install.client, saved.id)
    assert stored is not None
    assert stored.name == "Biển Đông" and stored.owner == "lan" and stored.frequency == "daily"
    assert stored.query.q == '"South China Sea" OR "Biển Đông"'
    assert stored.query.langs == ["en", "vi"] and stored.query.countries == ["US"]
    assert stored.emails == ["lan@example.org"]
    assert stored.targets == ["email:lan@example.org", "webhook:https://hooks.example.org/vnmon"]
    assert [s.id for s in list_saved(install.client)] == [saved.id]
    assert list_saved(install.client, owner="minh") == []


def test_saving_a_name_again_replaces_query_and_targets(install: Install) -> None:
    first = save_search(install.client, "Rice", {"q": "rice"}, owner="lan", emails=["a@example.org"])
    second = save_search(install.client, "rice", {"q": "rice export"}, owner="lan", emails=["b@example.org"])

    assert second.id == first.id
    assert second.created_at == first.created_at
    [stored] = list_saved(install.client)
    assert stored.query.q == "rice export" and stored.emails == ["b@example.org"]


def test_owners_have_their_own_names_and_find_asks_whose(install: Install) -> None:
    lan = save_search(install.client, "Rice", {"q": "rice"}, owner="lan")
    minh = save_search(install.client, "Rice", {"q": "gạo"}, owner="minh")

    assert lan.id != minh.id
    assert find_saved(install.client, "rice", owner="minh").query.q == "gạo"
    with pytest.raises(AlertError, match=r"several owners.*lan, minh.*--owner"):
        find_saved(install.client, "Rice")
    with pytest.raises(AlertError, match=r"no saved search 'Coffee'; saved: 'Rice', 'Rice'"):
        find_saved(install.client, "Coffee")


def test_delete(install: Install) -> None:
    saved = save_search(install.client, "Rice", {"q": "rice"})

    assert delete_saved(install.client, saved.id) is True
    assert get_saved(install.client, saved.id) is None
    assert list_saved(install.client) == []
    assert delete_saved(install.client, saved.id) is False


def test_setup_is_idempotent(install: Install) -> None:
    ensure_alert_indices(install.client)
    ensure_alert_indices(install.client)
    for index in (saved_index(), deliveries_index()):
        assert install.client.indices.exists(index=index)
        assert install.client.indices.get_mapping(index=index)[index]["mappings"]["dynamic"] == "false"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"emails": ["not-an-address"]}, r"emails: .*not an email address: not-an-address"),
        ({"webhook": "ftp://example.org/x"}, r"webhook: .*must be an http:// or https:// URL"),
        ({"frequency": "fortnightly"}, r"frequency: .*'fortnightly' is not one of always, hourly, daily"),
        (
            {"query": {"date_from": "2026-05-02", "date_to": "2026-05-01"}},
            r"date_from \(2026-05-02\) is after",
        ),
        ({"query": {"langs": ["en"], "size": 10}}, r"query.size: Extra inputs are not permitted"),
        ({"name": "   "}, r"name: .*needs a name"),
    ],
)
def test_bad_input_is_named(install: Install, fields: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"name": "Rice", "query": {"q": "rice"}, **fields}
    with pytest.raises(AlertError, match=message):
        save_search(install.client, **arguments)  # type: ignore[arg-type]
    assert list_saved(install.client) == []


def test_saved_searches_keep_a_copy_on_a_second_node_when_there_is_one(install: Install) -> None:
    ensure_alert_indices(install.client)
    for name in (saved_index(), deliveries_index()):
        settings = install.client.indices.get_settings(index=name)[name]["settings"]["index"]
        assert settings["auto_expand_replicas"] == "0-1", name
