"""Language of a text or an article: script first, then n-gram evidence with source priors."""

from __future__ import annotations

import math
import re
import unicodedata

from crawler.language.cues import (
    fix_cyrillic_homoglyphs,
    foreign_letter_penalties,
    function_word_evidence,
    pick_variety,
    repair_mojibake,
)
from crawler.language.model import extract_ngrams, get_model
from crawler.language.result import UNDETERMINED, LanguageResult, NgramVerdict
from crawler.language.scripts import SCRIPT_LANGUAGE, ScriptProfile, script_of, script_profile
from crawler.language.second_opinion import review

# Languages whose script is shared with others; the n-gram model decides among these
# (langdetect profile codes).
SCRIPT_CANDIDATES: dict[str, tuple[str, ...]] = {
    "Latin": (
        "af", "ca", "cs", "cy", "da", "de", "en", "es", "et", "fi", "fr", "hr", "hu", "id",
        "it", "lt", "lv", "nl", "no", "pl", "pt", "ro", "sk", "sl", "so", "sq", "sv", "sw",
        "tl", "tr", "vi",
    ),
    "Cyrillic": ("ru", "uk", "bg", "mk"),
    "Arabic": ("ar", "fa", "ur"),
    "Devanagari": ("hi", "mr", "ne"),
}  # fmt: skip

# Languages of the outlets vnmon monitors (keep in step with config/sources.yaml). Another
# language of the same script must bring more evidence (a prior of 1/10), which settles
# short texts between close neighbours (cs/sk, bg/mk, nl/af, es/ca) the way a reader of
# these outlets would.
MONITORED: frozenset[str] = frozenset({
    "en", "fr", "de", "es", "it", "pt", "ru", "uk", "pl", "cs", "nl", "sv", "ja", "ko",
    "zh-cn", "zh-tw", "ar", "tr", "id", "th", "vi", "hi", "fa", "he", "el", "hu", "ro",
    "bg", "da", "fi", "no", "tl",
})  # fmt: skip
UNMONITORED_PRIOR = math.log(0.1)
# Nats added to the language of the source (hint) and of `<html lang>` (declared). A
# sentence brings tens to hundreds of nats, so these only decide short or ambiguous text.
HINT_PRIOR = 4.0
DECLARED_PRIOR = 2.0
# Overlapping 1-, 2- and 3-grams are not independent evidence: the log-likelihood is divided
# by the number of orders before priors are added and the posterior is taken.
TEMPERATURE = 3.0
# Enough text to be sure; the rest only costs time.
MAX_CHARS = 1000
# When the page declares another language than its opening reads as: how sure the text after
# the opening must be, and the letters of headline + standfirst from which they must agree.
SECOND_LOOK_CONFIDENCE = 0.8
SECOND_LOOK_HEAD_LETTERS = 40
# Fewer letters than this in an alphabetic script cannot be told apart.
MIN_LETTERS = 3
# N-grams (about 3 per letter) scored against every candidate of the script before only the
# KEEP_CANDIDATES best go on.
PRUNE_AFTER = 300
KEEP_CANDIDATES = 4
# Letters from which the n-gram posterior is reported as is (fewer scale it down to 0.4).
FULL_TRUST_LETTERS = 50
# Share of kana among CJK characters from which a text is Japanese.
KANA_SHARE = 0.05

# Profile codes to ISO 639-1, and output codes that share one profile.
_OUTPUT_CODE = {"zh-cn": "zh", "zh-tw": "zh", "no": "nb"}
_SIBLINGS = {"no": ("nb", "nn", "no"), "id": ("id", "ms")}
_PROFILE_OF = {"nb": "no", "nn": "no", "ms": "id", "zh": "zh-cn"}
_LEGACY_CODES = {
    "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "fil": "tl", "tgl": "tl", "eng": "en",
    "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "rus": "ru", "ukr": "uk",
    "vie": "vi", "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko", "ara": "ar", "por": "pt",
    "ita": "it", "pol": "pl", "nob": "nb", "nno": "nn", "nor": "no", "msa": "ms", "may": "ms",
    "ind": "id", "tha": "th", "heb": "he", "per": "fa", "fas": "fa",
}  # fmt: skip

