"""A local Elasticsearch cluster of several nodes on loopback: one process and data directory each.

Every member is master-eligible and holds data, so a three-node cluster keeps working, with a
replica of every index that asks for one, when any one member dies. The layout (cluster name,
node names, HTTP and transport ports) is written to `cluster.json` in the cluster's directory, so
that starting again (after a member was killed, or after `stop`) brings back the same cluster.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from vnmon.es_local import node
from vnmon.kernel.errors import EsLocalError

CLUSTER_FILE = node.CLUSTER_FILE
# Default transport port of member i: its HTTP port plus this.
TRANSPORT_OFFSET = 100
MAX_NODES = 9


@dataclass(frozen=True)
class Member:
    """One node of the local cluster."""

    name: str
    http_port: int
    transport_port: int
    data_dir: Path

    @property
    def url(self) -> str:
        return f"http://{node.HOST}:{self.http_port}"


@dataclass(frozen=True)
class Layout:
    """The cluster's name and members, as recorded in `cluster.json`."""

    name: str
    members: tuple[Member, ...]

    @property
    def urls(self) -> str:
        """Every member's URL, comma-separated: the value for VNMON_ES_URL."""
        return ",".join(m.url for m in self.members)


@dataclass(frozen=True)
class MemberState:
    member: Member
    pid: int | None  # None: not running


@dataclass(frozen=True)
class ClusterStatus:
    """What the local cluster reports: its colour and size (None/0 when no member answers)."""

    layout: Layout
    members: tuple[MemberState, ...]
    health: str | None
    nodes: int
    version: str


def contiguous(port: int, nodes: int) -> list[int]:
    """`nodes` ports from `port` on, e.g. 9200, 9201, 9202."""
    if not 1 <= nodes <= MAX_NODES:
        raise EsLocalError(f"--nodes must be 1 to {MAX_NODES}, got {nodes}")
    if port + nodes - 1 > 65535:
        raise EsLocalError(f"ports {port} to {port + nodes - 1} do not all exist; choose a lower --port")
    return list(range(port, port + nodes))


def is_cluster(data_dir: Path | None = None) -> bool:
    """Whether `data_dir` (default `$VNMON_DATA_DIR/es`) holds a local cluster's layout."""
    return (node.resolve_data_dir(data_dir) / CLUSTER_FILE).is_file()


def plan(root: Path, http_ports: Sequence[int], transport_ports: Sequence[int]) -> Layout:
    """The layout of a cluster in `root`: members `node-1`… in `root/node-1`…"""
    if len(http_ports) != len(transport_ports) or len(http_ports) < 2:
        raise EsLocalError("a cluster needs at least 2 nodes, each with an HTTP and a transport port")
    taken = [*http_ports, *transport_ports]
    doubled = sorted({p for p in taken if taken.count(p) > 1})
    if doubled:
        raise EsLocalError(f"port {doubled[0]} is given twice; every node needs its own two ports")
    # A name of its own, so that this cluster never merges with another one on the same machine.
    name = "vnmon-local-" + hashlib.sha256(str(root).encode()).hexdigest()[:8]
    members = tuple(
        Member(f"node-{i}", http, transport, root / f"node-{i}")
        for i, (http, transport) in enumerate(zip(http_ports, transport_ports, strict=True), start=1)
    )
    return Layout(name, members)


def load(root: Path) -> Layout | None:
    """The layout recorded in `root`, or None when none is."""
    try:
        raw = json.loads((root / CLUSTER_FILE).read_text(encoding="utf-8"))
        members = tuple(
            Member(m["name"], int(m["http_port"]), int(m["transport_port"]), Path(m["data_dir"]))
            for m in raw["members"]
        )
        return Layout(str(raw["name"]), members)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EsLocalError(f"{root / CLUSTER_FILE} is unreadable ({exc}); remove it to lay out anew") from exc


def _save(root: Path, layout: Layout) -> None:
    members = [{**asdict(m), "data_dir": str(m.data_dir)} for m in layout.members]
    text = json.dumps({"name": layout.name, "members": members}, indent=2) + "\n"
    (root / CLUSTER_FILE).write_text(text, encoding="utf-8")


def _same_ports(a: Layout, b: Layout) -> bool:
    return [(m.http_port, m.transport_port) for m in a.members] == [
        (m.http_port, m.transport_port) for m in b.members
    ]


def _layout_for(
    root: Path, http_ports: Sequence[int] | None, transport_ports: Sequence[int] | None
) -> Layout:
    recorded = load(root)
    if http_ports is None:
        if recorded is None:
            raise EsLocalError(f"{root} holds no local cluster yet: give the number of nodes (--nodes)")
        return recorded
    wanted = plan(root, http_ports, transport_ports or [p + TRANSPORT_OFFSET for p in http_ports])
    if recorded is not None and not _same_ports(recorded, wanted):
        shape = ", ".join(f"{m.name} on {m.http_port}/{m.transport_port}" for m in recorded.members)
        raise EsLocalError(
            f"{root} already holds a {len(recorded.members)}-node cluster ({shape}); start it with "
            "the same --nodes and --port, or stop it and use another --data"
        )
    return recorded or wanted


