"""`python -m bench recall [--fast]`: build the recall world, score it (in process or crawled), save."""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from bench.recall.cases import Case, all_pages, build_cases
from bench.recall.report import Outcome, markdown, summary
from bench.runs import save


def build(args: argparse.Namespace) -> list[Case]:
    pages = all_pages(args.trafilatura, args.trafilatura_pages)
    return build_cases(pages, morphology_pages=args.morphology_pages)


def run(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    cases = build(args)
    built = time.perf_counter() - started
    print(f"{len(cases)} cases built in {built:.0f} s", flush=True)
    if args.fast:
        from bench.recall import fast

        outcomes = fast.run(cases)
        name, extra = "recall-fast", dict[str, Any]()
    else:
        from bench.recall import crawl

        outcomes, extra = crawl.run(cases, keep_world=args.keep_world)
        name = "recall"
    title = "Recall world, " + ("scored in process (--fast)" if args.fast else "crawled into the index")
    print(markdown(outcomes, title))
    path = save(name, _results(args, outcomes, extra, time.perf_counter() - started))
    print(f"\nsaved {path}")


def _results(
    args: argparse.Namespace, outcomes: list[Outcome], extra: dict[str, Any], seconds: float
) -> dict[str, Any]:
    return {
        "command": "python -m bench recall" + (" --fast" if args.fast else ""),
        "morphology_pages": args.morphology_pages,
        "trafilatura": args.trafilatura or os.environ.get("VNMON_TRAFILATURA_EVAL"),
        "trafilatura_pages": args.trafilatura_pages,
        "seconds": round(seconds, 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "summary": summary(outcomes),
        **extra,
        "outcomes": [o.as_dict() for o in outcomes],
    }