_URL = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+")
_TAG = re.compile(r"^[a-z]{2,3}$")


def normalize_language_tag(tag: str | None) -> str | None:
    """ISO 639-1 code of a BCP 47 / HTML `lang` tag ("en-US" → "en", "iw" → "he"), or None."""
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    primary = _LEGACY_CODES.get(primary, primary)
    return primary if _TAG.match(primary) and primary != UNDETERMINED else None


def detect_text(text: str) -> LanguageResult:
    """Language of one text, with no prior knowledge of its source."""
    return _identify(text or "", hint=None, declared=None)


def detect_language(
    title: str | None,
    lead: str | None,
    body: str | None,
    hint: str | None = None,
    declared: str | None = None,
) -> LanguageResult:
    """Language of an article from its extracted parts.

    `hint` is the language configured for the source and `declared` the page's `<html lang>`;
    both are priors that decide short or ambiguous text but yield to the text itself.
    """
    text = "\n".join(part for part in (title, lead, body) if part and part.strip())
    hint, declared = normalize_language_tag(hint), normalize_language_tag(declared)
    result = _identify(text, hint=hint, declared=declared)
    if declared and result.code not in (declared, UNDETERMINED) and len(text) > MAX_CHARS:
        return _second_look(text, title, lead, result, hint, declared)
    return result


def _second_look(
    text: str, title: str | None, lead: str | None, first: LanguageResult, hint: str | None, declared: str
) -> LanguageResult:
    """The page says `declared` and its opening says otherwise: quoted or embedded text (an
    English tweet in a German article) can fill the opening. The page's own words decide —
    the text after the opening, and the headline with the standfirst when they are long enough."""
    later = _identify(text[MAX_CHARS : MAX_CHARS * 3], hint=hint, declared=declared)
    if later.code != declared or later.confidence < SECOND_LOOK_CONFIDENCE:
        return first
    head = " ".join(part for part in (title, lead) if part)
    long_enough = sum(ch.isalpha() for ch in head) >= SECOND_LOOK_HEAD_LETTERS
    if long_enough and _identify(head, hint=hint, declared=declared).code != declared:
        return first
    return later


def _identify(text: str, hint: str | None, declared: str | None) -> LanguageResult:
    text = _URL.sub(" ", unicodedata.normalize("NFC", text[: MAX_CHARS * 2]))[:MAX_CHARS]
    text = fix_cyrillic_homoglyphs(repair_mojibake(text))
    profile = script_profile(text)
    script = profile.dominant()
    if not script:
        return LanguageResult(UNDETERMINED, 0.0)
    if script == "CJK":
        return _cjk(profile, hint, declared)
    if script in SCRIPT_LANGUAGE:
        return LanguageResult(SCRIPT_LANGUAGE[script], _script_confidence(profile, script))
    candidates = SCRIPT_CANDIDATES.get(script)
    if candidates is None or profile.counts.get(script, 0) < MIN_LETTERS:
        return LanguageResult(UNDETERMINED, 0.0)
    text = _only_script(text, script)
    verdict = _by_ngrams(text, candidates, hint, declared)
    if verdict is None:
        return LanguageResult(UNDETERMINED, 0.0)
    return review(text, script, verdict, hint, declared)


def _cjk(profile: ScriptProfile, hint: str | None, declared: str | None) -> LanguageResult:
    kana, han = profile.counts.get("Kana", 0), profile.counts.get("Han", 0)
    confidence = _script_confidence(profile, "Han", "Kana")
    if kana and kana >= KANA_SHARE * (kana + han):
        return LanguageResult("ja", confidence)
    # Han alone is Chinese, unless the source says Japanese (kana-free headlines exist).
    if "ja" in (hint, declared) and "zh" not in (hint, declared):
        return LanguageResult("ja", round(confidence * 0.6, 4))
    return LanguageResult("zh", confidence)


