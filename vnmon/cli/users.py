"""`vnmon users`: the people who may use the web app and API, their roles and API keys."""

from __future__ import annotations

import sys

import click

from vnmon.auth.roles import Role
from vnmon.auth.store import UserStore
from vnmon.cli.common import reports_errors
from vnmon.cli.display import shown_time
from vnmon.kernel.settings import get_settings

_ROLES = click.Choice([r.value for r in Role], case_sensitive=False)


def _store() -> UserStore:
    return UserStore.for_data_dir(get_settings().data_dir)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@click.group("users")
def users() -> None:
    """Manage users and their API keys. Roles are jobs: analyst (search, saved searches), operator
    (sources, schedules, runs), reporter (an analyst who also gets the exports), admin (all)."""


@users.command("add")
@click.argument("username")
@click.option("--role", type=_ROLES, default="analyst", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@reports_errors
def add(username: str, role: str, password_stdin: bool) -> None:
    """Add a user (asks for the password twice unless --password-stdin)."""
    user = _store().add(username, _password(password_stdin), role)
    click.echo(f"added {user.username} ({user.role.value})")


@users.command("list")
@reports_errors
def list_users() -> None:
    """List users with their role and API keys."""
    found = _store().list_users()
    if not found:
        click.echo("no users (vnmon serve runs in local mode on 127.0.0.1 only)")
    for user in found:
        keys = ", ".join(f"{k.id} ({k.name})" for k in user.api_keys) or "-"
        created = shown_time(user.created_at)
        click.echo(f"{user.username:24} {user.role.value:9} created {created}  api keys: {keys}")


@users.command("remove")
@click.argument("username")
@reports_errors
def remove(username: str) -> None:
    """Remove a user, their sessions and API keys."""
    _store().remove(username)
    click.echo(f"removed {username}")


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=_ROLES)
@reports_errors
def set_role(username: str, role: str) -> None:
    """Change a user's role (ends their sessions)."""
    user = _store().set_role(username, role)
    click.echo(f"{user.username} is now {user.role.value}")


@users.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@reports_errors
def passwd(username: str, password_stdin: bool) -> None:
    """Set a user's password (ends their sessions)."""
    _store().set_password(username, _password(password_stdin))
    click.echo(f"password of {username} changed")


@users.group("apikey")
def apikey() -> None:
    """API keys for scripts: send as 'Authorization: ApiKey <key>' or 'X-API-Key: <key>'."""


@apikey.command("create")
@click.argument("username")
@click.option("--name", default="", help="A label to recognise the key by.")
@reports_errors
def create(username: str, name: str) -> None:
    """Create an API key acting as USERNAME; the key is printed once and stored only hashed."""
    key, info = _store().create_api_key(username, name)
    click.echo(f"API key {info.id} for {username} (shown once, store it now):", err=True)
    click.echo(key)


@apikey.command("revoke")
@click.argument("key_id")
@reports_errors
def revoke(key_id: str) -> None:
    """Revoke the API key with id KEY_ID (the part after 'vnmon_')."""
    owner = _store().revoke_api_key(key_id)
    click.echo(f"revoked API key {key_id} of {owner}")
