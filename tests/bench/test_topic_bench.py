"""The topic bench: its labelled set stays usable, and it scores and counts texts by language."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from bench.topic_tags import LABELS, NEWSWORLD, Texts, evaluate, language_counts, split_of
from vnmon.kernel.topics import load_topics


def test_the_labelled_set_names_known_topics_in_both_halves_and_many_languages() -> None:
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["labels"]
    known = set(load_topics().topics)
    assert len(labels) >= 360
    assert all(set(topics) <= known and len(set(topics)) == len(topics) for topics in labels.values())
    sentence_languages = {item.split(":")[1] for item in labels if item.startswith("langid:")}
    assert len(sentence_languages) >= 8 and "vi" in sentence_languages
    assert {split_of(item) for item in labels} == {"dev", "test"}
    stories = [item.partition(":")[2] for item in labels if item.startswith("newsworld:")]
    assert stories and all((NEWSWORLD / f"{name}.txt").is_file() for name in stories)


def _data(tmp_path: Path) -> Path:
    sentences = tmp_path / "langid" / "sentences"
    sentences.mkdir(parents=True)
    (sentences / "vi.txt").write_text(
        "Bão số 3 gây lũ lụt và sạt lở ở các tỉnh miền Bắc.\nHôm nay trời đẹp.\n", encoding="utf-8"
    )
    (sentences / "en.txt").write_text("The cat sat on the mat all afternoon.\n", encoding="utf-8")
    page = (
        "Vietnam beat Thailand to win the AFF Championship final in Hanoi on Sunday. The striker "
        "scored twice and the coach praised the national team. Fans filled the stadium long before "
        "the match began, and the football federation promised a bonus to every player."
    )
    truth = tmp_path / "article-extraction" / "ground-truth.json"
    truth.parent.mkdir()
    truth.write_text(json.dumps({"p1": {"articleBody": page, "url": "https://example.org/1"}}))
    return tmp_path


def test_the_bench_scores_each_language_and_counts_each_half(tmp_path: Path) -> None:
    texts = Texts(_data(tmp_path))
    labels = {
        "langid:vi:0": ["disasters"],
        "langid:vi:1": ["tourism_culture"],  # a miss: nothing in "the weather is fine" says so
        "langid:en:0": [],
        "extraction:p1": ["sport"],
    }
    result = evaluate(labels, texts, load_topics())
    vi, en = result["by_language"]["vi"], result["by_language"]["en"]
    assert (vi["texts"], vi["tp"], vi["fn"], vi["fp"]) == (2, 1, 1, 0)
    # The page's language is detected; the English sentence's is its file's.
    assert (en["texts"], en["tp"], en["fn"], en["fp"]) == (2, 1, 0, 0)
    assert result["by_source"]["langid"]["texts"] == 3 and result["by_source"]["extraction"]["texts"] == 1
    table = language_counts(labels, texts)
    halves = {item: split_of(item) for item in labels}
    vi_dev = sum(1 for item, half in halves.items() if half == "dev" and item.startswith("langid:vi"))
    assert f"| vi | {vi_dev} |" in table
    assert "**all** (2 languages)" in table
