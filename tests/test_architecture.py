"""The dependency rules of ARCHITECTURE.md, checked on the project's own imports (read with ast)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("crawler", "indexer", "vnmon")
# What each room may import of the project besides itself (ARCHITECTURE.md, "Direction").
KERNEL = "vnmon.kernel"
COLLECTING = "crawler"
STORING = "indexer"
APPLICATIONS = (
    "vnmon.cli",
    "vnmon.web",
    "vnmon.auth",
    "vnmon.alerts",
    "vnmon.exports",
    "vnmon.notify",
    "vnmon.scheduling",
    "vnmon.operations",
    "vnmon.demo",
    "vnmon.es_local",
)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(module: str, path: Path) -> Iterator[str]:
    """The project modules `module` imports, anywhere in it (inside functions too)."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            base = module.split(".") if is_package else module.split(".")[:-1]
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            submodules = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
            if submodules:  # `from package import submodule` depends on the submodule only
                yield from submodules
            elif target in MODULES:
                yield target


GRAPH = {m: {t for t in _imported(m, p) if t != m} for m, p in MODULES.items()}


def room(module: str) -> str:
    """The room of a module: `crawler`, `indexer`, or `vnmon.<room>`."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "vnmon" and len(parts) > 1 else parts[0]


def _arrows(source_room: str) -> set[tuple[str, str]]:
    return {(m, t) for m, targets in GRAPH.items() if room(m) == source_room for t in targets}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_module_belongs_to_a_room_the_architecture_names() -> None:
    rooms = {room(m) for m in MODULES} - {"vnmon"}
    assert rooms <= {KERNEL, COLLECTING, STORING, *APPLICATIONS}


def test_the_kernel_imports_nothing_of_the_project_outside_itself() -> None:
    assert {(m, t) for m, t in _arrows(KERNEL) if room(t) != KERNEL} == set()


def test_the_crawler_imports_only_the_index_side_and_the_kernel() -> None:
    allowed = {COLLECTING, STORING, KERNEL}
    assert {(m, t) for m, t in _arrows(COLLECTING) if room(t) not in allowed} == set()


def test_the_index_side_imports_only_the_kernel() -> None:
    allowed = {STORING, KERNEL}
    assert {(m, t) for m, t in _arrows(STORING) if room(t) not in allowed} == set()


def test_no_module_imports_the_cli() -> None:
    assert {(m, t) for m, ts in GRAPH.items() for t in ts if room(t) == "vnmon.cli" != room(m)} == set()


def test_no_import_cycle_between_modules() -> None:
    assert _cycles(GRAPH) == []


def test_no_import_cycle_between_rooms() -> None:
    rooms: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        rooms.setdefault(room(module), set()).update(room(t) for t in targets if room(t) != room(module))
    assert _cycles(rooms) == []


def test_no_project_module_is_imported_by_name_string() -> None:
    offenders = []
    for module, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if any(probe in text for probe in ("import_module(", "__import__(", "import entry_points")):
            offenders.append(module)
    assert offenders == []


def test_the_web_app_and_the_search_side_load_no_crawl_stack() -> None:
    # They deploy without Scrapy and Twisted (ARCHITECTURE.md): importing them must not load either.
    probe = (
        "import sys, vnmon.web.app, indexer.search, vnmon.exports, vnmon.alerts\n"
        "print(sorted(m for m in ('scrapy', 'twisted') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"
