"""64-bit SimHash of article bodies, to spot one wire story syndicated by many outlets."""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from itertools import combinations

SIMHASH_BITS = 64
# Largest Hamming distance at which two bodies count as the same story; chosen on the
# multilingual wire-copy / same-topic pairs in tests/crawler/test_dedup.py (copies with
# another outlet's intro/outro and 3-6 random edits: 99.6-100% within 11; other
# stories: 22 and more). Two unrelated random fingerprints fall this close with
# probability 5e-8, and 11 = 4 bands x 3 - 1 keeps band probing at radius 2.
SIMHASH_MAX_DISTANCE = 11
# Bodies with fewer units than this carry too little text to be compared at all.
MIN_UNITS = 24
# Shingle sizes: word pairs, ideograph pairs (a CJK word is one or two characters),
# and 3 letters (about a syllable) of the unspaced alphabetic scripts (Thai, Lao, Khmer, Myanmar).
# Bigger shingles make an edited word or a swapped intro cost more bits.
WORD_SHINGLE = 2
IDEOGRAPH_SHINGLE = 2
LETTER_SHINGLE = 3
# Weights of shingles near the start/end of a body versus in its middle (see shingles()).
EDGE_FRACTION = 0.15
EDGE_WEIGHT = 1
BODY_WEIGHT = 4

# Unspaced alphabetic scripts: shingled by characters, not words.
_LETTER_RANGES: tuple[tuple[int, int], ...] = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
)
# Ideographic scripts: shingled by characters too.
_IDEOGRAPH_RANGES: tuple[tuple[int, int], ...] = (
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3134F),  # CJK extensions B-G
)


class _WordCharTable(dict[int, int]):
    """str.translate table: letters, digits and marks stay, everything else becomes a space."""

    def __missing__(self, codepoint: int) -> int:
        category = unicodedata.category(chr(codepoint))
        value = codepoint if category[0] in "LNM" else ord(" ")
        self[codepoint] = value
        return value


_TABLE = _WordCharTable()


def _in(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in ranges)


def _is_dense(char: str) -> bool:
    # Fast path: Latin, Cyrillic, Arabic, Indic... all lie below Thai.
    return ord(char) >= 0x0E00 and (_in(char, _IDEOGRAPH_RANGES) or _in(char, _LETTER_RANGES))


def text_units(text: str) -> list[str]:
    """Comparison units of a body: casefolded words, or single characters in CJK/Thai runs."""
    cleaned = unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)
    units: list[str] = []
    for token in cleaned.split():
        if _is_dense(token[0]) or _is_dense(token[-1]):
            units.extend(token)
        else:
            units.append(token)
    return units


def shingles(units: list[str]) -> Counter[str]:
    """Weighted overlapping n-grams of units, sized by the script most units are in.

    Shingles in the first and last EDGE_FRACTION of the text weigh EDGE_WEIGHT, the
    rest BODY_WEIGHT: outlets wrap the same wire copy in their own datelines, bylines,
    "read more" and newsletter blurbs, which sit at the edges.
    """
    size = _shingle_size(units)
    count = len(units) - size + 1
    if count <= 1:
        return Counter([" ".join(units)]) if units else Counter()
    edge = int(count * EDGE_FRACTION)
    weighted: Counter[str] = Counter()
    for start in range(count):
        in_edge = start < edge or start >= count - edge
        weighted[" ".join(units[start : start + size])] += EDGE_WEIGHT if in_edge else BODY_WEIGHT
    return weighted


def _shingle_size(units: list[str]) -> int:
    ideographs = letters = 0
    for unit in units:
        if len(unit) == 1 and ord(unit) >= 0x0E00:
            ideographs += _in(unit, _IDEOGRAPH_RANGES)
            letters += _in(unit, _LETTER_RANGES)
    if ideographs * 2 > len(units):
        return IDEOGRAPH_SHINGLE
    if letters * 2 > len(units):
        return LETTER_SHINGLE
    return WORD_SHINGLE


# Per-bit vote counting packed into one big integer: bit b of a feature hash becomes a
# 1 in a 32-bit field at b * 32, so adding the spread forms of all features adds up
# all 64 bit counts at once (one big-int add per feature instead of 64 small ones).
_FIELD = 32
_SPREAD: tuple[tuple[int, ...], ...] = tuple(
    tuple(
        sum(1 << (((7 - index) * 8 + bit) * _FIELD) for bit in range(8) if byte >> bit & 1)
        for byte in range(256)
    )
    for index in range(8)
)


