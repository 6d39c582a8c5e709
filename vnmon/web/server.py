"""Runs the web app with uvicorn, refusing to expose it beyond this machine without users."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING

from vnmon.auth.store import UserStore
from vnmon.kernel.errors import VnmonError
from vnmon.kernel.settings import Settings, get_settings

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI


class UnsafeBindError(VnmonError):
    """`vnmon serve` was asked for a non-loopback address while no user exists."""


def is_loopback_host(host: str) -> bool:
    """Whether `host` (an address or a name) resolves only to loopback addresses."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    if host.lower() == "localhost":
        return True
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def check_bind(host: str, users: UserStore) -> bool:
    """Whether the app runs in local mode (loopback, no users); raises when the bind is unsafe."""
    if users.has_users():
        return False
    if not is_loopback_host(host):
        raise UnsafeBindError(
            f"refusing to serve on {host}: no users exist in {users.path}, so anyone who can reach "
            "this address would get full access. Add one with `vnmon users add NAME --role admin`, "
            "or serve on 127.0.0.1"
        )
    return True


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: Settings | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the app until interrupted (blocking)."""
    import uvicorn

    from vnmon.web.app import create_app

    settings = settings or get_settings()
    users = UserStore.for_data_dir(settings.data_dir)
    local = check_bind(host, users)
    if local:
        say(
            f"local mode: no users in {users.path}, so browsers on this machine act as admin; "
            "add a user (`vnmon users add`) to require logins"
        )
    shown = f"[{host}]" if ":" in host else host
    say(f"vnmon web on http://{shown}:{port}/")
    uvicorn.Server(server_config(create_app(settings, local_admin=local), host, port, settings)).run()


def server_config(app: FastAPI, host: str, port: int, settings: Settings) -> uvicorn.Config:
    """uvicorn's configuration of the app. Forwarded headers are believed only from the proxies
    named in VNMON_TRUSTED_PROXIES (uvicorn's own default trusts any process on this machine, so a
    client could pick its address for the login throttle by sending X-Forwarded-For)."""
    import uvicorn

    proxies = [p.strip() for p in settings.trusted_proxies.split(",") if p.strip()]
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
    )
