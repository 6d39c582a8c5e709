"""Finding and reading the YAML files under config/ (lexicon, gazetteer, topics)."""

from __future__ import annotations

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
    return in_working_dir


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
