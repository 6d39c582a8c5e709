"""Serves the bench world from a child process: a lean asyncio HTTP/1.1 server on 127.0.0.N.

The crawler must not share its interpreter with the server (on 2 cores the GIL would make the
server part of what is measured), so `WorldServer` runs `python -m bench.server` as a child,
waits for its "ready" line and stops it on exit. Keep-alive, Content-Length, GET and HEAD only:
no chunking, no compression, nothing that costs CPU per byte.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from bench.site import BenchSite, Reply
from bench.world import BenchWorld, load_templates

_STATUS = {200: b"OK", 404: b"Not Found"}
_MAX_HEAD = 16384


class _HttpProtocol(asyncio.Protocol):
    def __init__(self, site: BenchSite, counter: list[int]) -> None:
        self.site = site
        self.counter = counter
        self.buffer = b""
        self.host = ""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.host = transport.get_extra_info("sockname")[0]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > _MAX_HEAD and self.transport is not None:
                    self.transport.close()
                return
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            self._answer(head)

    def _answer(self, head: bytes) -> None:
        assert self.transport is not None
        request_line = head.split(b"\r\n", 1)[0].split(b" ")
        if len(request_line) != 3:
            self.transport.close()
            return
        method, target = request_line[0], request_line[1].decode("latin-1")
        reply: Reply = self.site.respond(self.host, target)
        self.counter[0] += 1
        closing = b"connection: close" in head.lower()
        headers = b"HTTP/1.1 %d %s\r\nServer: bench\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n" % (
            reply.status,
            _STATUS.get(reply.status, b"Status"),
            reply.content_type,
            len(reply.body),
            b"Connection: close\r\n" if closing else b"",
        )
        self.transport.write(headers + reply.body if method != b"HEAD" else headers)
        if closing:
            self.transport.close()


async def _serve(world: BenchWorld, ready: Path | None) -> None:
    site = BenchSite(world, load_templates())
    counter = [0]
    loop = asyncio.get_running_loop()
    servers = []
    port = world.port
    for outlet in world.outlet_list:
        server = await loop.create_server(
            lambda: _HttpProtocol(site, counter), outlet.host, port, reuse_address=True, backlog=1024
        )
        port = server.sockets[0].getsockname()[1]
        servers.append(server)
    world.port = port
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    line = json.dumps({"ready": True, **world.describe()})
    if ready is not None:
        ready.write_text(line)
    print(line, flush=True)
    await stop.wait()
    for server in servers:
        server.close()
    print(json.dumps({"requests": counter[0]}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlets", type=int, default=25)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--vietnam-share", type=float, default=0.5)
    parser.add_argument("--ready-file", type=Path)
    args = parser.parse_args()
    world = BenchWorld(args.outlets, args.articles, args.port, args.vietnam_share)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(world, args.ready_file))


def _free_on(hosts: list[str], port: int) -> bool:
    try:
        for host in hosts:
            with socket.socket() as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind((host, port))
    except OSError:
        return False
    return True


def free_port(hosts: list[str]) -> int:
    """A port free on every one of `hosts` right now."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind((hosts[0], 0))
            port = int(probe.getsockname()[1])
        if _free_on(hosts, port):
            return port
    raise RuntimeError(f"no port free on all of {hosts[0]}..{hosts[-1]}")


class WorldServer:
    """The bench world served by a child process; `.world` knows its URLs once started."""

    def __init__(self, outlets: int, articles: int, vietnam_share: float = 0.5, port: int = 80) -> None:
        # Port 80 by default: news-please derives Scrapy's allowed_domains from the URL with its
        # port, and Scrapy ignores domains with ports (every page is then "offsite").
        self.wanted_port = port
        self.world = BenchWorld(outlets, articles, 0, vietnam_share)
        self.process: subprocess.Popen[str] | None = None
        self.cpu_seconds = 0.0
        self.requests = 0

    def start(self, timeout: float = 180.0) -> BenchWorld:
        hosts = [o.host for o in self.world.outlet_list]
        self.world.port = self.wanted_port if _free_on(hosts, self.wanted_port) else free_port(hosts)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.server", *self._arguments()],
            cwd=Path(__file__).resolve().parent.parent,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        line = self.process.stdout.readline()
        if not line or time.monotonic() > deadline:
            raise RuntimeError(f"bench world server exited before it was ready (code {self.process.poll()})")
        self.world = BenchWorld.from_description(json.loads(line))
        return self.world

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError("the bench world server is not running")
        return self.process.pid

    def _arguments(self) -> list[str]:
        world = self.world
        return [
            *("--outlets", str(world.outlets), "--articles", str(world.articles)),
            *("--port", str(world.port), "--vietnam-share", str(world.vietnam_share)),
        ]

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        assert self.process.stdout is not None
        tail = self.process.stdout.read()
        _, _, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = 0
        self.cpu_seconds = usage.ru_utime + usage.ru_stime
        for line in tail.splitlines():
            with contextlib.suppress(ValueError):
                self.requests = int(json.loads(line).get("requests", 0))
        self.process = None

    def __enter__(self) -> BenchWorld:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


if __name__ == "__main__":
    main()
