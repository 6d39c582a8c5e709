"""Which GKG files a discovery reads: the newest, the missed ones within the bound, none twice."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.discovery.gdelt import (
    RETRY_MISSING,
    DiscoveryState,
    GdeltDiscovery,
    GdeltUnavailable,
    PendingUrls,
    parse_file_list,
)
from vnmon.demo.gdelt import HANOI, GdeltStandIn, GkgRecord, stamp_of
from vnmon.kernel.lexicon import Lexicon

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def gdelt() -> Iterator[GdeltStandIn]:
    with GdeltStandIn() as running:
        yield running


def _publish(gdelt: GdeltStandIn, moment: datetime, *urls: str, translation: bool = False) -> str:
    records = [GkgRecord(url, "example.com", moment, [HANOI]) for url in urls]
    return gdelt.publish(stamp_of(moment), records, translation=translation)


def _discovery(gdelt: GdeltStandIn, lexicon: Lexicon, data_dir: Path, **kwargs: object) -> GdeltDiscovery:
    return GdeltDiscovery(lexicon, base_url=gdelt.base_url, data_dir=data_dir, **kwargs)  # type: ignore[arg-type]


def test_the_lists_name_gkg_files_among_the_event_and_mention_files() -> None:
    lines = [
        "150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip",
        "318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://data.gdeltproject.org/gdeltv2/20150218230000.mentions.CSV.zip",
        "10768507 ea8dde0beb0ba98810a92db068c0ce99 http://data.gdeltproject.org/gdeltv2/20150218230000.gkg.csv.zip",
        "garbage",
        "",
        "http://data.gdeltproject.org/gdeltv2/20150218231500.translation.gkg.csv.zip",
    ]
    files = list(parse_file_list(lines, "english"))
    assert [(f.stamp, f.size, f.md5) for f in files] == [
        ("20150218230000", 10768507, "ea8dde0beb0ba98810a92db068c0ce99"),
        ("20150218231500", None, None),
    ]


def test_first_run_reads_the_newest_file_then_nothing_until_a_new_one(
    gdelt: GdeltStandIn, lexicon: Lexicon, tmp_path: Path
) -> None:
    _publish(gdelt, NOW - timedelta(minutes=15), "https://a.example.com/1")
    newest = _publish(gdelt, NOW, "https://a.example.com/2")
    _publish(gdelt, NOW, "https://b.example.de/3", translation=True)
    discovery = _discovery(gdelt, lexicon, tmp_path)
    files = discovery.plan()
    assert [f.url for f in files] == [newest, newest.replace(".gkg", ".translation.gkg")]
    report, _ = discovery.run(files)
    assert report.found == 2 and not report.degraded
    assert {d.url for d in PendingUrls(tmp_path / "discovery" / "pending.jsonl").read()} == {
        "https://a.example.com/2",
        "https://b.example.de/3",
    }
    assert gdelt.hits["masterfilelist.txt"] == 0  # not behind: no need for the long list

    # A restart (a new process) finds the state and reads nothing again.
    again = _discovery(gdelt, lexicon, tmp_path)
    assert again.plan() == []
    state = DiscoveryState(tmp_path / "discovery" / "gdelt-state.json")
    assert state.last == {"english": stamp_of(NOW), "translation": stamp_of(NOW)}

    later = _publish(gdelt, NOW + timedelta(minutes=15), "https://a.example.com/4")
    assert [f.url for f in again.plan()] == [later]


def test_after_downtime_it_catches_up_through_the_master_list_within_the_bound(
    gdelt: GdeltStandIn, lexicon: Lexicon, tmp_path: Path
) -> None:
    _publish(gdelt, NOW, "https://a.example.com/0")
    discovery = _discovery(gdelt, lexicon, tmp_path, catchup=timedelta(hours=1), translation=False)
    discovery.run(discovery.plan())
    # Three hours of files appear while vnmon is down; the bound is one hour.
    missed = [
        _publish(gdelt, NOW + timedelta(minutes=15 * i), f"https://a.example.com/{i}") for i in range(1, 13)
    ]
    files = _discovery(gdelt, lexicon, tmp_path, catchup=timedelta(hours=1), translation=False).plan()
    assert [f.url for f in files] == missed[-4:]  # the last hour, oldest first
    assert gdelt.hits["masterfilelist.txt"] == 1

    # --since reads further back, but never a file already read.
    longer = _discovery(gdelt, lexicon, tmp_path, translation=False).plan(since=timedelta(hours=24))
    assert [f.url for f in longer] == missed


def test_a_missing_or_truncated_file_is_a_degraded_run_and_is_not_read_again(
    gdelt: GdeltStandIn, lexicon: Lexicon, tmp_path: Path
) -> None:
    gdelt.publish(
        stamp_of(NOW), [GkgRecord("https://a.example.com/1", "a.example.com", NOW, [HANOI])], truncate=True
    )
    discovery = _discovery(gdelt, lexicon, tmp_path, translation=False)
    files = discovery.plan()
    gdelt.gone.add(files[0].url.rsplit("/", 1)[1])  # listed, but answers 404
    report, _ = discovery.run(files)
    assert report.degraded and report.stats["missing_files"] == 1
    assert "answered HTTP 404" in report.problems[0]
    # GDELT sometimes lists a file before it is there: later runs try it again, a while.
    assert [f.url for f in _discovery(gdelt, lexicon, tmp_path, translation=False).plan()] == [files[0].url]
    gdelt.gone.clear()
    again = _discovery(gdelt, lexicon, tmp_path, translation=False)
    report, _ = again.run(again.plan())
    assert report.stats["missing_files"] == 0 and report.files == files
    assert again.plan() == []

    gdelt.publish(
        stamp_of(NOW + timedelta(minutes=15)),
        [GkgRecord("https://a.example.com/2", "x", NOW, [HANOI])],
        truncate=True,
    )
    third = _discovery(gdelt, lexicon, tmp_path, translation=False)
    report, _ = third.run(third.plan())
    assert report.stats["truncated_files"] == 1 and report.stats["checksum_mismatch"] == 1
    assert any("md5" in p for p in report.problems)


def test_an_unreachable_base_url_is_named(lexicon: Lexicon, tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/gdeltv2/"
    discovery = GdeltDiscovery(lexicon, base_url=base, data_dir=tmp_path)
    with pytest.raises(GdeltUnavailable, match=f"GDELT at {base}lastupdate.txt is unreachable"):
        discovery.plan()
    assert not (tmp_path / "discovery" / "gdelt-state.json").exists()


def test_a_damaged_state_file_is_named(gdelt: GdeltStandIn, lexicon: Lexicon, tmp_path: Path) -> None:
    state = tmp_path / "discovery" / "gdelt-state.json"
    state.parent.mkdir(parents=True)
    state.write_text("{not json")
    with pytest.raises(Exception, match=r"gdelt-state\.json: the GDELT discovery state cannot be read"):
        _discovery(gdelt, lexicon, tmp_path)


def test_a_file_still_missing_hours_later_is_given_up_and_said(
    gdelt: GdeltStandIn, lexicon: Lexicon, tmp_path: Path
) -> None:
    _publish(gdelt, NOW, "https://a.example.com/1")
    discovery = _discovery(gdelt, lexicon, tmp_path, translation=False)
    [lost] = discovery.plan()
    gdelt.gone.add(lost.url.rsplit("/", 1)[1])
    discovery.run([lost])
    later = NOW + RETRY_MISSING + timedelta(minutes=15)
    newest = _publish(gdelt, later, "https://a.example.com/2")
    after = _discovery(gdelt, lexicon, tmp_path, translation=False, catchup=timedelta(0))
    assert [f.url for f in after.plan()] == [newest]
    assert any(lost.url in p and "given up" in p for p in after.problems)
    assert DiscoveryState(tmp_path / "discovery" / "gdelt-state.json").retry == []
