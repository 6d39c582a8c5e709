"""Finding and reading the YAML files under config/ (lexicon, gazetteer, topics)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def config_file(configured: Path | None, name: str) -> Path:
    """`configured` (a VNMON_* setting) if set, else config/`name` of the repository (or working dir)."""
    if configured is not None:
        return configured
    beside_package = Path(__file__).resolve().parents[2] / "config" / name
    if beside_package.is_file():
        return beside_package
    return Path("config") / name


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
