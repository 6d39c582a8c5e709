"""When to ask lingua after the n-gram model, and whose answer to keep (or "und")."""

from __future__ import annotations

from crawler.language.lingua_model import lingua_confidences
from crawler.language.result import UNDETERMINED, LanguageResult, NgramVerdict

# Languages of each script that lingua knows and langdetect's profiles lack. They are always
# among lingua's choices, so a text in one of them can get its own code instead of its
# nearest neighbour's. Latin ("la") is no news language: lingua's answer for lorem ipsum and
# keyboard mash, hence "und".
LINGUA_ONLY: dict[str, tuple[str, ...]] = {
    "Latin": ("az", "bs", "eo", "eu", "ga", "is", "la", "ms"),
    "Cyrillic": ("be", "kk", "mn", "sr"),
}
NOT_A_LANGUAGE = "la"
# Winners (profile codes) whose close neighbour is lingua-only and leaves no letter cue:
# Bosnian reads as Croatian, Serbian as Macedonian. (Icelandic brings letters and 3-grams
# Nordic profiles lack; Malay is told from Indonesian by its own words, cues.VARIETY_WORDS.)
NEIGHBOURS_LACKING: frozenset[str] = frozenset({"hr", "mk"})
# Below this share of known 3-grams the winner is doubtful (real text of a language: over 0.6
# for 98% of the shared sentences, whatever the language).
FIT_FLOOR = 0.6
# Below this share the winner explains too little of the text to be any language it knows.
FIT_UND = 0.45
# ... when the text has this many letters (fewer say too little about any fit).
MIN_LETTERS_UND = 20
# Below this confidence the n-gram answer is asked about (short or mixed text).
CONFIDENCE_FLOOR = 0.6
# The n-gram model's runners-up offered to lingua beside the winner.
RUNNERS_UP = 2
# lingua's confidence from which its answer replaces the n-gram model's.
LINGUA_TRUSTED = 0.9
# lingua's confidence from which it overrules an unsure n-gram answer between languages both know.
LINGUA_SURE = 0.99

# Letters beyond ASCII of the lingua-only languages (all letters for Cyrillic). A text with
# more letters outside a language's alphabet than names can explain is not in it (Maltese ħ,
# ġ, ż are no Bosnian; Hawaiian ā, ō are no Malay).
ALPHABETS: dict[str, str] = {
    "az": "çəğıöşü",
    "bs": "čćđšž",
    "eo": "ĉĝĥĵŝŭ",
    "eu": "ñü",
    "ga": "áéíóú",
    "is": "áéíóúýðþæö",
    "ms": "",
    "be": "абвгґдеёжзійклмнопрстуўфхцчшыьэюя",
    "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
    "mn": "абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
}
_OWN = {code: frozenset(letters) for code, letters in ALPHABETS.items()}
# Letters without one of which a text is not in the language, whatever lingua's trigrams say
# (a Ukrainian text with a Russian loan-word is no Belarusian without "ў").
SIGNATURES: dict[str, str] = {
    "az": "ə",
    "eo": "ĉĝĥĵŝŭ",
    "be": "ў",
    "kk": "әғқңөұүһ",
    "mn": "өү",
    "sr": "ђћј",
}
# Foreign letters tolerated per 100 letters (a Vietnamese name with its diacritics), at least 2.
FOREIGN_PER_100 = 1.0

_LINGUA_CODES = {"no": ("nb", "nn"), "zh-cn": ("zh",), "zh-tw": ("zh",)}
# Varieties the n-gram stage already split by their own words and the source's language.
_SIBLINGS: tuple[frozenset[str], ...] = (frozenset({"id", "ms"}), frozenset({"nb", "nn"}))


def review(
    text: str, script: str, verdict: NgramVerdict, hint: str | None, declared: str | None
) -> LanguageResult:
    """The n-gram verdict, checked by lingua when it may be wrong; "und" when neither is sure."""
    lacking = LINGUA_ONLY.get(script)
    if lacking is None or not _doubtful(verdict, hint, declared, lacking):
        return verdict.result
    offered = {
        code
        for profile in verdict.ranked[: 1 + RUNNERS_UP]
        for code in _LINGUA_CODES.get(profile, (profile,))
    }
    offered.update(lacking)
    offered.update(tag for tag in (hint, declared) if tag)
    scores = lingua_confidences(text, offered)
    if not scores:
        return verdict.result
    return _decide(text, verdict, scores[0], hint, declared)


def _doubtful(
    verdict: NgramVerdict, hint: str | None, declared: str | None, lacking: tuple[str, ...]
) -> bool:
    return (
        verdict.fit < FIT_FLOOR
        or verdict.unexplained > 0
        or verdict.result.confidence < CONFIDENCE_FLOOR
        or verdict.ranked[0] in NEIGHBOURS_LACKING
        or hint in lacking
        or declared in lacking
    )


def _decide(
    text: str, verdict: NgramVerdict, second: tuple[str, float], hint: str | None, declared: str | None
) -> LanguageResult:
    first = verdict.result
    code, confidence = second
    if code == first.code or frozenset({code, first.code}) in _SIBLINGS:
        return first
    # Only a text the n-gram model cannot explain (or one the source says is in a language
    # it lacks) may be in a language it lacks: on short texts in its own languages lingua's
    # low-accuracy mode errs more often than it does.
    misfit = verdict.fit < FIT_FLOOR or verdict.unexplained > 0
    if code in _OWN and (misfit or code in (hint, declared) or verdict.ranked[0] in NEIGHBOURS_LACKING):
        if _signed(text, code) and _foreign_letters(text, code):
            return LanguageResult(UNDETERMINED, 0.0)
        if _signed(text, code) and confidence >= LINGUA_TRUSTED:
            return LanguageResult(code, round(confidence * verdict.trust, 4))
    if misfit and _unrecognised(verdict, code, confidence):
        return LanguageResult(UNDETERMINED, 0.0)
    if code not in _OWN and confidence >= LINGUA_SURE and first.confidence < CONFIDENCE_FLOOR:
        # A sure second opinion beats an unsure first one (8 to 2 on the shared sentences).
        return LanguageResult(code, round(confidence * verdict.trust, 4))
    return first


def _unrecognised(verdict: NgramVerdict, code: str, confidence: float) -> bool:
    # Keyboard mash, lorem ipsum, a language neither detector knows: lingua calls it Latin,
    # or the n-gram winner explains too little of a text long enough to judge.
    if code == NOT_A_LANGUAGE and confidence >= LINGUA_TRUSTED:
        return True
    return verdict.fit < FIT_UND and verdict.letters >= MIN_LETTERS_UND


def _signed(text: str, code: str) -> bool:
    signature = SIGNATURES.get(code)
    return signature is None or any(ch in signature for ch in text.lower())


def _foreign_letters(text: str, code: str) -> bool:
    own = _OWN[code]
    cyrillic = code in CYRILLIC
    letters = [ch for ch in text.lower() if ch.isalpha()]
    foreign = sum(1 for ch in letters if (cyrillic or not ch.isascii()) and ch not in own)
    # Cyrillic names are transliterated into the language's own alphabet: no letter is foreign.
    allowed = 0.0 if cyrillic else max(2.0, FOREIGN_PER_100 * len(letters) / 100)
    return foreign > allowed


CYRILLIC: frozenset[str] = frozenset(LINGUA_ONLY["Cyrillic"])
