"""Users, their roles, password hashes and API keys, kept in one JSON file under VNMON_DATA_DIR.

A file, not an Elasticsearch index: logging in and `vnmon serve`'s refusal to bind a public
address without users must work before the cluster is set up or while it is away, and the
credentials stay readable only by the account that runs vnmon (mode 0600), not by everyone
who can query the cluster.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vnmon.auth.passwords import check_strength, hash_password, needs_rehash, verify_password
from vnmon.auth.roles import Role, parse_role
from vnmon.kernel.errors import VnmonError

USERS_FILE = "auth/users.json"
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
API_KEY_PREFIX = "vnmon"
_API_KEY = re.compile(rf"^{API_KEY_PREFIX}_([0-9a-f]{{12}})_([A-Za-z0-9_-]{{20,}})$")


def api_key_id(key: str) -> str | None:
    """The id part of an API key (what lists and revocations name), None when malformed."""
    match = _API_KEY.match(key.strip())
    return match.group(1) if match else None


class UserError(VnmonError):
    """A user or API key operation cannot be done (unknown user, taken name, weak password...)."""


class UnknownUserError(UserError):
    """No user of that name (the web app answers 404)."""


def same_user(first: str, second: str) -> bool:
    """Whether two spellings name the same user: names are case-insensitive everywhere."""
    return first.strip().lower() == second.strip().lower()


@dataclass(frozen=True)
class ApiKeyInfo:
    """An API key as listed: never the key itself, which is shown once at creation."""

    id: str
    name: str
    created_at: str


@dataclass(frozen=True)
class User:
    """A user as the rest of vnmon sees one (no password hash)."""

    username: str
    role: Role
    created_at: str
    session_epoch: int = 0
    api_keys: tuple[ApiKeyInfo, ...] = field(default=())


def users_path(data_dir: Path) -> Path:
    """Where the users file of an install lives."""
    return Path(data_dir) / USERS_FILE


class UserStore:
    """Read-modify-write access to the users file; safe across processes (file lock)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._cache: tuple[tuple[int, int], dict[str, Any]] | None = None

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> UserStore:
        return cls(users_path(data_dir))

    # -- reading ---------------------------------------------------------------------------------

    def has_users(self) -> bool:
        """Whether anyone can log in (auth is configured)."""
        return bool(self._read()["users"])

    def list_users(self) -> list[User]:
        return [_user(name, rec) for name, rec in sorted(self._read()["users"].items())]

    def get(self, username: str) -> User | None:
        rec = self._read()["users"].get(username.strip().lower())
        return _user(username.strip().lower(), rec) if rec else None

    def authenticate(self, username: str, password: str) -> User | None:
        """The user whose name and password these are, or None (same cost either way)."""
        name = username.strip().lower()
        rec = self._read()["users"].get(name)
        if rec is None:
            verify_password(_dummy_hash(), password)
            return None
        if not verify_password(rec["password_hash"], password):
            return None
        if needs_rehash(rec["password_hash"]):
            with self._editing() as data:
                data["users"][name]["password_hash"] = hash_password(password)
        return _user(name, rec)

    def user_for_api_key(self, key: str) -> User | None:
        """The owner of API key `key`, or None when it is malformed, unknown or revoked."""
        match = _API_KEY.match(key.strip())
        if not match:
            return None
        key_id, secret = match.groups()
        digest = _key_digest(secret)
        for name, rec in self._read()["users"].items():
            for entry in rec.get("api_keys", []):
                if entry["id"] == key_id and hmac.compare_digest(entry["sha256"], digest):
                    return _user(name, rec)
        return None

    # -- changing --------------------------------------------------------------------------------

    def add(self, username: str, password: str, role: Role | str) -> User:
        name = _valid_username(username)
        role = role if isinstance(role, Role) else _role(role)
        weak = check_strength(password)
        if weak:
            raise UserError(f"user {name}: {weak}")
        with self._editing() as data:
            if name in data["users"]:
                raise UserError(f"user {name} already exists in {self.path}")
            data["users"][name] = {
                "role": role.value,
                "password_hash": hash_password(password),
                "created_at": _now(),
                "session_epoch": 0,
                "api_keys": [],
            }
            return _user(name, data["users"][name])

    def remove(self, username: str) -> None:
        with self._editing() as data:
            name = self._existing(data, username)
            _keep_an_admin(data, name, "removed")
            del data["users"][name]

    def set_role(self, username: str, role: Role | str) -> User:
        role = role if isinstance(role, Role) else _role(role)
        with self._editing() as data:
            name = self._existing(data, username)
            if role is not Role.ADMIN:
                _keep_an_admin(data, name, f"made {role.value}")
            rec = data["users"][name]
            rec["role"] = role.value
            # Sessions carry no role, but end them anyway: a demotion takes effect at once.
            rec["session_epoch"] = rec.get("session_epoch", 0) + 1
            return _user(name, rec)

    def set_password(self, username: str, password: str) -> None:
        weak = check_strength(password)
        with self._editing() as data:
            name = self._existing(data, username)
            if weak:
                raise UserError(f"user {name}: {weak}")
            rec = data["users"][name]
            rec["password_hash"] = hash_password(password)
            rec["session_epoch"] = rec.get("session_epoch", 0) + 1

    def end_sessions(self, username: str) -> None:
        """Invalidate every session cookie issued to `username` so far (logout, compromise)."""
        with self._editing() as data:
            name = self._existing(data, username)
            rec = data["users"][name]
            rec["session_epoch"] = rec.get("session_epoch", 0) + 1

    def create_api_key(self, username: str, name: str = "") -> tuple[str, ApiKeyInfo]:
        """A new API key for `username`: `(key, info)`; the key is not stored, only its hash."""
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        info = ApiKeyInfo(id=key_id, name=name.strip() or key_id, created_at=_now())
        with self._editing() as data:
            user = self._existing(data, username)
            data["users"][user].setdefault("api_keys", []).append(
                {
                    "id": info.id,
                    "name": info.name,
                    "created_at": info.created_at,
                    "sha256": _key_digest(secret),
                }
            )
        return f"{API_KEY_PREFIX}_{key_id}_{secret}", info

    def revoke_api_key(self, key_id: str, username: str | None = None) -> str:
        """Revoke the key with id `key_id` (of `username` when given); returns its owner."""
        with self._editing() as data:
            for name, rec in data["users"].items():
                if username is not None and name != username.strip().lower():
                    continue
                keys = rec.get("api_keys", [])
                kept = [k for k in keys if k["id"] != key_id]
                if len(kept) != len(keys):
                    rec["api_keys"] = kept
                    return str(name)
        owner = f" of user {username}" if username else ""
        raise UserError(f"no API key with id {key_id!r}{owner} in {self.path}")

    # -- file handling ---------------------------------------------------------------------------

    def _existing(self, data: dict[str, Any], username: str) -> str:
        name = username.strip().lower()
        if name not in data["users"]:
            raise UnknownUserError(f"no user {name!r} in {self.path}")
        return name

    def _read(self) -> dict[str, Any]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return {"version": 1, "users": {}}
        stamp = (stat.st_mtime_ns, stat.st_size)
        if self._cache is not None and self._cache[0] == stamp:
            return self._cache[1]
        data = self._load()
        self._cache = (stamp, data)
        return data

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"version": 1, "users": {}}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UserError(f"users file {self.path} is unreadable: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("users"), dict):
            raise UserError(f"users file {self.path} has no 'users' object")
        return data

    @contextmanager
    def _editing(self) -> Iterator[dict[str, Any]]:
        """The file's data under an exclusive lock, written back atomically if no error occurs."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_suffix(".lock")
        with open(lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = self._load()
            yield data
            tmp = self.path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=2, sort_keys=True)
                out.flush()
                os.fsync(out.fileno())
            tmp.replace(self.path)
            self._cache = None


def _keep_an_admin(data: dict[str, Any], name: str, change: str) -> None:
    """Refuse a change that would leave users but no admin to manage them (checked under the file
    lock, so two admins demoting each other at once cannot both succeed). Removing the only user
    is allowed: the install is back to having no users."""
    admins = [n for n, rec in data["users"].items() if rec.get("role") == Role.ADMIN.value]
    others = set(data["users"]) - {name}
    if admins == [name] and (others or change != "removed"):
        raise UserError(f"user {name} is the last admin and cannot be {change}; make another admin first")


def _user(name: str, rec: dict[str, Any]) -> User:
    return User(
        username=name,
        role=Role(rec["role"]),
        created_at=rec.get("created_at", ""),
        session_epoch=int(rec.get("session_epoch", 0)),
        api_keys=tuple(
            ApiKeyInfo(id=k["id"], name=k.get("name", k["id"]), created_at=k.get("created_at", ""))
            for k in rec.get("api_keys", [])
        ),
    )


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so a wrong name costs as long as a wrong password."""
    return hash_password(secrets.token_urlsafe(16))


def _valid_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise UserError(
            f"invalid user name {username!r}: use 1-64 lowercase letters, digits, '.', '_', '@' or '-'"
        )
    return name


def _role(text: str) -> Role:
    try:
        return parse_role(text)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _key_digest(secret: str) -> str:
    # API key secrets are 256 random bits: a plain hash is enough, a KDF would only slow every call.
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
