"""Builds, starts, checks and stops the local Elasticsearch node that vnmon brings itself (`cluster.py`
runs several of them as one cluster)."""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from vnmon.kernel.errors import EsLocalError
from vnmon.kernel.settings import get_settings

HOST = "127.0.0.1"
MIN_JAVA = 21
# Where JDKs are looked for when JAVA_HOME does not hold one (Debian/Ubuntu layout).
JAVA_SEARCH_GLOBS: tuple[str, ...] = (
    "/usr/lib/jvm/*temurin-2[1-9]*",
    "/usr/lib/jvm/*temurin-[3-9][0-9]*",
    "/usr/lib/jvm/*-25*",
)
MAIN_CLASS = "vnmon.eslocal.Main"
PID_FILE = "es-local.pid"
CONSOLE_LOG = "es-local.out"
CLUSTER_FILE = "cluster.json"  # the layout of a local cluster (see cluster.py)
# Exit code of the launcher when the HTTP port is taken (see es-local Main.java).
_EXIT_PORT_TAKEN = 3
_JVM_FLAGS: tuple[str, ...] = (
    "-Des.set.netty.runtime.available.processors=false",
    "-Dio.netty.noUnsafe=true",
    "-Dio.netty.noKeySetOptimization=true",
    "-Dio.netty.recycler.maxCapacityPerThread=0",
    "-Dlog4j2.formatMsgNoLookups=true",
    "-Djava.awt.headless=true",
    "-Dfile.encoding=UTF-8",
    "--enable-native-access=ALL-UNNAMED",
    "--add-modules=jdk.incubator.vector",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
)
_HEAP = re.compile(r"^[1-9][0-9]*[kKmMgG]$")

_log = logging.getLogger(__name__)

# Nodes this Python process started, so that stopping one also reaps the child.
_children: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class NodeStatus:
    """What a running local node reports about itself."""

    url: str
    pid: int | None
    version: str
    cluster_status: str
    data_dir: Path | None


def es_local_dir() -> Path:
    """The `es-local/` Maven module next to the `indexer` package."""
    return Path(__file__).resolve().parents[2] / "es-local"


def default_data_dir() -> Path:
    """`$VNMON_DATA_DIR/es`: where the local node keeps indices, logs and its pid file."""
    return get_settings().data_dir / "es"


# --- finding the tools -------------------------------------------------------------------------


