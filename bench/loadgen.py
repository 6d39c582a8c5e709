"""Measures the bench world server alone: a minimal keep-alive HTTP client fetching article URLs.

Run as `python -m bench.loadgen URLS_FILE [--connections N]` (a process of its own, so the
client's CPU is not the server's); prints one JSON line with pages/s and MB/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from urllib.parse import urlsplit


async def _worker(queue: asyncio.Queue[str], totals: list[int]) -> None:
    connections: dict[tuple[str, int], tuple[asyncio.StreamReader, asyncio.StreamWriter]] = {}
    while True:
        try:
            url = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        parts = urlsplit(url)
        key = (parts.hostname or "", parts.port or 80)
        if key not in connections:
            connections[key] = await asyncio.open_connection(*key)
        reader, writer = connections[key]
        writer.write(f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
        body = await reader.readexactly(length)
        totals[0] += 1
        totals[1] += len(body)
    for _, writer in connections.values():
        writer.close()


async def fetch_all(urls: list[str], connections: int) -> dict[str, float]:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    totals = [0, 0]
    started = time.perf_counter()
    await asyncio.gather(*(_worker(queue, totals) for _ in range(connections)))
    elapsed = time.perf_counter() - started
    return {
        "pages": totals[0],
        "seconds": round(elapsed, 3),
        "pages_per_second": round(totals[0] / elapsed, 1),
        "mb_per_second": round(totals[1] / elapsed / 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", type=Path)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    urls = args.urls.read_text().split()
    print(json.dumps(asyncio.run(fetch_all(urls, args.connections))))


if __name__ == "__main__":
    main()
