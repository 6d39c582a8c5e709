"""A GDELT stand-in on loopback: the 15-minute GKG 2.1 files and the DOC 2.0 API, offline.

It serves what GDELT 2.0 serves under its base URL — `lastupdate.txt`,
`lastupdate-translation.txt`, `masterfilelist.txt`, `masterfilelist-translation.txt` and zipped
GKG 2.1 files in the real 27-column layout — and DOC 2.0 API answers (`mode=ArtList`,
`format=json`). `newsworld_files` writes files whose records point at the news world's articles
plus the decoys a discovery must pass over; the tests, the demo and the benchmark use it.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from vnmon.demo.newsworld import NewsWorld
from vnmon.demo.serving import LoopbackService

GKG_FIELDS = 27
STAND_IN_HOST = "127.0.0.240"  # the news world's outlets use 127.0.0.2, .3, …

# Locations in the GKG 2.1 V2ENHANCEDLOCATIONS form: Type#FullName#FIPS#ADM1#ADM2#Lat#Long#FeatureID#Offset.
HANOI = "4#Hanoi, Thanh Pho Ha Noi, Vietnam#VM#VM44#15#21.0333#105.85#-3715035#120"
HUE = "4#Hue, Thua Thien-Hue, Vietnam#VM#VM66#3#16.4667#107.6#-3734125#310"
VIETNAM = "1#Vietnam#VM#VM##16#106#VM#40"
BEIJING = "4#Beijing, Beijing, China#CH#CH22#0#39.9289#116.388#-1898541#75"
BERLIN = "4#Berlin, Berlin, Germany#GM#GM16#0#52.5167#13.4#-1746443#60"


@dataclass
class GkgRecord:
    """The fields of one GKG 2.1 record that the stand-in varies; the rest are realistic filler."""

    url: str
    source_name: str
    date: datetime
    locations: list[str] = field(default_factory=list)
    tone: float = -1.5
    themes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    collection: int = 1
    translated_from: str | None = None  # e.g. "fra": GDELT Translingual

    def line(self, number: int) -> str:
        stamp = self.date.strftime("%Y%m%d%H%M%S")
        record_id = f"{stamp}-{'T' if self.translated_from else ''}{number}"
        v1_locations = ";".join(_v1_location(loc) for loc in self.locations)
        cols = [
            record_id,
            stamp,
            str(self.collection),
            self.source_name,
            self.url,
            "",  # V1COUNTS
            "",  # V2.1COUNTS
            ";".join(self.themes),
            ";".join(f"{t},{i * 40}" for i, t in enumerate(self.themes)),
            v1_locations,
            ";".join(self.locations),
            "",  # V1PERSONS
            "",
            "",  # V1ORGANIZATIONS
            "",
            f"{self.tone},2.1,3.6,5.7,21.3,0.4,512",
            "",
            "wc:512,c1.1:2,c12.1:31,c12.10:40,c14.1:18",
            "",
            "",
            "",
            "",
            "",
            ";".join(f"{n},{i * 60}" for i, n in enumerate(self.names)),
            "",
            f"srclc:{self.translated_from};eng:GT-{self.translated_from.upper()} 1.0"
            if self.translated_from
            else "",
            "<PAGE_LINKS></PAGE_LINKS>",
        ]
        assert len(cols) == GKG_FIELDS
        return "\t".join(c.replace("\t", " ").replace("\n", " ") for c in cols)


def _v1_location(v2: str) -> str:
    parts = v2.split("#")
    return "#".join([parts[0], parts[1], parts[2], parts[3], parts[5], parts[6], parts[7]])


def gkg_zip(lines: Iterable[str], member: str) -> bytes:
    """A zipped GKG file, as GDELT publishes it (one deflated tab-separated member)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, "".join(f"{line}\n" for line in lines))
    return buffer.getvalue()


