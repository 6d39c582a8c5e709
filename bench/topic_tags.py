"""Topic precision and recall on the labelled set of bench/topics/labels.yaml (issue 15 §2).

usage: .venv/bin/python -m bench topics [--data DIR] [--split dev|test|all] [--errors]
Texts come from VNMON_BENCH_DATA (default /work/shared/bench-data) and the news world; each is
tagged with config/topics.yaml as the crawler tags an article: a news-world story with its title
and body, an extraction page with its first sentences as the lead, a sentence as a lead. Prints
per-topic and micro/macro precision, recall and F1 of the split as markdown, the same by language
(a sentence's is its file's; a page's or a story's is what the crawler's language stage detects)
and by kind of text, and writes bench/results/topics-<split>.json. `--split all` also counts the
texts of each language in each half.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from crawler.language.detector import detect_language
from vnmon.kernel.topics import TopicSet, load_topics

HERE = Path(__file__).resolve().parent
LABELS = HERE / "topics" / "labels.yaml"
NEWSWORLD = HERE.parent / "vnmon" / "demo" / "newsworld" / "content"
RESULTS = HERE / "results"
# The lead of an extraction page: its first sentences, up to this many characters.
LEAD_CHARS = 300
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def split_of(item: str) -> str:
    """`test` (held out, never tuned on) or `dev`, fixed by the id's SHA-1."""
    return "test" if hashlib.sha1(item.encode()).digest()[0] % 2 else "dev"


def _lead_and_body(text: str) -> tuple[str, str]:
    words = " ".join(text.split())
    lead = ""
    for sentence in _SENTENCE_END.split(words):
        if lead and len(lead) + len(sentence) > LEAD_CHARS:
            break
        lead = f"{lead} {sentence}".strip()
    return lead, words[len(lead) :].strip()


