"""Roles and the permissions each one grants: the single table every access decision reads."""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    """One thing a route lets a caller do; every route declares exactly one."""

    SEARCH = "search"  # search, facets, article view, archived copy
    SAVED_SEARCHES = "saved_searches"  # own saved searches and alerts
    ACCOUNT = "account"  # own account: log out, own API keys
    CRAWLS = "crawls"  # crawls, schedules, source health
    EXPORTS = "exports"  # report exports
    USERS = "users"  # user administration


class Role(StrEnum):
    """A user's role; each adds permissions to the one before it (issue 4)."""

    ANALYST = "analyst"
    OPERATOR = "operator"
    REPORTER = "reporter"
    ADMIN = "admin"


_ANALYST = frozenset({Permission.SEARCH, Permission.SAVED_SEARCHES, Permission.ACCOUNT})
_OPERATOR = _ANALYST | {Permission.CRAWLS}
_REPORTER = _OPERATOR | {Permission.EXPORTS}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ANALYST: _ANALYST,
    Role.OPERATOR: _OPERATOR,
    Role.REPORTER: _REPORTER,
    Role.ADMIN: frozenset(Permission),
}


def allows(role: Role, permission: Permission) -> bool:
    """Whether `role` grants `permission`; unknown combinations are denied."""
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def parse_role(text: str) -> Role:
    """The role named `text` (case-insensitive); ValueError lists the valid names."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValueError(f"unknown role {text!r}: choose one of {names}") from None
