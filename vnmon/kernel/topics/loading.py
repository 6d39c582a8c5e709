"""Reading and validating config/topics.yaml."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vnmon.kernel.configfiles import config_file, read_mapping
from vnmon.kernel.lexicon import LexiconError, Term
from vnmon.kernel.lexicon.loading import parse_endings, parse_terms
from vnmon.kernel.settings import get_settings
from vnmon.kernel.topics.model import LABEL_LANGUAGES, RULE_KINDS, Rule, Topic, TopicsError, TopicSet

_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
MAX_WITHIN = 50


def default_topics_path() -> Path:
    """`VNMON_TOPICS` if set, else config/topics.yaml of the repository (or working dir)."""
    return config_file(get_settings().topics, "topics.yaml")


def load_topics(path: Path | None = None) -> TopicSet:
    """Read and validate a topics file (default: `default_topics_path()`)."""
    path = Path(path) if path is not None else default_topics_path()
    document = read_mapping(path, "topics", TopicsError)
    unknown = set(document) - {"threshold", "min_share", "endings", "topics"}
    if unknown:
        raise TopicsError(f"{path}: unknown top-level field(s) {', '.join(sorted(unknown))}")
    threshold = _positive(f"{path}: threshold", document.get("threshold", 2.0))
    min_share = document.get("min_share", 0.0)
    if isinstance(min_share, bool) or not isinstance(min_share, int | float) or not 0 <= min_share < 1:
        raise TopicsError(f"{path}: min_share: must be a number from 0 to below 1, got {min_share!r}")
    raw_topics = document.get("topics")
    if not isinstance(raw_topics, dict) or not raw_topics:
        raise TopicsError(f"{path}: expected a non-empty 'topics' mapping")
    try:
        endings = parse_endings(path, document.get("endings", {}))
    except LexiconError as exc:
        raise TopicsError(str(exc)) from exc
    groups: list[list[Term]] = []
    topics = [_parse_topic(path, key, raw, threshold, endings, groups) for key, raw in raw_topics.items()]
    return TopicSet(topics, groups, source=path, min_share=float(min_share))


def _positive(where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise TopicsError(f"{where}: must be a positive number, got {value!r}")
    return float(value)


def _parse_topic(
    path: Path,
    key: Any,
    raw: Any,
    default_threshold: float,
    endings: Mapping[str, tuple[str, ...]],
    groups: list[list[Term]],
) -> Topic:
    where = f"{path}: topic {key!r}"
    if not isinstance(key, str) or not _ID.match(key):
        raise TopicsError(f"{where}: an id is lowercase letters, digits and '_' (2-41 characters)")
    if not isinstance(raw, dict):
        raise TopicsError(f"{where}: expected a mapping with label and rules")
    unknown = set(raw) - {"label", "threshold", "rules"}
    if unknown:
        raise TopicsError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    label, translations = _parse_label(where, raw.get("label"))
    threshold = _positive(f"{where}: threshold", raw.get("threshold", default_threshold))
    rules = raw.get("rules")
    if not isinstance(rules, list) or not rules:
        raise TopicsError(f"{where}: 'rules' must be a non-empty list")
    parsed = tuple(
        _parse_rule(f"{where}: rules[{i}]", key, rule, endings, groups) for i, rule in enumerate(rules)
    )
    return Topic(key, label, threshold, parsed, translations)


def _parse_label(where: str, raw: Any) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A label: one string for every UI language, or one per UI language (`{en: ..., vi: ...}`)."""
    if isinstance(raw, str):
        if not raw.strip():
            raise TopicsError(f"{where}: 'label' must not be empty")
        return raw.strip(), ()
    languages = ", ".join(LABEL_LANGUAGES)
    if raw is None:
        raise TopicsError(f"{where}: 'label' is missing: a string, or one per UI language ({languages})")
    if not isinstance(raw, dict):
        raise TopicsError(
            f"{where}: 'label' must be a string or a mapping of UI language ({languages}) to string, "
            f"got {type(raw).__name__}"
        )
    unknown = sorted(str(lang) for lang in raw if lang not in LABEL_LANGUAGES)
    if unknown:
        raise TopicsError(f"{where}: label: unknown UI language(s) {', '.join(unknown)} (known: {languages})")
    missing = [lang for lang in LABEL_LANGUAGES if lang not in raw]
    if missing:
        raise TopicsError(f"{where}: label: missing the {', '.join(missing)} label")
    for lang in LABEL_LANGUAGES:
        text = raw[lang]
        if not isinstance(text, str) or not text.strip():
            raise TopicsError(f"{where}: label.{lang}: must be a non-empty string, got {text!r}")
    return raw[LABEL_LANGUAGES[0]].strip(), tuple((lang, raw[lang].strip()) for lang in LABEL_LANGUAGES)


def _parse_rule(
    where: str, topic: str, raw: Any, endings: Mapping[str, tuple[str, ...]], groups: list[list[Term]]
) -> Rule:
    if not isinstance(raw, dict):
        raise TopicsError(f"{where}: expected a mapping with a weight and one of {', '.join(RULE_KINDS)}")
    kinds = [kind for kind in RULE_KINDS if kind in raw]
    if len(kinds) != 1:
        raise TopicsError(f"{where}: needs exactly one of {', '.join(RULE_KINDS)}, has {kinds or 'none'}")
    kind = kinds[0]
    unknown = set(raw) - {kind, "weight", "within"}
    if unknown or ("within" in raw and kind != "near"):
        raise TopicsError(f"{where}: unknown field(s) {', '.join(sorted(unknown or {'within'}))}")
    weight = raw.get("weight")
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight == 0:
        raise TopicsError(f"{where}: 'weight' must be a non-zero number, got {weight!r}")
    within = raw.get("within", 10)
    if isinstance(within, bool) or not isinstance(within, int) or not 1 <= within <= MAX_WITHIN:
        raise TopicsError(f"{where}: 'within' must be a whole number of words from 1 to {MAX_WITHIN}")
    body = raw[kind]
    if kind == "any":
        lists = [body]
    elif not isinstance(body, list) or len(body) < 2 or (kind == "near" and len(body) != 2):
        wanted = "two term groups" if kind == "near" else "a list of two or more term groups"
        raise TopicsError(f"{where}: '{kind}' must be {wanted}")
    else:
        lists = body
    indexes = []
    for i, group in enumerate(lists):
        try:
            field = kind if kind == "any" else f"{kind}[{i}]"
            groups.append(parse_terms(where, topic, field, group, endings))
        except LexiconError as exc:
            raise TopicsError(str(exc)) from exc
        indexes.append(len(groups) - 1)
    return Rule(kind, float(weight), tuple(indexes), within)