def _spread_hash(feature: str) -> int:
    """The feature's 64-bit hash (bit b = bit b of the big-endian digest), spread out."""
    digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
    t = _SPREAD
    return (
        t[0][digest[0]] + t[1][digest[1]] + t[2][digest[2]] + t[3][digest[3]]
        + t[4][digest[4]] + t[5][digest[5]] + t[6][digest[6]] + t[7][digest[7]]
    )  # fmt: skip


def simhash(text: str) -> int:
    """64-bit SimHash over the shingles of the normalised text (0 for empty text).

    Bit b is set when the features (weighted by count) whose hash has bit b set
    outweigh those whose hash has it clear.
    """
    features = shingles(text_units(text))
    if not features:
        return 0
    total = sum(features.values())
    if total >= 1 << (_FIELD - 1):
        raise ValueError(f"text too long for a simhash: {total} shingles")
    votes = sum(_spread_hash(feature) * weight for feature, weight in features.items())
    field_mask = (1 << _FIELD) - 1
    return sum(
        1 << bit for bit in range(SIMHASH_BITS) if 2 * ((votes >> (bit * _FIELD)) & field_mask) > total
    )


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two fingerprints."""
    return (a ^ b).bit_count()


def format_simhash(h: int) -> str:
    """The 16-hex-digit form stored in `Article.simhash`."""
    return f"{h:016x}"


def parse_simhash(text: str) -> int:
    """Inverse of format_simhash; ValueError names the bad value."""
    try:
        value = int(text, 16)
    except ValueError as exc:
        raise ValueError(f"not a hex simhash: {text!r}") from exc
    if not 0 <= value < 1 << SIMHASH_BITS:
        raise ValueError(f"simhash out of 64-bit range: {text!r}")
    return value


def band_widths(bands: int) -> list[int]:
    """Bits per band: 64 split as evenly as possible, wider bands first."""
    if not 1 <= bands <= SIMHASH_BITS:
        raise ValueError(f"bands must be between 1 and {SIMHASH_BITS}, got {bands}")
    base, extra = divmod(SIMHASH_BITS, bands)
    return [base + 1 if i < extra else base for i in range(bands)]


def band_values(h: int, bands: int = 4) -> list[int]:
    """The integer value of each band, lowest band (least significant bits) first."""
    values: list[int] = []
    shift = 0
    for width in band_widths(bands):
        values.append((h >> shift) & ((1 << width) - 1))
        shift += width
    return values


def _band_label(index: int, value: int, width: int) -> str:
    return f"{index}:{value:0{(width + 3) // 4}x}"


def simhash_bands(h: int, bands: int = 4) -> list[str]:
    """Band strings like "0:ab12" for a keyword field; equal band = candidate duplicate.

    Exact band matches only find pairs within `bands - 1` bits for sure; to find every pair
    within SIMHASH_MAX_DISTANCE, query with simhash_band_probes instead.
    """
    widths = band_widths(bands)
    return [
        _band_label(i, value, width)
        for i, (value, width) in enumerate(zip(band_values(h, bands), widths, strict=True))
    ]


def probe_radius(bands: int, max_distance: int) -> int:
    """Bits that must be flipped per band so that no pair within max_distance is missed.

    If every band differed in more than r bits the distance would be at least
    bands * (r + 1); so r = ceil((max_distance + 1) / bands) - 1 suffices.
    """
    return max(0, -(-(max_distance + 1) // bands) - 1)


@lru_cache(maxsize=64)
def band_masks(width: int, radius: int) -> tuple[int, ...]:
    """XOR masks flipping at most `radius` of `width` bits (0 first)."""
    return tuple(
        sum(1 << position for position in positions)
        for flips in range(radius + 1)
        for positions in combinations(range(width), flips)
    )


def band_neighbours(value: int, width: int, radius: int) -> Iterator[int]:
    """Every band value within `radius` flipped bits of `value` (itself first)."""
    return (value ^ mask for mask in band_masks(width, radius))


def simhash_band_probes(h: int, bands: int = 4, max_distance: int = SIMHASH_MAX_DISTANCE) -> list[str]:
    """Band strings of every band value within probe_radius of h's bands.

    A stored document whose simhash_bands share any of these strings is a candidate;
    every document within max_distance of h is guaranteed to share one (multi-index
    hashing). Verify candidates with hamming(). With 4 bands and distance 11 this is
    548 terms, well within what an Elasticsearch terms query accepts.
    """
    widths = band_widths(bands)
    radius = probe_radius(bands, max_distance)
    return [
        _band_label(i, neighbour, width)
        for i, (value, width) in enumerate(zip(band_values(h, bands), widths, strict=True))
        for neighbour in band_neighbours(value, width, radius)
    ]
