"""Finds the GDELT 2.0 GKG files to read, reads each once, and hands the URLs found to the crawler.

GDELT publishes a GKG file every 15 minutes under its base URL (`VNMON_GDELT_BASE_URL`):
`lastupdate.txt` names the newest (English sources), `lastupdate-translation.txt` the newest of
GDELT Translingual (non-English sources, machine-translated), each line `size md5 url`; the
`masterfilelist*.txt` files list every file since 2015 in the same form. A run reads the newest
file of each stream and catches up on the files it missed since the last run (at most
`VNMON_GDELT_CATCHUP_HOURS` back), in time order. After each file, its records are appended to the
pending file and the file's time is saved as the stream's state (atomically, under
`VNMON_DATA_DIR/discovery/`): a file is never read twice, and a run killed in the middle resumes
at the next file. The crawl then empties the pending file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from crawler.discovery.gkg import Discovered, GkgFilter, ParseStats, read_gkg_zip
from vnmon.kernel.errors import VnmonError
from vnmon.kernel.lexicon import Lexicon
from vnmon.kernel.settings import get_settings

log = logging.getLogger(__name__)

USER_AGENT = "vnmon/0.1 (media monitoring of coverage of Vietnam; +https://example.org/vnmon)"
STREAMS: dict[str, tuple[str, str]] = {  # stream → (its lastupdate file, its master file list)
    "english": ("lastupdate.txt", "masterfilelist.txt"),
    "translation": ("lastupdate-translation.txt", "masterfilelist-translation.txt"),
}
_GKG_NAME = re.compile(r"/(?P<stamp>\d{14})\.(?:translation\.)?gkg\.csv\.zip$", re.IGNORECASE)
MAX_FILE_BYTES = 1024 * 1024 * 1024  # a GKG file is ~5-30 MB zipped; anything past 1 GB is not one
_CHUNK = 1024 * 1024
# A listed file that answers 404 (GDELT sometimes publishes a file after listing it) is tried
# again by later runs while it is younger than this; then it is given up, and the run says so.
RETRY_MISSING = timedelta(hours=3)


class GdeltUnavailable(VnmonError):
    """GDELT (or the mirror the settings name) does not answer; the message names the URL."""


@dataclass(frozen=True)
class GkgFile:
    """One 15-minute GKG file, as listed by lastupdate.txt or masterfilelist.txt."""

    stream: str
    url: str
    stamp: str  # YYYYMMDDHHMMSS, UTC
    size: int | None
    md5: str | None

    @property
    def time(self) -> datetime:
        return datetime.strptime(self.stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def parse_file_list(lines: Iterable[str], stream: str) -> Iterator[GkgFile]:
    """The GKG files among the lines of a lastupdate or masterfilelist file (`size md5 url`);
    the event and mention files, and lines that are not of that form, are passed over."""
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        url = parts[-1]
        match = _GKG_NAME.search(url)
        if match is None:
            continue
        size = int(parts[0]) if len(parts) == 3 and parts[0].isdigit() else None
        md5 = parts[1].lower() if len(parts) == 3 and re.fullmatch(r"[0-9a-fA-F]{32}", parts[1]) else None
        yield GkgFile(stream, url, match["stamp"], size, md5)


class DiscoveryState:
    """The time of the last GKG file read, per stream, in one JSON file replaced atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.last: dict[str, str] = {}
        self.retry: list[GkgFile] = []  # listed files that were missing: tried again for a while
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            raise VnmonError(
                f"{path}: the GDELT discovery state cannot be read ({exc}); fix or remove it"
            ) from None
        last = data.get("last_file", {}) if isinstance(data, dict) else {}
        self.last = {k: v for k, v in last.items() if isinstance(v, str) and re.fullmatch(r"\d{14}", v)}
        for raw in data.get("retry", []) if isinstance(data, dict) else []:
            try:
                self.retry.append(GkgFile(**raw))
            except TypeError:
                continue  # an entry of another version: dropped, the next 404 records it again

    def done(self, gkg: GkgFile) -> bool:
        return gkg.stamp <= self.last.get(gkg.stream, "")

    def mark(self, gkg: GkgFile, missing: bool = False) -> None:
        """`gkg` is read (or, `missing`, listed but absent: to be tried again for a while)."""
        self.last[gkg.stream] = max(gkg.stamp, self.last.get(gkg.stream, ""))
        self.retry = [f for f in self.retry if f.url != gkg.url] + ([gkg] if missing else [])
        document = {"last_file": self.last, "retry": [vars(f) for f in self.retry]}
        write_atomically(self.path, json.dumps(document, indent=2, sort_keys=True))

    def give_up(self, before: datetime) -> list[GkgFile]:
        """Forget the missing files older than `before`; returns them."""
        old = [f for f in self.retry if f.time < before]
        if old:
            self.retry = [f for f in self.retry if f.time >= before]
            document = {"last_file": self.last, "retry": [vars(f) for f in self.retry]}
            write_atomically(self.path, json.dumps(document, indent=2, sort_keys=True))
        return old


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step: a reader (or a crash) sees the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as tmp:
        tmp.write(text)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, path)


