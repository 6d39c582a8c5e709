"""Quality gate: body F1 on the shared benchmark split must not fall below the pinned floor."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.extraction.evaluation import bench_data_dir, evaluate

BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text("utf-8"))
# The project's hard quality bar; the pinned floor may only be above it.
HARD_FLOOR = 0.97


def test_pinned_floor_is_at_least_the_hard_bar() -> None:
    assert BASELINE["f1_floor"] >= HARD_FLOOR


def test_body_f1_meets_pinned_floor() -> None:
    root = bench_data_dir()
    # Absent data must fail, not skip: a silently skipped gate guards nothing.
    assert (root / "article-extraction" / "ground-truth.json").is_file(), (
        f"benchmark data not found under {root} (set VNMON_BENCH_DATA)"
    )
    score = evaluate(root=root)
    assert score.pages == 91
    assert score.f1 >= BASELINE["f1_floor"], (
        f"body F1 {score.f1:.4f} (P {score.precision:.4f}, R {score.recall:.4f}) "
        f"is below the pinned floor {BASELINE['f1_floor']}"
    )
