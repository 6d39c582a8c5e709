"""Running measured child processes (wall time, CPU, peak RSS) and a private local ES node."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
WORK = Path(os.environ.get("VNMON_BENCH_WORK", "/tmp/vnmon-bench"))


@dataclass(frozen=True)
class ChildRun:
    """What one child process did: output, exit code, wall seconds, CPU seconds, peak RSS in MB."""

    stdout: str
    returncode: int
    wall: float
    cpu: float
    peak_rss_mb: float


def run_child(
    command: Sequence[str], env: dict[str, str] | None = None, log: Path | None = None, timeout: float = 3600
) -> ChildRun:
    """Run `command` to completion; its own rusage (not its siblings') gives CPU and peak RSS."""
    started = time.perf_counter()
    with open(log or os.devnull, "wb") as err:
        process = subprocess.Popen(list(command), cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=err)
        killer = threading.Timer(timeout, process.kill)  # a hung run must not hang the bench
        killer.start()
        assert process.stdout is not None
        out = process.stdout.read().decode("utf-8", errors="replace")
        # reap it ourselves: wait4 gives this child's own rusage
        _, status, usage = os.wait4(process.pid, 0)
        killer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    return ChildRun(out, process.returncode, wall, _cpu(usage), _rss_mb(usage))


def _cpu(usage: Any) -> float:
    return round(usage.ru_utime + usage.ru_stime, 2) if usage else 0.0


def _rss_mb(usage: Any) -> float:
    return round(usage.ru_maxrss / 1024, 1) if usage else 0.0


def vnmon_env(es_url: str, prefix: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        VNMON_ES_URL=es_url,
        VNMON_INDEX_PREFIX=prefix,
        VNMON_DATA_DIR=str(data_dir),
        PYTHONPATH=str(REPO),
        **extra,
    )
    return env


def python() -> str:
    return sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


NODE_PIDS: dict[str, int] = {}  # URL -> pid of the local nodes started by local_node()


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def cpu_meter(pids: dict[str, int]) -> Iterator[dict[str, float]]:
    """CPU seconds each named process used inside the block, and the load average at its end
    (the machine is shared: a high load says the wall-clock figures were squeezed)."""
    before = {name: process_cpu(pid) for name, pid in pids.items()}
    used: dict[str, float] = {}
    yield used
    for name, pid in pids.items():
        used[f"{name}_cpu_seconds"] = round(process_cpu(pid) - before[name], 2)
    used["load_average_1m"] = round(os.getloadavg()[0], 2)


@contextmanager
def local_node(heap: str = "1g", name: str = "es") -> Iterator[str]:
    """The real local ES node on a free port with its own data dir, deleted afterwards."""
    from vnmon.es_local import node as es_local

    data_dir = WORK / f"{name}-{os.getpid()}"
    shutil.rmtree(data_dir, ignore_errors=True)
    url = es_local.start(port=free_port(), data_dir=data_dir, heap=heap, timeout=240)
    NODE_PIDS[url] = int((data_dir / es_local.PID_FILE).read_text().split()[0])
    try:
        yield url
    finally:
        NODE_PIDS.pop(url, None)
        es_local.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


def med(values: Sequence[float]) -> float:
    return round(median(values), 2) if values else float("nan")


def save(section: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{section}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    return path
