"""Quality gate: language identification keeps its measured macro accuracy on the shared bench."""

from __future__ import annotations

import json
import os
from pathlib import Path

from crawler.language import detect_text

_GATE = Path(__file__).with_name("langid_gate.json")
_EXCLUDED = {"ms", "nb", "nn"}


def _sentences_dir() -> Path:
    root = Path(os.environ.get("VNMON_BENCH_DATA", "/work/shared/bench-data"))
    directory = root / "langid" / "sentences"
    # A missing data set must fail the gate, not silently skip it.
    assert directory.is_dir(), f"langid bench data not found at {directory} (set VNMON_BENCH_DATA)"
    return directory


def test_macro_accuracy_stays_above_the_pinned_floor() -> None:
    floor = json.loads(_GATE.read_text(encoding="utf-8"))["macro_accuracy_floor"]
    assert floor >= 99.0
    accuracy: dict[str, float] = {}
    for path in sorted(_sentences_dir().glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        correct = sum(detect_text(line).code == path.stem for line in lines)
        accuracy[path.stem] = 100.0 * correct / len(lines)
    scored = [code for code in accuracy if code not in _EXCLUDED]
    assert len(scored) == 30, f"expected 30 scored languages, found {sorted(scored)}"
    macro = sum(accuracy[code] for code in scored) / len(scored)
    worst = sorted(scored, key=accuracy.__getitem__)[:5]
    assert macro >= floor, f"macro accuracy {macro:.2f}% fell below {floor}%; weakest: " + ", ".join(
        f"{code} {accuracy[code]:.1f}%" for code in worst
    )
