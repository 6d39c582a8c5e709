"""Streams GDELT 2.0 Global Knowledge Graph (GKG 2.1) files and keeps the records about Vietnam.

A GKG 2.1 file is one zip archive holding one tab-separated member, one record per line, no
header, 27 columns (the GKG 2.1 codebook, "GKG 2.1 record format"); the columns used here are
named below. A record is kept when one of its locations is in Vietnam (FIPS 10-4 country code
`VM`: GDELT uses FIPS, not ISO) or when its names, themes or URL words match the lexicon, and
dropped when its outlet is Vietnamese (vnmon/kernel/domestic.py: a `.vn` host or source name,
or a Vietnamese outlet on a generic domain of config/domestic.yaml). Each file is read line by
line from the zip member: memory stays flat whatever the file's size. A line that is not a GKG
record, a record without a URL (citation-only sources) and an archive that ends early are
counted, never raised.
"""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from vnmon.kernel.domestic import is_domestic_outlet
from vnmon.kernel.lexicon import Lexicon

# GKG 2.1 columns (0-based), in the codebook's order.
GKG_COLUMNS: tuple[str, ...] = (
    "GKGRECORDID",
    "V2.1DATE",
    "V2SOURCECOLLECTIONIDENTIFIER",
    "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER",
    "V1COUNTS",
    "V2.1COUNTS",
    "V1THEMES",
    "V2ENHANCEDTHEMES",
    "V1LOCATIONS",
    "V2ENHANCEDLOCATIONS",
    "V1PERSONS",
    "V2ENHANCEDPERSONS",
    "V1ORGANIZATIONS",
    "V2ENHANCEDORGANIZATIONS",
    "V1.5TONE",
    "V2.1ENHANCEDDATES",
    "V2GCAM",
    "V2.1SHARINGIMAGE",
    "V2.1RELATEDIMAGES",
    "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS",
    "V2.1QUOTATIONS",
    "V2.1ALLNAMES",
    "V2.1AMOUNTS",
    "V2.1TRANSLATIONINFO",
    "V2EXTRASXML",
)
_COL = {name: index for index, name in enumerate(GKG_COLUMNS)}
RECORD_ID, DATE, COLLECTION, SOURCE_NAME, DOCUMENT = 0, 1, 2, 3, 4
THEMES, V1_LOCATIONS, V2_LOCATIONS = _COL["V1THEMES"], _COL["V1LOCATIONS"], _COL["V2ENHANCEDLOCATIONS"]
PERSONS, ORGANIZATIONS = _COL["V1PERSONS"], _COL["V1ORGANIZATIONS"]
TONE, ALL_NAMES, TRANSLATION = _COL["V1.5TONE"], _COL["V2.1ALLNAMES"], _COL["V2.1TRANSLATIONINFO"]
# V2SOURCECOLLECTIONIDENTIFIER: 1 = the open web (the identifier is the article's URL); the
# others (2 citation only, 3 CORE, 4 DTIC, 5 JSTOR, 6 non-textual) carry no fetchable URL.
WEB_COLLECTION = "1"
VIETNAM_FIPS = "VM"
MAX_LOCATIONS = 20  # Vietnamese locations kept per record
MAX_URL_CHARS = 2000
MAX_CACHED = 200_000  # names and themes remembered (~30 MB at most)
_PIECE = 1 << 20  # bytes read, and inflated, at a time
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # a zip local file header (APPNOTE 4.3.7)


@dataclass
class Discovered:
    """One article URL that discovery found, with what GDELT said about it."""

    url: str
    via: str  # gdelt-gkg | gdelt-doc
    source_name: str = ""
    tone: float | None = None
    locations: list[str] = field(default_factory=list)  # Vietnamese locations GDELT found in it
    translated: bool = False
    batch: str | None = None  # ISO time of the 15-minute batch (GKG) or when GDELT saw it (DOC)
    matched: str = ""  # location | lexicon | query
    source_country: str | None = None  # ISO 3166-1 alpha-2, when GDELT gave it
    language: str | None = None  # ISO 639-1, when GDELT gave it
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Discovered:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class ParseStats:
    """What reading GKG files came to: records seen, kept, and every reason for the others."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, key: str, amount: int = 1) -> None:
        self.counts[key] += amount

    def __getitem__(self, key: str) -> int:
        return self.counts[key]


def vietnamese_locations(v2: str, v1: str) -> list[str]:
    """Names of the locations in Vietnam, from V2ENHANCEDLOCATIONS (else V1LOCATIONS).

    A location block is `Type#FullName#CountryCode#ADM1#...`: the country code is field 3.
    """
    text = v2 or v1
    if f"#{VIETNAM_FIPS}#" not in text:
        return []
    names: list[str] = []
    for block in text.split(";"):
        parts = block.split("#")
        if len(parts) > 2 and parts[2] == VIETNAM_FIPS and parts[1] and parts[1] not in names:
            names.append(parts[1])
            if len(names) >= MAX_LOCATIONS:
                break
    return names


def first_tone(value: str) -> float | None:
    """The average tone: first of V1.5TONE's comma-separated values (-100 … +100)."""
    head = value.split(",", 1)[0].strip()
    try:
        tone = float(head)
    except ValueError:
        return None
    return tone if -100.0 <= tone <= 100.0 else None