def member_pid(member: Member) -> int | None:
    """The pid of `member` while it runs (our launcher on its data directory), else None."""
    running = node.running_node(member.data_dir)
    return running[0] if running else None


def _check_ports(member: Member) -> None:
    for port in (member.http_port, member.transport_port):
        if not node.port_is_free(port):
            raise EsLocalError(
                f"port {port} on {node.HOST} ({member.name}) is already in use by another process; "
                "choose another --port"
            )


def _launch_member(layout: Layout, member: Member, heap: str) -> subprocess.Popen[bytes]:
    seeds = ",".join(f"{node.HOST}:{m.transport_port}" for m in layout.members)
    extra = [
        "--cluster-name", layout.name,
        "--node-name", member.name,
        "--transport-port", str(member.transport_port),
        "--seed-hosts", seeds,
    ]  # fmt: skip
    if not (member.data_dir / "data").is_dir():
        # A brand-new member votes on the first master; one that has joined before must not.
        extra += ["--initial-masters", ",".join(m.name for m in layout.members)]
    member.data_dir.mkdir(parents=True, exist_ok=True)
    return node.launch(member.http_port, member.data_dir, heap, extra)


def start(
    data_dir: Path | None = None,
    http_ports: Sequence[int] | None = None,
    transport_ports: Sequence[int] | None = None,
    heap: str = "512m",
    timeout: float = 180.0,
) -> str:
    """Start every member of the local cluster that is not running and return the members' URLs
    (comma-separated, for VNMON_ES_URL) once all of them have joined and it is yellow/green.

    Without ports, the layout recorded in `data_dir` is used (bringing back a killed member);
    transport ports default to the HTTP ports plus 100. Raises `EsLocalError` when a port is
    taken, the directory holds another layout or a single node, or the cluster does not form.
    """
    node.check_heap(heap)
    root = node.resolve_data_dir(data_dir)
    if node.running_node(root) is not None:
        raise EsLocalError(f"a single local node runs on {root}; stop it first or use another --data")
    layout = _layout_for(root, http_ports, transport_ports)
    root.mkdir(parents=True, exist_ok=True)
    _save(root, layout)
    missing = [m for m in layout.members if member_pid(m) is None]
    for member in missing:
        _check_ports(member)
    started: dict[Member, subprocess.Popen[bytes]] = {}
    try:
        for member in missing:
            started[member] = _launch_member(layout, member, heap)
        _wait_until_formed(layout, started, timeout)
    except BaseException:
        for process in started.values():
            node.terminate(process.pid, grace=10.0)
        raise
    return layout.urls


def _wait_until_formed(
    layout: Layout, started: dict[Member, subprocess.Popen[bytes]], timeout: float
) -> None:
    members = layout.members
    readiness = node.Readiness([m.http_port for m in members], nodes=len(members))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for member, process in started.items():
            node.check_started(process, member.http_port, member.data_dir)
        if readiness.ready():
            return
        time.sleep(0.25)
    joined = [m.name for m in members if node.cluster_health(m.http_port) is not None]
    raise EsLocalError(
        f"local cluster {layout.name} did not form within {timeout:.0f} s "
        f"(answering: {', '.join(joined) or 'none'}); see the logs under "
        f"{members[0].data_dir.parent}/node-*/logs"
    )


def status(data_dir: Path | None = None) -> ClusterStatus | None:
    """The local cluster's members and health; None when `data_dir` holds no cluster."""
    root = node.resolve_data_dir(data_dir)
    layout = load(root)
    if layout is None:
        return None
    states = tuple(MemberState(m, member_pid(m)) for m in layout.members)
    health: str | None = None
    nodes = 0
    version = "unknown"
    for state in states:
        body = node.cluster_health(state.member.http_port) if state.pid else None
        if body is None:
            continue
        colour, joined = body.get("status"), body.get("number_of_nodes")
        health = colour if isinstance(colour, str) else None
        nodes = joined if isinstance(joined, int) else 0
        version = node.version_of(state.member.http_port) or version
        break
    return ClusterStatus(layout, states, health, nodes, version)


def stop(data_dir: Path | None = None, timeout: float = 60.0) -> bool:
    """Stop every running member (SIGTERM to all at once; data stays). False when none ran."""
    root = node.resolve_data_dir(data_dir)
    layout = load(root)
    if layout is None:
        return False
    pids = [pid for pid in (member_pid(m) for m in layout.members) if pid is not None]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    for pid in pids:
        node.terminate(pid, grace=timeout)
    for member in layout.members:
        (member.data_dir / node.PID_FILE).unlink(missing_ok=True)
    return bool(pids)