class Texts:
    """The text of each labelled id, as (title, lead, body)."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self._truth: dict[str, Any] | None = None
        self._sentences: dict[str, list[str]] = {}

    def get(self, item: str) -> tuple[str | None, str | None, str | None]:
        kind, _, key = item.partition(":")
        if kind == "newsworld":
            title, _, body = (NEWSWORLD / f"{key}.txt").read_text(encoding="utf-8").partition("\n")
            return title, None, body
        if kind == "extraction":
            if self._truth is None:
                path = self.data / "article-extraction" / "ground-truth.json"
                self._truth = json.loads(path.read_text(encoding="utf-8"))
            lead, body = _lead_and_body(self._truth[key]["articleBody"])
            return None, lead, body
        language, _, line = key.partition(":")
        if language not in self._sentences:
            with (self.data / "langid" / "sentences" / f"{language}.txt").open(encoding="utf-8") as lines:
                self._sentences[language] = [raw.strip() for raw in lines]
        return None, self._sentences[language][int(line)], None

    def language(self, item: str) -> str:
        kind, _, rest = item.partition(":")
        return rest.split(":")[0] if kind == "langid" else detect_language(*self.get(item)).code


def evaluate(labels: dict[str, list[str]], texts: Texts, topics: TopicSet) -> dict[str, Any]:
    counts: dict[str, Counter[str]] = {t: Counter() for t in topics.topics}
    groups: dict[str, dict[str, Counter[str]]] = {"by_language": {}, "by_source": {}}
    members: dict[str, Counter[str]] = {"by_language": Counter(), "by_source": Counter()}
    errors = []
    for item, gold in labels.items():
        predicted = {t.topic for t in topics.find(*texts.get(item))}
        keys = {"by_language": texts.language(item), "by_source": item.partition(":")[0]}
        for grouping, key in keys.items():
            members[grouping][key] += 1
        for topic in topics.topics:
            outcome = _outcome(topic in gold, topic in predicted)
            if outcome:
                counts[topic][outcome] += 1
                for grouping, key in keys.items():
                    groups[grouping].setdefault(key, Counter())[outcome] += 1
        if predicted != set(gold):
            errors.append({"id": item, "gold": sorted(gold), "predicted": sorted(predicted)})
    per_topic = {topic: _prf(c) for topic, c in counts.items()}
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    supported = [s for s in per_topic.values() if s["support"]]
    macro = {
        k: round(sum(s[k] for s in supported) / len(supported), 3) for k in ("precision", "recall", "f1")
    }
    return {
        "items": len(labels),
        "with_topic": sum(1 for gold in labels.values() if gold),
        "micro": _prf(total),
        "macro": macro,
        "per_topic": per_topic,
        **{
            grouping: {
                name: {"texts": n, **_prf(groups[grouping].get(name, Counter()))}
                for name, n in sorted(members[grouping].items())
            }
            for grouping in groups
        },
        "errors": errors,
    }


def language_counts(labels: dict[str, list[str]], texts: Texts) -> str:
    """Markdown: the texts of each language in each half, and how many of them have a topic."""
    counts: dict[str, Counter[str]] = {}
    for item, gold in labels.items():
        half = counts.setdefault(texts.language(item), Counter())
        half[split_of(item)] += 1
        half[f"{split_of(item)}+"] += bool(gold)
    rows = [
        "| language | dev | with a topic | test | with a topic |",
        "|---|---:|---:|---:|---:|",
    ]
    for language, c in sorted(counts.items(), key=lambda kv: (-kv[1].total(), kv[0])):
        rows.append(f"| {language} | {c['dev']} | {c['dev+']} | {c['test']} | {c['test+']} |")
    total = Counter(split_of(item) for item in labels)
    rows.append(f"| **all** ({len(counts)} languages) | {total['dev']} | | {total['test']} | |")
    return "\n".join(rows)


def _outcome(gold: bool, predicted: bool) -> str:
    if predicted:
        return "tp" if gold else "fp"
    return "fn" if gold else ""


def _prf(c: Counter[str]) -> dict[str, float]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "support": tp + fn, "tp": tp, "fp": fp, "fn": fn}  # fmt: skip


def markdown(split: str, result: dict[str, Any]) -> str:
    rows = [
        f"Split `{split}`: {result['items']} texts, {result['with_topic']} with a topic.",
        "",
        "| topic | support | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|",
    ]
    for topic, s in result["per_topic"].items():
        rows.append(_row(topic, s))
    rows.append(_row("**micro**", result["micro"]))
    rows.append(_row("**macro**", {"support": "", **result["macro"]}))
    for grouping, heading in (("by_language", "language"), ("by_source", "texts from")):
        rows += [
            "",
            f"| {heading} | texts | labels | precision | recall | F1 |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, s in result[grouping].items():
            rows.append(f"| {name} | {s['texts']} " + _row("", s)[3:])
    return "\n".join(rows)


def _row(name: str, s: dict[str, Any]) -> str:
    # "-" where a figure has nothing to count (no text predicted, or none labelled, with the topic).
    predicted = s.get("tp", 1) + s.get("fp", 0)
    precision = f"{s['precision']:.2f}" if predicted else "-"
    recall, f1 = (f"{s['recall']:.2f}", f"{s['f1']:.2f}") if s["support"] != 0 else ("-", "-")
    return f"| {name} | {s['support']} | {precision} | {recall} | {f1} |"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench topics")
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("VNMON_BENCH_DATA", "/work/shared/bench-data"))
    )
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--errors", action="store_true", help="list the texts tagged wrongly")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        sys.exit(f"no bench data at {args.data} (set VNMON_BENCH_DATA or --data)")
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["labels"]
    chosen = {k: v for k, v in labels.items() if args.split == "all" or split_of(k) == args.split}
    texts = Texts(args.data)
    result = evaluate(chosen, texts, load_topics())
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"topics-{args.split}.json").write_text(
        json.dumps(result, indent=1, ensure_ascii=False) + "\n"
    )
    print(markdown(args.split, result))
    if args.split == "all":
        print("\n" + language_counts(labels, texts))
    if args.errors:
        for error in result["errors"]:
            print(f"- {error['id']}: gold {error['gold']}, predicted {error['predicted']}")