def stamp_of(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")


def quarter(moment: datetime) -> datetime:
    """The 15-minute batch `moment` falls in."""
    moment = moment.astimezone(UTC).replace(second=0, microsecond=0)
    return moment - timedelta(minutes=moment.minute % 15)


@dataclass
class Published:
    name: str
    data: bytes
    stream: str  # english | translation
    stamp: str
    listed_size: int
    listed_md5: str


class GdeltStandIn(LoopbackService):
    """Serves published GKG files and DOC API answers on `STAND_IN_HOST` (a free port)."""

    name = "gdelt-stand-in"

    def __init__(self, host: str = STAND_IN_HOST) -> None:
        super().__init__(host)
        self.files: dict[str, Published] = {}
        self.gone: set[str] = set()  # files still listed that answer 404 (GDELT has such gaps)
        self.held: dict[str, threading.Event] = {}  # file name -> answered once the event is set
        self.doc_answers: list[tuple[int, dict[str, Any]]] = []  # served in order; the last repeats
        self.doc_queries: list[dict[str, list[str]]] = []

    # -- content --------------------------------------------------------------------------------

    def publish(
        self,
        stamp: str,
        records: list[GkgRecord],
        translation: bool = False,
        extra_lines: Iterable[str] = (),
        truncate: bool = False,
    ) -> str:
        """Add a GKG file; `truncate` serves it cut in half (listed with its whole size and md5)."""
        name = f"{stamp}.translation.gkg.csv.zip" if translation else f"{stamp}.gkg.csv.zip"
        lines = [r.line(i) for i, r in enumerate(records)] + list(extra_lines)
        data = gkg_zip(lines, name.removesuffix(".zip"))
        listed = (len(data), hashlib.md5(data, usedforsecurity=False).hexdigest())
        if truncate:
            data = data[: len(data) // 2]
        self.files[name] = Published(name, data, "translation" if translation else "english", stamp, *listed)
        return self.base_url + name

    def _list(self, stream: str, latest_only: bool) -> str:
        files = sorted((f for f in self.files.values() if f.stream == stream), key=lambda f: f.stamp)
        if latest_only:
            files = files[-1:]
        lines = []
        for f in files:
            tail = f.name.replace(".gkg.csv.zip", "")
            # The event and mention files of each batch are listed too, as GDELT does.
            lines.append(f"151383 9f1b7c1c8e2a5d9b3e3f4d4c2b1a0f9e {self.base_url}{tail}.export.CSV.zip")
            lines.append(f"{f.listed_size} {f.listed_md5} {self.base_url}{f.name}")
        return "".join(f"{line}\n" for line in lines)

    # -- serving --------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"{self.origin}/gdeltv2/"

    @property
    def doc_url(self) -> str:
        return self.base_url.replace("/gdeltv2/", "/api/v2/doc/doc")

    def stop(self) -> None:
        for event in self.held.values():
            event.set()
        super().stop()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        name = parts.path.rsplit("/", 1)[-1]
        self.count(name)
        held = self.held.get(name)
        if held is not None:
            held.wait(timeout=600)  # a test holds a file to act while a discovery waits for it
        status, body, kind = 404, b"not found\n", "text/plain"
        lists = {
            "lastupdate.txt": ("english", True),
            "lastupdate-translation.txt": ("translation", True),
            "masterfilelist.txt": ("english", False),
            "masterfilelist-translation.txt": ("translation", False),
        }
        if parts.path.startswith("/gdeltv2/") and name in lists:
            status, body = 200, self._list(*lists[name]).encode()
        elif parts.path.startswith("/gdeltv2/") and name in self.files and name not in self.gone:
            status, body, kind = 200, self.files[name].data, "application/zip"
        elif parts.path == "/api/v2/doc/doc":
            with self._lock:
                self.doc_queries.append(parse_qs(parts.query))
                answer = (
                    self.doc_answers.pop(0)
                    if len(self.doc_answers) > 1
                    else (self.doc_answers or [(200, {})])[0]
                )
            status, body, kind = answer[0], json.dumps(answer[1]).encode(), "application/json"
        self.reply(handler, status, body, kind)


@dataclass
class Scenario:
    """What `newsworld_files` published, for a test to check against."""

    relevant: list[str]  # canonical URLs of the foreign articles about Vietnam GDELT points at
    decoys: dict[str, str]  # URL → why it must not be indexed
    latest: str  # stamp of the newest files
    older: str  # stamp of a file only a catch-up reads
    tone: dict[str, float]  # URL → the tone its record gives


LANGUAGE_3 = {"fr": "fra", "de": "deu", "ru": "rus", "uk": "ukr", "ja": "jpn", "vi": "vie"}


def newsworld_files(stand_in: GdeltStandIn, world: NewsWorld, now: datetime | None = None) -> Scenario:
    """Publish GKG files pointing at the news world's articles, with decoys.

    The newest batch has an English file and a translation file; the batch before is a
    truncated file (a catch-up reads it and counts it) and the one before that an older file
    with one more relevant article (only a catch-up finds it).
    """
    latest_time = quarter(now or datetime.now(UTC)) - timedelta(minutes=15)
    older_time = latest_time - timedelta(minutes=30)
    english: list[GkgRecord] = []
    translated: list[GkgRecord] = []
    older: list[GkgRecord] = []
    relevant: list[str] = []
    decoys: dict[str, str] = {}
    tone: dict[str, float] = {}
    wanted = [e for e in world.expected if e.indexed]
    for number, expected in enumerate(wanted):
        outlet = world.outlet(expected.source)
        value = round(-4.0 + number * 0.75, 2)
        record = GkgRecord(
            expected.url, _source_name(outlet.id, outlet.country), latest_time,
            locations=[HANOI, VIETNAM] if number % 3 else [HUE], tone=value,
            themes=["TAX_FNCACT_MINISTER", "ECON_TRADE"], names=["Vietnam"],
        )  # fmt: skip
        if number == 0:
            record.date = older_time
            older.append(record)
        elif outlet.language == "en":
            english.append(record)
        else:
            record.translated_from = LANGUAGE_3.get(outlet.language, "fra")
            # Some translated records name Vietnam only in their names, without a located place.
            if number % 2:
                record.locations = [BERLIN]
            translated.append(record)
        relevant.append(expected.url)
        tone[expected.url] = value
    for expected in world.expected:
        outlet = world.outlet(expected.source)
        name = _source_name(outlet.id, outlet.country)
        if expected.reason == "irrelevant":
            english.append(
                GkgRecord(expected.url, name, latest_time, [BEIJING], names=["Beijing", "Xi Jinping"])
            )
            decoys[expected.url] = "located elsewhere"
        elif expected.reason == "domestic":
            english.append(GkgRecord(expected.url, "saigonnhatbao.vn", latest_time, [HANOI]))
            decoys[expected.url] = "domestic"
        elif expected.reason == "robots":
            english.append(GkgRecord(expected.url, name, latest_time, [HANOI]))
            decoys[expected.url] = "robots"
        elif expected.reason and expected.reason.startswith("http_"):
            english.append(GkgRecord(expected.url, name, latest_time, [HANOI]))
            decoys[expected.url] = "dead link"
    english.append(GkgRecord("Agence France-Presse", "AFP", latest_time, [HANOI], collection=2))
    malformed = "20261207000000-999\tthis line\thas too few columns"
    stand_in.publish(stamp_of(older_time), older)
    stand_in.publish(stamp_of(older_time + timedelta(minutes=15)), english[:2], truncate=True)
    stand_in.publish(stamp_of(latest_time), english, extra_lines=[malformed])
    stand_in.publish(stamp_of(latest_time), translated, translation=True)
    return Scenario(relevant, decoys, stamp_of(latest_time), stamp_of(older_time), tone)


def _source_name(outlet_id: str, country: str) -> str:
    """A plausible GDELT source name for an outlet of the world (GDELT names outlets by domain)."""
    suffix = {"AU": "com.au", "GB": "co.uk", "JP": "co.jp", "US": "com"}.get(country, country.lower())
    return f"{outlet_id.replace('-', '')}.{suffix}"