class PendingUrls:
    """The discovered URLs waiting for the crawler: JSON lines, appended file after file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, found: Iterable[Discovered]) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        count = 0
        with self.path.open("a", encoding="utf-8") as out:
            for item in found:
                out.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
                count += 1
            out.flush()
            os.fsync(out.fileno())
        return count

    def read(self) -> list[Discovered]:
        """Every pending URL once (the first record of a URL wins); damaged lines are skipped."""
        found: dict[str, Discovered] = {}
        try:
            handle = self.path.open(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        with handle:
            for line in handle:
                try:
                    item = Discovered.from_json(json.loads(line))
                except (ValueError, TypeError):
                    continue  # a line cut by a crash while appending
                found.setdefault(item.url, item)
        return list(found.values())

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


@dataclass
class DiscoveryReport:
    """What one discovery pass read and found."""

    files: list[GkgFile] = field(default_factory=list)
    stats: ParseStats = field(default_factory=ParseStats)
    found: int = 0
    problems: list[str] = field(default_factory=list)  # a degraded run says why

    @property
    def degraded(self) -> bool:
        return bool(self.problems)


Opener = Callable[[str, float], IO[bytes]]


def open_url(url: str, timeout: float) -> IO[bytes]:
    """GET `url`; GdeltUnavailable names it when it cannot be reached or answers an error."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        response: IO[bytes] = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        raise GdeltUnavailable(f"GDELT at {url} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise GdeltUnavailable(f"GDELT at {url} is unreachable: {reason}") from None
    return response