def batch_time(value: str) -> datetime | None:
    """V2.1DATE (`YYYYMMDDHHMMSS`, UTC) as a datetime."""
    try:
        return datetime.strptime(value.strip(), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _host_and_path(url: str) -> tuple[str, str]:
    """`url`'s host (lowercase, no port or user) and path, by plain string cuts (the URL starts
    with http:// or https://; urlsplit would cost more than the rest of a record's check)."""
    rest = url.split("://", 1)[-1]
    slash = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    host = rest[:slash].rsplit("@", 1)[-1]
    host = host[1:].split("]", 1)[0] if host.startswith("[") else host.split(":", 1)[0]
    return host.lower(), rest[slash:].split("?", 1)[0].split("#", 1)[0]


def _url_words(path: str) -> str:
    """The words of a URL's path ("/world/2026/vietnam-floods-hue/" → "world 2026 vietnam floods hue")."""
    if "%" in path:
        path = unquote(path)
    for sep in "/-_.+,":
        path = path.replace(sep, " ")
    return path


_WORD = re.compile(r"[a-z0-9]+")


def term_starts(lexicon: Lexicon) -> re.Pattern[str]:
    """How lexicon terms start, as one pattern over lowercase ASCII text: a word beginning with the
    first four letters of a term's first word (four letters or more, or with an open ending), or
    a whole first word shorter than that. An ASCII text can match a term only where this pattern
    does (a test in C before the full lexicon pass)."""
    prefixes, words = set(), set()
    for entry in lexicon.entries.values():
        for term in entry.terms:
            folded = term.folded.lstrip("=").lower()
            first = _WORD.match(folded)
            if first is None:  # a term that does not start with a Latin letter or digit
                continue
            word = first.group()
            if len(word) >= 4 or folded[len(word) : len(word) + 1] in ("*", "~"):
                prefixes.add(word[:4])
            else:
                words.add(word)
    starts = "|".join(sorted(prefixes, key=lambda p: (-len(p), p)))
    whole = "|".join(sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![a-z0-9])(?:(?:{starts})|(?:{whole})(?![a-z0-9]))")


def _may_match(text: str, starts: re.Pattern[str]) -> bool:
    return starts.search(text) is not None


class GkgFilter:
    """Decides, record by record, which GKG lines name a Vietnamese subject worth fetching."""

    def __init__(self, lexicon: Lexicon, via: str = "gdelt-gkg") -> None:
        self.lexicon = lexicon
        self.via = via
        self.stats = ParseStats()
        self._cache: dict[str, bool] = {}  # name or theme -> whether the lexicon matches it
        self._starts = term_starts(lexicon)

    def records(self, lines: Iterable[str], translated_file: bool = False) -> Iterator[Discovered]:
        """The relevant, foreign, fetchable records among `lines` (one GKG record each)."""
        for line in lines:
            found = self.record(line, translated_file)
            if found is not None:
                yield found

    def record(self, line: str, translated_file: bool = False) -> Discovered | None:
        stats = self.stats
        stats.add("records")
        cols = line.rstrip("\r\n").split("\t")
        date = cols[DATE] if len(cols) > DATE else ""
        if len(cols) != len(GKG_COLUMNS) or not cols[RECORD_ID] or len(date) != 14 or not date.isdigit():
            stats.add("malformed")
            return None
        url = cols[DOCUMENT].strip()
        if cols[COLLECTION] != WEB_COLLECTION or not url.lower().startswith(("http://", "https://")):
            stats.add("not_a_url")  # citation-only and other non-web identifiers
            return None
        host, path = _host_and_path(url)
        if len(url) > MAX_URL_CHARS or not host:
            stats.add("bad_url")
            return None
        locations = vietnamese_locations(cols[V2_LOCATIONS], cols[V1_LOCATIONS])
        matched = "location" if locations else ""
        if not matched and self._names_vietnam(path, cols):
            matched = "lexicon"
        if not matched:
            stats.add("not_about_vietnam")
            return None
        source_name = cols[SOURCE_NAME].strip()
        if is_domestic_outlet(host, source_name):
            stats.add("domestic")
            return None
        stats.add("kept")
        moment = batch_time(date)
        return Discovered(
            url=url,
            via=self.via,
            source_name=source_name[:300],
            tone=first_tone(cols[TONE]),
            locations=locations,
            translated=translated_file or "-T" in cols[RECORD_ID] or bool(cols[TRANSLATION].strip()),
            batch=moment.isoformat() if moment else None,
            matched=matched,
        )

    def _names_vietnam(self, path: str, cols: list[str]) -> bool:
        """Whether the record's names, themes or URL words match the lexicon.

        Names and themes recur from record to record (the same people, places and themes are in
        the news all day): each is looked up once and remembered. The URL's words are new each
        time and cost one lexicon pass over a short text.
        """
        names = cols[ALL_NAMES] or f"{cols[PERSONS]};{cols[ORGANIZATIONS]}"
        for name in names.split(";"):
            if name and self._known(name.split(",", 1)[0]):
                return True
        for theme in cols[THEMES].split(";"):
            if theme and self._known(theme.replace("_", " ")):
                return True
        words = _url_words(path)
        # Most URLs hold no word a lexicon term can start with: no need for the full pass.
        if words.isascii() and not _may_match(words.lower(), self._starts):
            return False
        return bool(self.lexicon.find(words))

    def _known(self, text: str) -> bool:
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= MAX_CACHED:
                self._cache.clear()
            found = self._cache[text] = bool(self.lexicon.find(text))
        return found


def read_gkg_zip(path: Path, stats: ParseStats) -> Iterator[str]:
    """The lines of a zipped GKG file, streamed from its one member.

    A file that is not a whole zip archive (truncated download, an error page), whose member
    ends early or whose CRC is wrong is counted under `truncated_files`; the lines read before
    the damage are kept.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError):
        stats.add("truncated_files")
        return
    if not members:
        stats.add("truncated_files")
        return
    try:
        yield from _member_lines(path, members[0])
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        stats.add("truncated_files")


def _member_lines(path: Path, member: zipfile.ZipInfo) -> Iterator[str]:
    """The text lines of `member` (without their line ends), decoded a piece at a time: a whole
    piece is decoded and split in C, instead of a line at a time through TextIOWrapper."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    tail = ""
    for plain in _inflated(path, member):
        lines = (tail + decoder.decode(plain)).split("\n")
        tail = lines.pop()
        yield from lines
    tail += decoder.decode(b"", final=True)
    if tail:
        yield tail


def _inflated(path: Path, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The uncompressed bytes of `member`, in pieces of at most _PIECE bytes (a deflate stream
    can expand a thousandfold: never all at once). Inflating takes a third of a GKG file's
    parse: ISA-L's inflate (python-isal) is ~3.5 times zlib's, which serves when it is absent."""
    inflater, crc32 = _inflater()
    with path.open("rb") as handle:
        handle.seek(member.header_offset)
        header = handle.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"{path}: no local header for {member.filename}")
        name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
        handle.seek(member.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
        if member.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
            raise zipfile.BadZipFile(f"{path}: compression method {member.compress_type} is not deflate")
        stored = member.compress_type == zipfile.ZIP_STORED
        remaining, crc = member.compress_size, 0
        while remaining > 0:
            data = handle.read(min(_PIECE, remaining))
            if not data:
                raise EOFError(f"{path}: the archive ends early")
            remaining -= len(data)
            while data:
                plain = data if stored else inflater.decompress(data, _PIECE)
                data = b"" if stored else inflater.unconsumed_tail
                crc = crc32(plain, crc)
                yield plain
        if not stored and not inflater.eof:
            raise EOFError(f"{path}: the deflate stream of {member.filename} ends early")
    if crc != member.CRC:
        raise zipfile.BadZipFile(f"{path}: bad CRC of {member.filename}")


def _inflater() -> tuple[Any, Callable[[bytes, int], int]]:
    """A raw-deflate decompressor and its CRC-32: ISA-L's when python-isal is installed, else zlib's."""
    try:
        from isal import isal_zlib
    except ImportError:
        return zlib.decompressobj(-zlib.MAX_WBITS), zlib.crc32
    return isal_zlib.decompressobj(-zlib.MAX_WBITS), isal_zlib.crc32
