"""Body extraction on a second dev set: trafilatura's own evaluation pages, scored by snippets.

usage: .venv/bin/python -m bench snippets [--trafilatura PATH] [--base PATH]

Each page of trafilatura's `tests/evaldata.json` lists text that must be in the extracted body
(`with`) and text that must not (`without`: menus, footers, dates). Scored as trafilatura's own
evaluation does: a `with` snippet found is a true positive, missed a false negative; a
`without` snippet found is a false positive, absent a true negative. trafilatura was tuned on
these pages, so it is the reference, not an absolute: what matters is whether vnmon's own rules
(cleanup, the reader's view) help or hurt on pages they were not written for. `--base` scores
another checkout of vnmon (e.g. a `git worktree` of an older commit) in a subprocess, the same way.

The pages are read at run time from the given checkout (`$VNMON_TRAFILATURA_EVAL`); nothing of
theirs is stored in this repository.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from bench.recall.sources import _decode, _eval_files
from bench.runs import save

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Tally:
    name: str
    found: int  # `with` snippets in the body
    wanted: int
    leaked: int  # `without` snippets in the body
    unwanted: int
    ms_per_page: float

    @property
    def recall(self) -> float:
        return self.found / max(1, self.wanted)

    @property
    def precision(self) -> float:
        # trafilatura's evaluation: precision = TP / (TP + FP) over snippets.
        return self.found / max(1, self.found + self.leaked)

    @property
    def accuracy(self) -> float:
        correct = self.found + (self.unwanted - self.leaked)
        return correct / max(1, self.wanted + self.unwanted)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / max(1e-9, p + r)


def load_cases(checkout: Path) -> list[tuple[str, str, list[str], list[str]]]:
    """(url, html, with, without) of every page whose file is in the checkout."""
    files = _eval_files(checkout)
    data = json.loads(files["tests/evaldata.json"])
    cases = []
    for url, entry in sorted(data.items(), key=lambda item: item[1]["file"]):
        raw = files.get(f"tests/eval/{entry['file']}") or files.get(f"tests/cache/{entry['file']}")
        if raw is None:
            continue
        cases.append((url, _decode(raw), entry.get("with", []), entry.get("without", [])))
    return cases


def score(
    name: str, extract: Callable[[str, str], str], cases: list[tuple[str, str, list[str], list[str]]]
) -> Tally:
    found = wanted = leaked = unwanted = 0
    started = time.process_time()
    for url, html, with_, without in cases:
        text = _squash(extract(html, url))
        for snippet in with_:
            wanted += 1
            found += _squash(snippet) in text
        for snippet in without:
            unwanted += 1
            leaked += _squash(snippet) in text
    ms = (time.process_time() - started) * 1000 / max(1, len(cases))
    return Tally(name, found, wanted, leaked, unwanted, round(ms, 1))


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def vnmon_body(html: str, url: str) -> str:
    from crawler.extraction import extract_article

    return extract_article(html, url).body


def trafilatura_default(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def trafilatura_precision(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url, favor_precision=True) or ""


def _base_tally(base: Path, checkout: Path) -> Tally:
    """vnmon of another checkout, scored in a subprocess that imports it first."""
    code = (
        "import sys, json; sys.path.insert(0, sys.argv[1]); "
        "from bench.snippets import load_cases, score, vnmon_body; from pathlib import Path; "
        "t = score('vnmon at ' + sys.argv[1], vnmon_body, load_cases(Path(sys.argv[2]))); "
        "print(json.dumps(t.__dict__))"
    )
    env = {**os.environ, "PYTHONPATH": f"{Path(__file__).resolve().parents[1]}"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(base), str(checkout)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    return Tally(**json.loads(out.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench snippets")
    parser.add_argument("--trafilatura", default=os.environ.get("VNMON_TRAFILATURA_EVAL"))
    parser.add_argument("--base", help="another vnmon checkout to score the same way")
    args = parser.parse_args(argv)
    if not args.trafilatura:
        parser.error("give --trafilatura PATH (a trafilatura checkout) or set VNMON_TRAFILATURA_EVAL")
    checkout = Path(args.trafilatura)
    cases = load_cases(checkout)
    print(f"{len(cases)} pages of {checkout}")
    tallies = [
        score("vnmon (this checkout)", vnmon_body, cases),
        score("trafilatura default", trafilatura_default, cases),
        score("trafilatura precision", trafilatura_precision, cases),
    ]
    if args.base:
        tallies.append(_base_tally(Path(args.base), checkout))
    print("\n| extractor | with found | without leaked | precision | recall | F1 | accuracy | ms/page |")
    print("|---|---|---|---|---|---|---|---|")
    for t in tallies:
        print(
            f"| {t.name} | {t.found}/{t.wanted} | {t.leaked}/{t.unwanted} | {t.precision:.3f} | "
            f"{t.recall:.3f} | {t.f1:.3f} | {t.accuracy:.3f} | {t.ms_per_page} |"
        )
    save("snippets", {"pages": len(cases), "tallies": [t.__dict__ for t in tallies]})
