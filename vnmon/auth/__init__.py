"""Who may use vnmon's web app and API: users, roles and permissions, API keys, sessions."""

from __future__ import annotations

from vnmon.auth.passwords import hash_password, verify_password
from vnmon.auth.roles import ROLE_PERMISSIONS, Permission, Role, allows, parse_role
from vnmon.auth.sessions import Session, SessionSigner, anonymous_session, load_secret
from vnmon.auth.store import ApiKeyInfo, User, UserError, UserStore, users_path

__all__ = [
    "ROLE_PERMISSIONS",
    "ApiKeyInfo",
    "Permission",
    "Role",
    "Session",
    "SessionSigner",
    "User",
    "UserError",
    "UserStore",
    "allows",
    "anonymous_session",
    "hash_password",
    "load_secret",
    "parse_role",
    "users_path",
    "verify_password",
]
