"""Character n-gram language model over langdetect's profiles, scored exhaustively and deterministically."""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from langdetect import PROFILES_DIRECTORY
from langdetect.detector_factory import DetectorFactory
from langdetect.utils.ngram import NGram

# langdetect's smoothing: an n-gram unseen in a language still gets ALPHA / BASE_FREQ.
_SMOOTHING = 0.5 / 10000
_NGRAM_ORDERS = (1, 2, 3)


@lru_cache(maxsize=16384)
def _normalise_char(ch: str) -> str:
    # langdetect's own folding (punctuation to space, CJK to class representatives, ...),
    # cached because it does a block lookup per call.
    return str(NGram.normalize(ch))


def extract_ngrams(text: str) -> Counter[str]:
    """The 1-, 2- and 3-grams of `text` as langdetect forms them (all-capital words skipped)."""
    found: Counter[str] = Counter()
    grams = " "
    capital_word = False
    for raw in text:
        ch = _normalise_char(raw)
        last = grams[-1]
        if last == " ":
            grams = " "
            capital_word = False
            if ch == " ":
                continue
        elif len(grams) >= 3:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capital_word = True
        else:
            capital_word = False
        if capital_word:
            continue
        for n in _NGRAM_ORDERS:
            if len(grams) < n:
                break
            gram = grams[-n:]
            if gram != " ":
                found[gram] += 1
    return found


class NgramModel:
    """Naive-Bayes scorer over langdetect's 55 language profiles.

    langdetect itself samples n-grams at random and stops early, so its answer on short or
    ambiguous text depends on the seed; summing the log-probabilities of every n-gram gives
    the same answer every time and is cheaper. The instance is read-only after loading,
    hence safe to share between threads.
    """

    def __init__(self, profiles_directory: str = PROFILES_DIRECTORY) -> None:
        factory = DetectorFactory()
        factory.load_profile(profiles_directory)
        self.languages: tuple[str, ...] = tuple(factory.get_lang_list())
        self._log_prob: dict[str, tuple[float, ...]] = {
            gram: tuple(math.log(p + _SMOOTHING) for p in probs)
            for gram, probs in factory.word_lang_prob_map.items()
        }
        self._index = {lang: i for i, lang in enumerate(self.languages)}

    def log_likelihoods(self, ngrams: Counter[str], candidates: Sequence[str]) -> tuple[list[float], int]:
        """Log-likelihood of the n-grams under each candidate, and how many n-grams counted."""
        columns = [self._index[lang] for lang in candidates]
        scores = [0.0] * len(columns)
        used = 0
        for gram, count in ngrams.items():
            row = self._log_prob.get(gram)
            if row is None:
                continue
            used += count
            for j, column in enumerate(columns):
                scores[j] += count * row[column]
        return scores, used


_lock = threading.Lock()
_model: NgramModel | None = None


def get_model() -> NgramModel:
    """The process-wide model, loaded on first use (about 0.3 s)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = NgramModel()
    return _model
