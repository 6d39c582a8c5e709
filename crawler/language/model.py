"""Character n-gram language model over langdetect's profiles, scored exhaustively and deterministically."""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat

from langdetect import PROFILES_DIRECTORY
from langdetect.detector_factory import DetectorFactory
from langdetect.utils.ngram import NGram

# langdetect's smoothing: an n-gram unseen in a language still gets ALPHA / BASE_FREQ.
_SMOOTHING = 0.5 / 10000
_NGRAM_ORDERS = (1, 2, 3)


class _CharFolding(dict[int, str]):
    """`str.translate` table applying langdetect's character folding (punctuation to space,
    Romanian comma-below to cedilla, ...), filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        folded = str(NGram.normalize(chr(code)))
        self[code] = folded
        return folded


_FOLDING = _CharFolding()


def extract_ngrams(text: str) -> list[str]:
    """The 1-, 2- and 3-grams of `text`'s words in text order, each word padded with a space
    as langdetect does.

    Words in capitals (acronyms, shouted headlines) are skipped: their letters say little
    about the language.
    """
    found: list[str] = []
    for word in text.translate(_FOLDING).split():
        if len(word) > 1 and word.isupper():
            continue
        found.extend(_word_ngrams(word))
    return found


@lru_cache(maxsize=65536)
def _word_ngrams(word: str) -> tuple[str, ...]:
    # Cached: everyday words recur in every text.
    padded = f" {word} "
    return tuple(
        gram for n in _NGRAM_ORDERS for i in range(len(padded) - n + 1) if (gram := padded[i : i + n]) != " "
    )


class NgramModel:
    """Naive-Bayes scorer over langdetect's 55 language profiles.

    langdetect itself samples n-grams at random and stops early, so its answer on short or
    ambiguous text depends on the seed; summing the log-probabilities of every n-gram gives
    the same answer every time and is cheaper. Each language keeps only the n-grams its
    profile has, as the gain in log-probability over an unseen n-gram (the unseen baseline
    is the same for every language, so it cancels out). The instance is read-only after
    loading, hence safe to share between threads.
    """

    def __init__(self, profiles_directory: str = PROFILES_DIRECTORY) -> None:
        factory = DetectorFactory()
        factory.load_profile(profiles_directory)
        self.languages: tuple[str, ...] = tuple(factory.get_lang_list())
        unseen = math.log(_SMOOTHING)
        self._gain: dict[str, dict[str, float]] = {lang: {} for lang in self.languages}
        for gram, probs in factory.word_lang_prob_map.items():
            for lang, p in zip(self.languages, probs, strict=True):
                if p > 0.0:
                    self._gain[lang][gram] = math.log(p + _SMOOTHING) - unseen

    def log_likelihoods(self, ngrams: Sequence[str], candidates: Sequence[str]) -> list[float]:
        """Log-likelihood of the n-grams under each candidate, up to a shared constant."""
        return [sum(map(self._gain[lang].get, ngrams, repeat(0.0, len(ngrams)))) for lang in candidates]

    def fit(self, ngrams: Sequence[str], lang: str) -> tuple[float, int]:
        """How well `lang`'s profile explains the text: the share of its 3-grams the profile
        has, and the number of its letters beyond ASCII the profile has never seen.

        The posterior only compares the candidates; these say whether the best of them is a
        language at all (Icelandic scored as Hungarian covers ~35% of its 3-grams and brings
        "ð", "þ"; real Hungarian covers over 60%).
        """
        gain = self._gain[lang]
        trigrams = [gram for gram in ngrams if len(gram) == 3]
        known = sum(gram in gain for gram in trigrams) / len(trigrams) if trigrams else 0.0
        unexplained = sum(
            1
            for gram in ngrams
            if len(gram) == 1 and not gram.isascii() and gram not in gain and gram.lower() not in gain
        )
        return known, unexplained

    def known(self, ngrams: Sequence[str], candidates: Sequence[str]) -> bool:
        """Whether any n-gram is in the profile of any candidate."""
        return any(gram in self._gain[lang] for lang in candidates for gram in ngrams)


_lock = threading.Lock()
_model: NgramModel | None = None


def get_model() -> NgramModel:
    """The process-wide model, loaded on first use (about 0.5 s, 20 MB)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = NgramModel()
    return _model