def _java_major(java_home: Path) -> int | None:
    """The major version of the JDK at `java_home`, from its `release` file or `java -version`."""
    release = java_home / "release"
    text = ""
    if release.is_file():
        text = release.read_text(encoding="utf-8", errors="replace")
        match = re.search(r'^JAVA_VERSION="(\d+)', text, re.MULTILINE)
        if match:
            return int(match.group(1))
    try:
        out = subprocess.run(
            [str(java_home / "bin" / "java"), "-version"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)', out.stderr + out.stdout)
    return int(match.group(1)) if match else None


def _java_candidates(java_home: str | None, search_globs: Sequence[str]) -> Iterator[Path]:
    if java_home:
        yield Path(java_home)
    for pattern in search_globs:
        # Newest first, so that Temurin 25 wins over an older 21 next to it.
        yield from (Path(p) for p in sorted(glob.glob(pattern), reverse=True))


def find_java(
    java_home: str | None = None,
    search_globs: Sequence[str] | None = None,
) -> Path:
    """The `java` executable of a JDK >= 21: `java_home` (default: $JAVA_HOME), then `search_globs`.

    Raises `EsLocalError` naming the JDK needed when none fits.
    """
    if java_home is None:
        java_home = os.environ.get("JAVA_HOME")
    globs = JAVA_SEARCH_GLOBS if search_globs is None else search_globs
    rejected: list[str] = []
    for home in _java_candidates(java_home, globs):
        java = home / "bin" / "java"
        if not (java.is_file() and os.access(java, os.X_OK)):
            rejected.append(f"{home} (no bin/java)")
            continue
        major = _java_major(home)
        if major is None or major < MIN_JAVA:
            rejected.append(f"{home} (Java {major or 'unknown'})")
            continue
        return java
    looked = "; ".join(rejected) if rejected else "nothing found in " + ", ".join(globs)
    raise EsLocalError(
        f"Java {MIN_JAVA}+ (e.g. Temurin 25) not found: set JAVA_HOME to a JDK {MIN_JAVA} or newer "
        f"(looked at: {looked})"
    )


def find_maven() -> Path:
    """The `mvn` executable (PATH, then /usr/bin/mvn); `EsLocalError` when Maven is missing."""
    found = shutil.which("mvn") or ("/usr/bin/mvn" if os.access("/usr/bin/mvn", os.X_OK) else None)
    if not found:
        raise EsLocalError(
            "Maven (mvn) not found: install Maven 3.8+ to build es-local/ (it fetches "
            "Elasticsearch from Maven Central)"
        )
    return Path(found)


# --- building ----------------------------------------------------------------------------------


def _source_hash(module: Path) -> str:
    """A hash of everything that shapes the build: the pom and every file under src/."""
    digest = hashlib.sha256()
    files = [module / "pom.xml", *sorted(p for p in (module / "src").rglob("*") if p.is_file())]
    for path in files:
        digest.update(str(path.relative_to(module)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _build_lock(target: Path) -> Iterator[None]:
    """One build at a time, across processes sharing this checkout."""
    target.mkdir(parents=True, exist_ok=True)
    with (target / ".build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _run_maven(module: Path, java: Path) -> None:
    env = {**os.environ, "JAVA_HOME": str(java.parent.parent)}
    cmd = [str(find_maven()), "-q", "-B", "package"]
    try:
        done = subprocess.run(
            cmd, cwd=module, env=env, capture_output=True, text=True, timeout=900, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise EsLocalError(f"building {module} with Maven took over 15 minutes") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-25:])
        raise EsLocalError(f"`mvn package` failed in {module} (exit {done.returncode}):\n{tail}")


def ensure_built(module: Path | None = None) -> Path:
    """The directory of jars to run the node from, building `es-local/` with Maven if needed.

    Each build is copied to `target/dist/<source hash>/`, so that a rebuild never swaps jars
    under a node that is running from the previous one.
    """
    module = module or es_local_dir()
    if not (module / "pom.xml").is_file():
        raise EsLocalError(f"{module / 'pom.xml'} not found: the es-local Maven module is missing")
    target = module / "target"
    dist = target / "dist" / _source_hash(module)
    ready = dist / ".complete"
    if ready.is_file():
        return dist
    with _build_lock(target):
        if ready.is_file():
            return dist
        _run_maven(module, find_java())
        jars = [target / "es-local.jar", *sorted((target / "lib").glob("*.jar"))]
        if not jars[0].is_file() or len(jars) < 2:
            raise EsLocalError(f"Maven ran but {target} holds no es-local.jar and lib/*.jar")
        staging = dist.with_name(dist.name + ".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for jar in jars:
            shutil.copy2(jar, staging / jar.name)
        shutil.rmtree(dist, ignore_errors=True)
        staging.rename(dist)
        ready.write_text(time.strftime("%Y-%m-%dT%H:%M:%S") + "\n")
        _prune_old_builds(dist)
    return dist


def _prune_old_builds(current: Path, keep: int = 2) -> None:
    """Drop all but the newest `keep` builds (~45 MB each).

    A node still running from a dropped build is unaffected: the JVM holds its jars open.
    """
    builds = sorted(
        (d for d in current.parent.iterdir() if d.is_dir() and d != current),
        key=lambda d: d.stat().st_mtime,
        reverse=True,
    )
    for old in builds[keep - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


# --- processes and HTTP ------------------------------------------------------------------------


def _url(port: int) -> str:
    return f"http://{HOST}:{port}"


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def _get_json(url: str, timeout: float = 2.0) -> dict[str, object] | None:
    """GET `url` and decode its JSON body; None when nothing sensible answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = json.loads(response.read().decode("utf-8"))
    except (OSError, urllib.error.URLError, ValueError):
        return None
    return body if isinstance(body, dict) else None


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie child counts as gone and is reaped)."""
    child = _children.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        _children.pop(pid, None)
        return False
    stat = Path(f"/proc/{pid}/stat")
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return False
    return fields[0] not in ("Z", "X")


def _is_our_node(pid: int, data_dir: Path) -> bool:
    """Whether `pid` is our launcher serving `data_dir` (guards against a recycled pid)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return MAIN_CLASS.encode() in argv and str(data_dir).encode() in argv


def _read_pid_file(data_dir: Path) -> tuple[int, int] | None:
    """(pid, port) of the node recorded in `data_dir`, if the record is readable."""
    try:
        pid_text, port_text = (data_dir / PID_FILE).read_text().split()[:2]
        return int(pid_text), int(port_text)
    except (OSError, ValueError):
        return None


def running_node(data_dir: Path) -> tuple[int, int] | None:
    """(pid, port) of our node on `data_dir` when it runs; clears a stale pid file."""
    record = _read_pid_file(data_dir)
    if record is None:
        return None
    pid = record[0]
    if _alive(pid) and _is_our_node(pid, data_dir):
        return record
    (data_dir / PID_FILE).unlink(missing_ok=True)
    return None


def _console_tail(data_dir: Path, lines: int = 15) -> str:
    try:
        text = (data_dir / CONSOLE_LOG).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


def _health(port: int) -> str | None:
    """The cluster's colour, or None when the node does not answer yet."""
    body = cluster_health(port)
    status = body.get("status") if body else None
    return status if isinstance(status, str) else None


def cluster_health(port: int) -> dict[str, object] | None:
    # No wait_for_status: a timed-out wait answers 408, which would read as "no answer".
    return _get_json(f"{_url(port)}/_cluster/health", 3.0)


class Readiness:
    """Decides when a starting node (or cluster of `nodes`) is usable: all its nodes joined, and
    yellow/green, or red once nothing is recovering.

    A node holding a broken index stays red for ever; refusing to start it would hide the
    index from the very tools that could delete it.
    """

    SETTLE_SECONDS = 5.0

    def __init__(self, ports: Sequence[int], nodes: int = 1) -> None:
        self.ports = list(ports)
        self.port = self.ports[0]
        self.nodes = nodes
        self.red_since: float | None = None

    def _answer(self) -> dict[str, object] | None:
        """The health of the first member that answers (one may still be starting, or dead)."""
        for port in self.ports:
            body = cluster_health(port)
            if body is not None:
                self.port = port
                return body
        return None

    def ready(self) -> bool:
        body = self._answer()
        status = body.get("status") if body else None
        joined = body.get("number_of_nodes") if body else None
        if not isinstance(joined, int) or joined < self.nodes:
            self.red_since = None
            return False
        if status in ("yellow", "green"):
            return True
        if status != "red" or body is None or body.get("initializing_shards"):
            self.red_since = None
            return False
        now = time.monotonic()
        if self.red_since is None:
            self.red_since = now
        if now - self.red_since < self.SETTLE_SECONDS:
            return False
        _log.warning("local Elasticsearch on port %s is up but red (a broken index?)", self.port)
        return True


# --- public API --------------------------------------------------------------------------------


def check_heap(heap: str) -> None:
    """`EsLocalError` unless `heap` is a JVM size such as 512m."""
    if not _HEAP.match(heap):
        raise EsLocalError(f"heap {heap!r} is not a JVM size such as 512m or 1g")


def version_of(port: int) -> str | None:
    """The Elasticsearch version answering on `port` ("unknown" if unsaid), None when none answers."""
    info = _get_json(f"{_url(port)}/")
    if info is None:
        return None
    version = info.get("version")
    number = version.get("number") if isinstance(version, dict) else None
    return str(number or "unknown")


def resolve_data_dir(data_dir: Path | None) -> Path:
    return (data_dir or default_data_dir()).expanduser().resolve()


def _java_command(
    java: Path, jars: Path, port: int, data_dir: Path, heap: str, extra: Sequence[str] = ()
) -> list[str]:
    return [
        str(java),
        f"-Xmx{heap}",
        f"-Xms{heap}",
        *_JVM_FLAGS,
        f"-XX:ErrorFile={data_dir / 'logs' / 'hs_err_pid%p.log'}",
        "-cp",
        f"{jars}/*",
        MAIN_CLASS,
        "--port",
        str(port),
        "--data",
        str(data_dir),
        *extra,
    ]


def launch(port: int, data_dir: Path, heap: str, extra: Sequence[str] = ()) -> subprocess.Popen[bytes]:
    """Start the launcher in the background on `data_dir` (its pid file records pid and port).

    `extra` are more launcher options (a cluster member's transport port and seed hosts).
    """
    jars = ensure_built()
    java = find_java()
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    with (data_dir / CONSOLE_LOG).open("ab") as console:
        process = subprocess.Popen(
            _java_command(java, jars, port, data_dir, heap, extra),
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            cwd=data_dir,
            # Its own session: Ctrl-C in the starting terminal must not kill the node.
            start_new_session=True,
        )
    _children[process.pid] = process
    (data_dir / PID_FILE).write_text(f"{process.pid} {port}\n")
    return process


def check_started(process: subprocess.Popen[bytes], port: int, data_dir: Path) -> None:
    """Raise `EsLocalError` (naming the port or the logs) when a starting node has exited."""
    code = process.poll()
    if code is None:
        return
    _children.pop(process.pid, None)
    (data_dir / PID_FILE).unlink(missing_ok=True)
    if code == _EXIT_PORT_TAKEN:
        said = [line for line in _console_tail(data_dir).splitlines() if "already in use" in line]
        taken = said[-1].split(" (", 1)[0] if said else f"port {port} on {HOST} is already in use"
        raise EsLocalError(f"{taken.removeprefix('es-local: ')}; choose another port")
    raise EsLocalError(
        f"local Elasticsearch exited with code {code} while starting; see "
        f"{data_dir / CONSOLE_LOG} and {data_dir / 'logs'}:\n{_console_tail(data_dir)}"
    )


def _wait_until_healthy(
    process: subprocess.Popen[bytes], port: int, data_dir: Path, timeout: float
) -> None:
    readiness = Readiness([port])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        check_started(process, port, data_dir)
        if readiness.ready():
            return
        time.sleep(0.25)
    terminate(process.pid, grace=10.0)
    (data_dir / PID_FILE).unlink(missing_ok=True)
    raise EsLocalError(
        f"local Elasticsearch on port {port} was not healthy within {timeout:.0f} s; see "
        f"{data_dir / 'logs' / 'es-local.log'}"
    )


def start(
    port: int = 9200,
    data_dir: Path | None = None,
    heap: str = "1g",
    timeout: float = 120.0,
) -> str:
    """Start the local node in the background and return its URL once the cluster is yellow/green
    (or settled red: a broken index must not keep the node from starting).

    Idempotent: when our node already serves `data_dir` on `port`, returns its URL. Raises
    `EsLocalError` when the port is taken by something else, Java/Maven are missing, or the
    node fails to come up (the message points at its logs).
    """
    check_heap(heap)
    data_dir = resolve_data_dir(data_dir)
    if (data_dir / CLUSTER_FILE).is_file():
        raise EsLocalError(
            f"{data_dir} holds a local cluster (cluster.json); start it with --nodes, or use another --data"
        )
    running = running_node(data_dir)
    if running is not None:
        pid, running_port = running
        if running_port != port:
            raise EsLocalError(
                f"a local node (pid {pid}) already serves {data_dir} on port {running_port}, "
                f"not {port}; stop it first with `vnmon es stop`"
            )
        _wait_until_up(pid, port, data_dir, timeout)
        return _url(port)
    if not port_is_free(port):
        raise EsLocalError(
            f"port {port} on {HOST} is already in use by another process; choose another --port"
        )
    process = launch(port, data_dir, heap)
    _wait_until_healthy(process, port, data_dir, timeout)
    return _url(port)


def _wait_until_up(pid: int, port: int, data_dir: Path, timeout: float) -> None:
    """Wait for an already running node (possibly still starting) to become healthy."""
    readiness = Readiness([port])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            raise EsLocalError(f"local node (pid {pid}) on {data_dir} exited while starting")
        if readiness.ready():
            return
        time.sleep(0.25)
    raise EsLocalError(f"local node (pid {pid}) on port {port} is running but not healthy")


def status(port: int | None = None, data_dir: Path | None = None) -> NodeStatus | None:
    """The running node's status, or None when nothing answers.

    The port defaults to the one recorded for `data_dir`, else 9200; a cluster on that port
    that vnmon did not start is reported too (with `pid` None).
    """
    data_dir = resolve_data_dir(data_dir)
    running = running_node(data_dir)
    pid: int | None = None
    if running is not None and port in (None, running[1]):
        pid, port = running
    port = port or 9200
    version = version_of(port)
    health = _health(port)
    if version is None or health is None:
        return None
    return NodeStatus(
        url=_url(port),
        pid=pid,
        version=version,
        cluster_status=health,
        data_dir=data_dir if pid is not None else None,
    )


def terminate(pid: int, grace: float) -> None:
    """SIGTERM, wait up to `grace` seconds, then SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    child = _children.pop(pid, None)
    if child is not None:
        child.wait(timeout=10)


def stop(data_dir: Path | None = None, timeout: float = 60.0) -> bool:
    """Stop our node on `data_dir` (SIGTERM; its data stays). False when none was running."""
    data_dir = resolve_data_dir(data_dir)
    running = running_node(data_dir)
    if running is None:
        return False
    terminate(running[0], grace=timeout)
    (data_dir / PID_FILE).unlink(missing_ok=True)
    return True
