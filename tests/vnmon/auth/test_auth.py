"""Users, passwords, API keys and sessions as stored on disk: hashed, salted, signed, revocable."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import pytest

from vnmon.auth.passwords import hash_password, verify_password
from vnmon.auth.roles import Role
from vnmon.auth.sessions import Session, SessionSigner, anonymous_session, load_secret
from vnmon.auth.store import UserError, UserStore
from vnmon.auth.throttle import LoginThrottle

PASSWORD = "correct horse battery staple"


def test_password_hashes_are_argon2id_salted_and_verify_only_the_right_password() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$") and first != second, "each hash has its own salt"
    assert PASSWORD not in first
    assert verify_password(first, PASSWORD) and verify_password(second, PASSWORD)
    assert not verify_password(first, PASSWORD + "!")
    assert not verify_password("not a hash", PASSWORD)


def test_users_file_holds_no_secret_in_clear_and_is_private(tmp_path: Path) -> None:
    store = UserStore.for_data_dir(tmp_path)
    store.add("Alice", PASSWORD, "analyst")
    key, _ = store.create_api_key("alice", "nightly")
    text = store.path.read_text()
    assert PASSWORD not in text and key not in text and key.rsplit("_", 1)[1] not in text
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert json.loads(text)["users"]["alice"]["role"] == "analyst"


def test_user_lifecycle_and_clear_errors(tmp_path: Path) -> None:
    store = UserStore.for_data_dir(tmp_path)
    assert not store.has_users()
    store.add("alice", PASSWORD, Role.ANALYST)
    assert store.authenticate("ALICE", PASSWORD) is not None
    assert store.authenticate("alice", "wrong password") is None
    assert store.authenticate("nobody", PASSWORD) is None
    with pytest.raises(UserError, match="already exists"):
        store.add("alice", PASSWORD, Role.ADMIN)
    with pytest.raises(UserError, match="at least 10 characters"):
        store.add("bob", "short", Role.ANALYST)
    with pytest.raises(UserError, match="invalid user name"):
        store.add("bad name", PASSWORD, Role.ANALYST)
    with pytest.raises(UserError, match="unknown role 'boss'"):
        store.add("bob", PASSWORD, "boss")
    assert store.set_role("alice", "admin").role is Role.ADMIN
    store.remove("alice")
    with pytest.raises(UserError, match="no user 'alice'"):
        store.remove("alice")
    assert not store.has_users()


def test_api_keys_work_until_revoked_and_die_with_their_user(tmp_path: Path) -> None:
    store = UserStore.for_data_dir(tmp_path)
    store.add("alice", PASSWORD, Role.OPERATOR)
    key, info = store.create_api_key("alice")
    owner = store.user_for_api_key(key)
    assert owner is not None and owner.username == "alice" and owner.role is Role.OPERATOR
    assert store.user_for_api_key(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert store.revoke_api_key(info.id) == "alice"
    assert store.user_for_api_key(key) is None
    other, _ = store.create_api_key("alice")
    store.remove("alice")
    assert store.user_for_api_key(other) is None


def test_another_process_sees_changes_at_once(tmp_path: Path) -> None:
    writer, reader = UserStore.for_data_dir(tmp_path), UserStore.for_data_dir(tmp_path)
    assert not reader.has_users()
    writer.add("alice", PASSWORD, Role.ANALYST)
    assert reader.get("alice") is not None
    writer.set_role("alice", Role.REPORTER)
    user = reader.get("alice")
    assert user is not None and user.role is Role.REPORTER


def test_a_damaged_users_file_is_named_in_the_error(tmp_path: Path) -> None:
    store = UserStore.for_data_dir(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{not json")
    with pytest.raises(UserError, match=str(store.path)):
        store.has_users()


def test_session_cookies_are_signed_and_expire(tmp_path: Path) -> None:
    secret = load_secret(tmp_path)
    assert load_secret(tmp_path) == secret, "the secret survives restarts"
    signer = SessionSigner(secret)
    session = anonymous_session().logged_in("alice", epoch=3)
    value = signer.dumps(session)
    assert signer.loads(value) == Session(session.csrf, int(session.expires), "alice", 3)
    body, mac = value.split(".")
    assert signer.loads(body[:-2] + "xx." + mac) is None
    assert SessionSigner(b"x" * 32).loads(value) is None, "another install's secret"
    expired = Session(csrf="c", expires=time.time() - 1, username="alice")
    assert signer.loads(signer.dumps(expired)) is None


def test_throttle_locks_a_key_after_the_limit_and_forgets_after_the_window() -> None:
    throttle = LoginThrottle(window=0.3)
    for _ in range(3):
        assert throttle.reserve({"k": 3}) == 0  # counted as it is made
    assert throttle.reserve({"k": 3, "other": 3}) > 0
    assert throttle.reserve({"other": 3}) == 0  # a refused attempt counted against nothing
    throttle.succeeded("other")
    time.sleep(0.35)
    assert throttle.reserve({"k": 3}) == 0


def test_the_throttle_forgets_idle_keys_and_never_holds_more_than_its_bound() -> None:
    now = [1000.0]
    throttle = LoginThrottle(window=60, max_keys=1000, clock=lambda: now[0])
    for n in range(300):
        throttle.reserve({f"user-{n}|198.51.100.7": 5})
    assert len(throttle) == 300
    now[0] += 61  # every attempt has left the window
    throttle.reserve({"late|203.0.113.9": 5})
    assert len(throttle) == 1

    # A flood of made-up names within one window: the idlest keys go, the newest stay locked.
    for n in range(10_000):
        throttle.reserve({f"flood-{n}": 1})
    assert len(throttle) <= 1000
    assert throttle.reserve({"flood-9999": 1}) > 0  # the most recent key is still counted
