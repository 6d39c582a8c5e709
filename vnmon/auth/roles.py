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
    """A user's role: what their job is. Roles are not ranked; each grants its own permissions."""

    ANALYST = "analyst"  # searches the archive, keeps saved searches and alerts
    OPERATOR = "operator"  # runs the crawl: sources, schedules, runs
    REPORTER = "reporter"  # an analyst who also publishes the weekly exports
    ADMIN = "admin"  # everything, and user administration


_ANALYST = frozenset({Permission.SEARCH, Permission.SAVED_SEARCHES, Permission.ACCOUNT})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ANALYST: _ANALYST,
    Role.OPERATOR: frozenset({Permission.CRAWLS, Permission.ACCOUNT}),
    Role.REPORTER: _ANALYST | {Permission.EXPORTS},
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
