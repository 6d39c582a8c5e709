"""Character n-gram language model over langdetect's profiles, scored exhaustively and deterministically."""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Sequence

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


def extract_ngrams(text: str) -> Counter[str]:
    """The 1-, 2- and 3-grams of `text`'s words, each padded with a space as langdetect does.

    Words in capitals (acronyms, shouted headlines) are skipped: their letters say little
    about the language.
    """
    words = Counter(text.translate(_FOLDING).split())
    found: Counter[str] = Counter()
    for word, count in words.items():
        if len(word) > 1 and word.isupper():
            continue
        padded = f" {word} "
        for n in _NGRAM_ORDERS:
            for i in range(len(padded) - n + 1):
                found[padded[i : i + n]] += count
    del found[" "]
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
            scores = [score + count * row[column] for score, column in zip(scores, columns, strict=True)]
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
