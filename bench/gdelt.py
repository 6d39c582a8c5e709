"""Parsing a real-size GKG 2.1 file: records per second and peak memory (`python -m bench gdelt`).

The file is generated in the real 27-column layout with fields of realistic size (themes with
offsets, enhanced locations, names, a GCAM field of several hundred dimensions: ~5 KB a record,
the order of GDELT's own files), zipped as GDELT publishes it. A small share of the records is
about Vietnam (located there, or naming it only), a few are domestic or citation-only. The parse
runs in a fresh child process (`ru_maxrss` is then its own peak), through the same code as
`vnmon discover gdelt`: `read_gkg_zip` streaming the member into `GkgFilter`.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.runs import save
from vnmon.demo.gdelt import BEIJING, BERLIN, HANOI, HUE, GkgRecord

THEMES = [
    "TAX_FNCACT_PRESIDENT", "ECON_TRADE", "WB_698_TRADE", "GENERAL_GOVERNMENT", "LEADER",
    "USPEC_POLITICS_GENERAL1", "TAX_ETHNICITY", "EPU_POLICY", "MANMADE_DISASTER_IMPLIED",
    "CRISISLEX_CRISISLEXREC", "TAX_WORLDLANGUAGES",
    "SOC_POINTSOFINTEREST", "WB_2433_CONFLICT_AND_VIOLENCE", "MEDIA_MSM", "ENV_CLIMATECHANGE", "TOURISM",
]  # fmt: skip
ELSEWHERE = [BEIJING, BERLIN, "4#Paris, Ile-de-France, France#FR#FRA8#0#48.8667#2.33333#-1456928#300"]
# Words of news URL slugs (the URL check runs on them).
SLUG_WORDS = (
    "government", "minister", "says", "talks", "trade", "deal", "prices", "rise", "market",
    "election", "vote", "police", "court", "storm", "flood", "weather", "school", "health",
    "hospital", "energy", "oil", "gas", "climate", "summit", "president", "plan", "budget",
    "tax", "workers", "strike", "city", "council", "football", "league", "win", "record",
    "report", "study", "new", "first", "china", "japan", "europe", "india", "brazil",
    "germany", "france", "border", "army", "war", "peace", "aid", "bank", "rates",
    "inflation",
)  # fmt: skip
NAMES = ["Emmanuel Macron", "European Union", "World Bank", "Olaf Scholz", "Paris", "Berlin", "New York"]


def _gcam(rng: random.Random) -> str:
    dims = sorted(rng.sample(range(1, 2400), 400))
    return "wc:812,nwc:1020," + ",".join(f"c{d // 100}.{d % 100}:{rng.randint(1, 40)}" for d in dims)


def generate(path: Path, records: int, seed: int = 14) -> dict[str, int]:
    """Write a zipped GKG file of `records` records; returns how many of each kind it holds."""
    rng = random.Random(seed)
    moment = datetime(2026, 12, 7, 9, 15, tzinfo=UTC)
    kinds = {"located": 0, "named": 0, "domestic": 0, "citation": 0, "other": 0}
    gcams = [_gcam(rng) for _ in range(50)]
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(path.name.removesuffix(".zip"), "w", force_zip64=True) as out,
    ):
        for number in range(records):
            roll = rng.random()
            host = f"www.outlet{rng.randint(1, 3000)}.com"
            record = GkgRecord(
                f"https://{host}/news/{moment:%Y/%m/%d}/{'-'.join(rng.sample(SLUG_WORDS, 7))}-{number}.html",
                host.removeprefix("www."),
                moment,
                locations=rng.sample(ELSEWHERE, 2),
                tone=round(rng.uniform(-8, 6), 6),
                themes=rng.sample(THEMES, 10),
                names=rng.sample(NAMES, 4),
            )
            if roll < 0.005:
                record.locations = [HANOI, HUE]
                kinds["located"] += 1
            elif roll < 0.008:
                record.names = [*record.names, "Ho Chi Minh City"]
                kinds["named"] += 1
            elif roll < 0.009:
                record.url, record.source_name = "https://thanhnien.vn/a.htm", "thanhnien.vn"
                record.locations = [HANOI]
                kinds["domestic"] += 1
            elif roll < 0.012:
                record.url, record.collection = "Reuters", 2
                kinds["citation"] += 1
            else:
                kinds["other"] += 1
            cols = record.line(number).split("\t")
            cols[17] = gcams[number % len(gcams)]
            out.write(("\t".join(cols) + "\n").encode())
    return kinds


def parse(path: str) -> dict[str, Any]:
    """Run in the child: stream and filter the file once, report counts, time and peak RSS."""
    from crawler.discovery.gkg import GkgFilter, _inflated, _inflater, read_gkg_zip
    from vnmon.kernel.lexicon import load_lexicon

    gkg = GkgFilter(load_lexicon())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The floor: inflating the member alone, in 1 MB pieces (no decoding, no parsing), with the
    # inflater the parse uses (ISA-L's when python-isal is installed, else zlib's).
    inflater = type(_inflater()[0]).__module__ or "zlib"
    with zipfile.ZipFile(path) as archive:
        member = archive.infolist()[0]
    started, inflate_cpu = time.perf_counter(), time.process_time()
    for _ in _inflated(Path(path), member):
        pass
    inflate, inflate_cpu = time.perf_counter() - started, time.process_time() - inflate_cpu
    started, cpu = time.perf_counter(), time.process_time()
    kept = sum(1 for _ in gkg.records(read_gkg_zip(Path(path), gkg.stats)))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "inflate_seconds": round(inflate, 2),
        "inflate_cpu_seconds": round(inflate_cpu, 2),
        "inflater": inflater,
        "load_average": os.getloadavg(),
        "kept": kept,
        "counts": dict(gkg.stats.counts),
        "rss_before_mb": round(before / 1024, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run(records: int = 100_000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="vnmon-bench-gkg-") as tmp:
        path = Path(tmp) / "20261207091500.gkg.csv.zip"
        started = time.perf_counter()
        kinds = generate(path, records)
        generated = time.perf_counter() - started
        with zipfile.ZipFile(path) as archive:
            unzipped = archive.infolist()[0].file_size
        zipped = path.stat().st_size
        code = f"import json, bench.gdelt as g; print(json.dumps(g.parse({str(path)!r})))"
        child = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
        )
    measured = json.loads(child.stdout.strip().splitlines()[-1])
    result = {
        "records": records,
        "kinds": kinds,
        "zipped_mb": round(zipped / 2**20, 1),
        "unzipped_mb": round(unzipped / 2**20, 1),
        "bytes_per_record": unzipped // records,
        "generate_seconds": round(generated, 1),
        **measured,
        "records_per_second": round(records / measured["seconds"]),
        "mb_per_second": round(unzipped / 2**20 / measured["seconds"], 1),
        "records_per_cpu_second": round(records / measured["cpu_seconds"]),
    }
    save("gdelt", result)
    return result


def markdown(result: dict[str, Any]) -> str:
    counts = result["counts"]
    return "\n".join(
        [
            "| records | file (zipped / unzipped) | parse wall / CPU (inflating alone) "
            "| records/s (MB/s); per CPU s | kept "
            "| peak RSS (before parsing) |",
            "| --- | --- | --- | --- | --- | --- |",
            f"| {result['records']:,} ({result['bytes_per_record']:,} B each) | {result['zipped_mb']} MB / "
            f"{result['unzipped_mb']} MB | {result['seconds']} s / {result['cpu_seconds']} s "
            f"({result['inflate_seconds']} s / {result['inflate_cpu_seconds']} s) | "
            f"{result['records_per_second']:,} ({result['mb_per_second']}); "
            f"{result['records_per_cpu_second']:,} | "
            f"{result['kept']} (located {result['kinds']['located']}, named {result['kinds']['named']}; "
            f"domestic {counts.get('domestic', 0)}, not a URL {counts.get('not_a_url', 0)} dropped) | "
            f"{result['peak_rss_mb']} MB ({result['rss_before_mb']} MB) |",
        ]
    )
