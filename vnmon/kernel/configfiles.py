"""Finding and reading the YAML files under config/ (lexicon, gazetteer, topics)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

# Copies of config/*.yaml inside the package (links in the repository, files in a wheel): an
# installed vnmon finds its lexicon, gazetteer and topics wherever it runs.
PACKAGED = Path(__file__).resolve().parent / "defaults"


def config_file(configured: Path | None, name: str) -> Path:
    """`configured` (a VNMON_* setting) if set, else config/`name` of the repository, of the working
    directory, or the copy shipped in the package, whichever comes first."""
    if configured is not None:
        return configured
    in_working_dir = Path("config") / name
    for candidate in (Path(__file__).resolve().parents[2] / "config" / name, in_working_dir, PACKAGED / name):
        if candidate.is_file():
            return candidate
    return _unzipped_default(name) or in_working_dir


def _unzipped_default(name: str) -> Path | None:
    """The packaged copy of `name` when the package runs from a zip (a Scrapyd egg): every default
    is written once to a directory named after their content, so files read beside each other
    (places.yaml and places-names.yaml) stay together."""
    defaults = files("vnmon.kernel").joinpath("defaults")
    if not defaults.joinpath(name).is_file():
        return None
    contents = {e.name: e.read_bytes() for e in defaults.iterdir() if e.name.endswith(".yaml")}
    digest = hashlib.sha256(b"".join(n.encode() + b"\0" + data for n, data in sorted(contents.items())))
    target = Path(tempfile.gettempdir()) / f"vnmon-defaults-{digest.hexdigest()[:16]}"
    if not (target / name).is_file():
        target.mkdir(parents=True, exist_ok=True)
        for entry, data in contents.items():
            partial = target / f".{entry}.{os.getpid()}"
            partial.write_bytes(data)
            partial.replace(target / entry)  # atomic: a concurrent reader sees all or nothing
    return target / name


def read_mapping(path: Path, what: str, error: type[ValueError]) -> dict[str, Any]:
    """The top-level mapping of a YAML file; `error` naming the file when it cannot be one."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(document, dict):
        raise error(f"{path}: expected a mapping at the top")
    return document