def _script_confidence(profile: ScriptProfile, *scripts: str) -> float:
    # A single ideograph or syllable says little; the share of foreign letters lowers trust too.
    letters = sum(profile.counts.get(s, 0) for s in scripts)
    length_factor = min(1.0, 0.5 + letters / 10)
    return round(max(0.0, min(0.99, profile.share(scripts) * length_factor)), 4)


def _only_script(text: str, script: str) -> str:
    # Letters of other scripts (a Latin brand in Russian text, a hanzi name in English)
    # would only add noise to the n-gram evidence.
    return "".join(ch if not ch.isalpha() or script_of(ch) == script else " " for ch in text)


def _by_ngrams(
    text: str, candidates: tuple[str, ...], hint: str | None, declared: str | None
) -> NgramVerdict | None:
    ngrams = extract_ngrams(text)
    model = get_model()
    if not model.known(ngrams[:PRUNE_AFTER], candidates) and not model.known(ngrams, candidates):
        return None
    head = ngrams[:PRUNE_AFTER]
    evidence = _evidence(text, candidates, hint, declared)
    scores = [
        ll / TEMPERATURE + e for ll, e in zip(model.log_likelihoods(head, candidates), evidence, strict=True)
    ]
    if len(ngrams) > PRUNE_AFTER:
        # The opening n-grams already rule most languages out: the rest of the text is
        # scored for the front runners only (long texts cost several times less).
        ranked = sorted(range(len(candidates)), key=scores.__getitem__, reverse=True)
        alive = ranked[:KEEP_CANDIDATES]
        more = model.log_likelihoods(ngrams[PRUNE_AFTER:], [candidates[i] for i in alive])
        candidates = tuple(candidates[i] for i in alive)
        scores = [scores[i] + m / TEMPERATURE for i, m in zip(alive, more, strict=True)]
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], i))
    best = order[0]
    top = scores[best]
    total = sum(math.exp(s - top) for s in scores)
    code = _output_code(candidates[best], text, hint, declared)
    # The posterior of a naive model is sure of itself even on a name or two; a few words
    # of text cannot deserve full trust whatever the model says.
    letters = sum(ch.isalpha() for ch in text)
    trust = min(1.0, 0.4 + 0.6 * letters / FULL_TRUST_LETTERS)
    fit, unexplained = model.fit(ngrams, candidates[best])
    return NgramVerdict(
        LanguageResult(code, round(trust / total, 4)),
        tuple(candidates[i] for i in order),
        fit,
        unexplained,
        letters,
        trust,
    )


def _evidence(text: str, candidates: tuple[str, ...], hint: str | None, declared: str | None) -> list[float]:
    """Everything but the n-grams, in tempered nats: letters, function words, priors."""
    penalties = foreign_letter_penalties(text, candidates)
    words = function_word_evidence(text, candidates)
    hint_profile = _PROFILE_OF.get(hint or "", hint)
    declared_profile = _PROFILE_OF.get(declared or "", declared)
    evidence = []
    for i, lang in enumerate(candidates):
        value = penalties[i] + words[i] + (0.0 if lang in MONITORED else UNMONITORED_PRIOR)
        if lang == hint_profile:
            value += HINT_PRIOR
        if lang == declared_profile:
            value += DECLARED_PRIOR
        evidence.append(value)
    return evidence


def _output_code(profile_code: str, text: str, hint: str | None, declared: str | None) -> str:
    siblings = _SIBLINGS.get(profile_code)
    if siblings is None:
        return _OUTPUT_CODE.get(profile_code, profile_code)
    for tag in (hint, declared):
        if tag in siblings:
            return tag
    # Without a hint, each variety's own spellings decide (Nynorsk ikkje/eg/kva, Malaysian
    # kerana/peratus/kerajaan); Bokmål and Indonesian on a tie.
    return pick_variety(text, siblings[:2])
