"""Benchmark language identification: macro accuracy and ms/text of vnmon vs plain langdetect.

usage: .venv/bin/python -m bench langid [--data DIR] [--extra DIR] [--errors N]
Data: langid/sentences/ of VNMON_BENCH_DATA (default /work/shared/bench-data), and vnmon's own
news sentences in languages the shared set lacks (tests/crawler/language_data: is, et, lv, lt,
ms). lingua-py is measured too, restricted to the same languages, in its high- and
low-accuracy modes. ms/text is the median of 3 passes. Prints markdown tables.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from statistics import median

from crawler.language import detect_text

EXCLUDED = ("ms", "nb", "nn")
EXTRA = Path(__file__).resolve().parent.parent / "tests" / "crawler" / "language_data"
Detector = Callable[[str], str]


def load_sentences(directory: Path) -> dict[str, list[str]]:
    if not directory.is_dir():
        sys.exit(f"no bench data at {directory} (set VNMON_BENCH_DATA or --data)")
    return {
        path.stem: [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for path in sorted(directory.glob("*.txt"))
    }


def vnmon_detector() -> Detector:
    return lambda text: detect_text(text).code


def langdetect_detector() -> Detector:
    from langdetect import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    from langdetect import detect

    def run(text: str) -> str:
        try:
            code = detect(text)
        except LangDetectException:
            return "und"
        return {"zh-cn": "zh", "zh-tw": "zh", "iw": "he"}.get(code, code)

    return run


def lingua_detector(codes: list[str], low_accuracy: bool = False) -> Detector | None:
    """lingua restricted to `codes` (the languages of the sentence files), as the brief asks."""
    try:
        from lingua import IsoCode639_1, LanguageDetectorBuilder
    except ImportError:
        return None
    isos = [getattr(IsoCode639_1, code.upper()) for code in codes]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*isos)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    detector = builder.build()

    def run(text: str) -> str:
        language = detector.detect_language_of(text)
        return language.iso_code_639_1.name.lower() if language else "und"

    return run


def evaluate(
    detect: Detector, sentences: dict[str, list[str]], repeats: int = 3
) -> tuple[dict[str, float], float, Counter[tuple[str, str]]]:
    """Accuracy per language, median ms/text over `repeats` passes, and the confusions."""
    detect("warm-up: load the models before timing")
    accuracy: dict[str, float] = {}
    confusions: Counter[tuple[str, str]] = Counter()
    timings: list[float] = []
    for _ in range(repeats):
        total = 0
        started = time.perf_counter()
        for code, lines in sentences.items():
            answers = [detect(line) for line in lines]
            accuracy[code] = 100.0 * sum(a == code for a in answers) / len(lines)
            if not timings:
                confusions.update((code, a) for a in answers if a != code)
            total += len(lines)
        timings.append(1000.0 * (time.perf_counter() - started) / total)
    return accuracy, median(timings), confusions


def save_results(
    results: dict[str, tuple[dict[str, float], float, Counter[tuple[str, str]]]],
    sentences: dict[str, list[str]],
) -> None:
    from bench.runs import save

    scored = [code for code in sentences if code not in EXCLUDED]
    save(
        "langid",
        {
            name: {
                "macro_accuracy_30": sum(acc[c] for c in scored) / len(scored),
                "ms_per_text": ms,
                "accuracy": acc,
            }
            for name, (acc, ms, _) in results.items()
        },
    )


def print_extra(directory: Path, shared: dict[str, list[str]]) -> None:
    """Accuracy on vnmon's own sentences; lingua is given the shared languages plus these."""
    extra = load_sentences(directory)
    detectors: dict[str, Detector] = {"vnmon": vnmon_detector(), "langdetect 1.0.9": langdetect_detector()}
    lingua = lingua_detector(sorted(set(shared) | set(extra)), low_accuracy=True)
    if lingua is not None:
        detectors[f"lingua (low accuracy, {len(set(shared) | set(extra))} languages)"] = lingua
    results = {name: evaluate(detect, extra)[0] for name, detect in detectors.items()}
    print(f"\nvnmon's own news sentences ({directory.name}/):\n")
    print("| language | sentences | " + " | ".join(results) + " |")
    print("|---|---|" + "---|" * len(results))
    for code, lines in extra.items():
        print(f"| {code} | {len(lines)} | " + " | ".join(f"{r[code]:.1f}" for r in results.values()) + " |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("VNMON_BENCH_DATA", "/work/shared/bench-data"))
    parser.add_argument("--data", type=Path, default=default / "langid" / "sentences")
    parser.add_argument("--extra", type=Path, default=EXTRA, help="own sentences (is, et, lv, lt, ms)")
    parser.add_argument("--errors", type=int, default=10, help="most frequent confusions to list")
    args = parser.parse_args(argv)
    sentences = load_sentences(args.data)

    detectors: dict[str, Detector] = {
        "vnmon": vnmon_detector(),
        "langdetect 1.0.9": langdetect_detector(),
    }
    lingua = lingua_detector(list(sentences))
    if lingua is not None:
        name = f"lingua {version('lingua-language-detector')}"
        detectors[f"{name} (high accuracy, {len(sentences)} languages)"] = lingua
        low = lingua_detector(list(sentences), low_accuracy=True)
        assert low is not None
        detectors[f"{name} (low accuracy, {len(sentences)} languages)"] = low

    results = {name: evaluate(detect, sentences) for name, detect in detectors.items()}
    save_results(results, sentences)
    scored = [code for code in sentences if code not in EXCLUDED]
    print(f"{len(scored)} languages scored, {sum(map(len, sentences.values()))} sentences\n")
    print("| detector | macro accuracy (30) | " + " | ".join(EXCLUDED) + " | ms/text |")
    print("|---|---|" + "---|" * len(EXCLUDED) + "---|")
    for name, (accuracy, ms, _) in results.items():
        macro = sum(accuracy[c] for c in scored) / len(scored)
        apart = " | ".join(f"{accuracy.get(c, 0.0):.1f}" for c in EXCLUDED)
        print(f"| {name} | {macro:.2f}% | {apart} | {ms:.3f} |")
    print("\n| language | " + " | ".join(results) + " |")
    print("|---|" + "---|" * len(results))
    first = next(iter(results.values()))[0]
    for code in sorted(first, key=first.__getitem__):
        print(f"| {code} | " + " | ".join(f"{r[0][code]:.1f}" for r in results.values()) + " |")
    articles = {
        code: [" ".join(lines[i : i + 20]) for i in range(0, len(lines), 20)]
        for code, lines in sentences.items()
    }
    print("\nArticle-length texts (20 consecutive sentences joined):\n")
    print("| detector | macro accuracy (30) | ms/text | mean chars |")
    print("|---|---|---|---|")
    chars = sum(len(a) for texts in articles.values() for a in texts) / sum(map(len, articles.values()))
    for name, detect in detectors.items():
        accuracy, ms, _ = evaluate(detect, articles)
        macro = sum(accuracy[c] for c in scored) / len(scored)
        print(f"| {name} | {macro:.2f}% | {ms:.3f} | {chars:.0f} |")

    print_extra(args.extra, sentences)
    confusions = results["vnmon"][2]
    print(f"\nvnmon's {args.errors} most frequent confusions (gold → detected):")
    for (gold, got), count in confusions.most_common(args.errors):
        print(f"- {gold} → {got}: {count}")


if __name__ == "__main__":
    main()
