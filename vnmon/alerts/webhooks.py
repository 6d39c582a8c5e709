"""Refuses webhook URLs that point into the machine or its private network (for users of the web UI)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from vnmon.alerts.errors import AlertError


def check_public_webhook(url: str) -> None:
    """AlertError unless every address `url`'s host resolves to is public.

    An analyst's webhook is POSTed to by the alerts runner on this machine: aimed at loopback or a
    private address it would reach Elasticsearch or other internal services. (Operators set such
    URLs from the command line, which does not call this.)
    """
    host = urlsplit(url).hostname
    if not host:
        raise AlertError(f"webhook {url!r} has no host name")
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise AlertError(f"webhook host {host!r} does not resolve: {exc}") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            raise AlertError(
                f"webhook host {host!r} is {address}, a loopback, private or reserved address; "
                "only an operator can set such a webhook (vnmon alerts save --webhook)"
            )
