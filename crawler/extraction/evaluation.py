"""Score body extraction on the shared benchmark split with the benchmark's own scoring script."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from crawler.extraction.article import extract_article
from crawler.extraction.encoding import decode_html

DEFAULT_BENCH_DATA = "/work/shared/bench-data"

# An extractor takes (raw page bytes, page URL) and returns the body text.
Extractor = Callable[[bytes, str], str]


@dataclass(frozen=True)
class Score:
    """Macro precision/recall/F1 over the split and the mean wall time per page."""

    precision: float
    recall: float
    f1: float
    ms_per_page: float
    pages: int


def bench_data_dir() -> Path:
    """`$VNMON_BENCH_DATA`, else the shared default."""
    return Path(os.environ.get("VNMON_BENCH_DATA", DEFAULT_BENCH_DATA))


def load_split(root: Path) -> tuple[dict[str, dict[str, Any]], dict[str, bytes]]:
    """Ground truth and raw pages of `<root>/article-extraction`; raises if it is missing."""
    split = root / "article-extraction"
    truth_path = split / "ground-truth.json"
    if not truth_path.is_file():
        raise FileNotFoundError(f"benchmark ground truth not found: {truth_path}")
    truth: dict[str, dict[str, Any]] = json.loads(truth_path.read_text("utf-8"))
    pages = {key: gzip.decompress((split / "html" / f"{key}.html.gz").read_bytes()) for key in truth}
    return truth, pages


def load_scorer(root: Path) -> ModuleType:
    """The benchmark's `score_extraction.py`, imported from the data directory."""
    path = root / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise FileNotFoundError(f"benchmark scorer not found: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def vnmon_body(raw: bytes, url: str) -> str:
    return extract_article(decode_html(raw), url=url).body


def evaluate(extractor: Extractor = vnmon_body, root: Path | None = None) -> Score:
    """Run `extractor` over every page of the split and score it."""
    root = root or bench_data_dir()
    truth, pages = load_split(root)
    scorer = load_scorer(root)
    predictions: dict[str, dict[str, str]] = {}
    started = time.perf_counter()
    for key, item in truth.items():
        predictions[key] = {"articleBody": extractor(pages[key], item["url"]) or ""}
    elapsed = time.perf_counter() - started
    precision, recall, f1 = scorer.score(truth, predictions)
    return Score(precision, recall, f1, 1000 * elapsed / len(truth), len(truth))