class GdeltDiscovery:
    """One discovery pass over the GKG files of GDELT (or of a mirror at `base_url`)."""

    def __init__(
        self,
        lexicon: Lexicon,
        base_url: str | None = None,
        data_dir: Path | None = None,
        catchup: timedelta | None = None,
        translation: bool | None = None,
        opener: Opener = open_url,
    ) -> None:
        settings = get_settings()
        self.base_url = (base_url or settings.gdelt_base_url).rstrip("/") + "/"
        self.directory = (data_dir or settings.data_dir) / "discovery"
        self.catchup = catchup if catchup is not None else timedelta(hours=settings.gdelt_catchup_hours)
        self.streams = [
            s
            for s in STREAMS
            if s == "english" or (settings.gdelt_translation if translation is None else translation)
        ]
        self.timeout = settings.gdelt_timeout
        self.opener = opener
        self.filter = GkgFilter(lexicon)
        self.state = DiscoveryState(self.directory / "gdelt-state.json")
        self.pending = PendingUrls(self.directory / "pending.jsonl")
        self.problems: list[str] = []  # what planning found wrong (a degraded run)

    # -- which files ---------------------------------------------------------------------------

    def plan(self, since: timedelta | None = None) -> list[GkgFile]:
        """The files to read, oldest first: the newest of each stream and those missed since the
        last run (back to `since`, else the catch-up bound), none read before."""
        window = since if since is not None else self.catchup
        files: list[GkgFile] = []
        for stream in self.streams:
            latest_name, master_name = STREAMS[stream]
            latest = list(parse_file_list(self._lines(latest_name), stream))
            if not latest:  # a stream with a gap: the other still counts
                self.problems.append(f"GDELT at {self.base_url}{latest_name} lists no GKG file")
                continue
            newest = max(latest, key=lambda f: f.stamp)
            oldest = (newest.time - window).strftime("%Y%m%d%H%M%S")
            last = self.state.last.get(stream)
            behind = last is not None and last < (newest.time - timedelta(minutes=15)).strftime(
                "%Y%m%d%H%M%S"
            )
            wanted = [newest]
            if (behind or since is not None) and window > timedelta(minutes=15):
                wanted = [
                    f
                    for f in parse_file_list(self._lines(master_name), stream)
                    if oldest < f.stamp <= newest.stamp
                ]
                wanted.append(newest)
            files += [f for f in {f.stamp: f for f in wanted}.values() if not self.state.done(f)]
            for lost in self.state.give_up(newest.time - RETRY_MISSING):
                if lost.stream == stream:
                    self.problems.append(f"{lost.url}: still missing after {RETRY_MISSING}, given up")
        listed = {f.url for f in files}
        files += [f for f in self.state.retry if f.url not in listed]
        return sorted(files, key=lambda f: (f.stamp, f.stream))

    def _lines(self, name: str) -> Iterator[str]:
        """The lines of a list file, streamed (masterfilelist.txt runs to hundreds of megabytes)."""
        url = self.base_url + name
        with self.opener(url, self.timeout) as response:
            for raw in response:
                yield raw.decode("utf-8", "replace")

    # -- reading -------------------------------------------------------------------------------

    def run(self, files: list[GkgFile], dry_run: bool = False) -> tuple[DiscoveryReport, list[Discovered]]:
        """Read `files` in order. Unless `dry_run`, each file's URLs are appended to the pending
        file and the file is then marked read; a dry run keeps its URLs in memory only."""
        report = DiscoveryReport(stats=self.filter.stats, problems=list(self.problems))
        kept: list[Discovered] = []
        for gkg in files:
            missing_before = report.stats["missing_files"]
            found = self.read_file(gkg, report)
            report.files.append(gkg)
            report.found += len(found)
            if dry_run:
                kept += found
                continue
            self.pending.append(found)
            self.state.mark(gkg, missing=report.stats["missing_files"] > missing_before)
        return report, kept

    def read_file(self, gkg: GkgFile, report: DiscoveryReport) -> list[Discovered]:
        """The relevant records of one file; a missing or damaged file is a counted problem."""
        stats = report.stats
        before = stats["truncated_files"] + stats["malformed"]
        self.directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.directory, suffix=".zip") as tmp:
            try:
                digest, size = self._download(gkg.url, tmp)
            except GdeltUnavailable as exc:
                stats.add("missing_files")
                report.problems.append(str(exc))
                return []
            if (gkg.md5 and digest != gkg.md5) or (gkg.size is not None and size != gkg.size):
                stats.add("checksum_mismatch")
                report.problems.append(
                    f"{gkg.url}: {size} bytes, md5 {digest}; the list says {gkg.size}, {gkg.md5}"
                )
            found = list(
                self.filter.records(read_gkg_zip(Path(tmp.name), stats), gkg.stream == "translation")
            )
        stats.add("files")
        damaged = stats["truncated_files"] + stats["malformed"] - before
        if damaged:
            report.problems.append(f"{gkg.url}: {damaged} malformed line(s) or a truncated archive")
        return found

    def _download(self, url: str, out: IO[bytes]) -> tuple[str, int]:
        md5 = hashlib.md5(usedforsecurity=False)
        size = 0
        with self.opener(url, self.timeout) as response:
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    raise GdeltUnavailable(
                        f"{url} is larger than {MAX_FILE_BYTES // 2**20} MB: not a GKG file"
                    )
                md5.update(chunk)
                out.write(chunk)
        out.flush()
        return md5.hexdigest(), size


def describe(report: DiscoveryReport) -> dict[str, Any]:
    """The report as JSON-ready data (the run record and `--json`)."""
    return {
        "files": [f.url for f in report.files],
        "found": report.found,
        "counts": dict(sorted(report.stats.counts.items())),
        "problems": report.problems,
    }
