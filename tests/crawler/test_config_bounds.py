"""Sources and schedules files are read within bounds: hostile YAML gets a short, clear error fast."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from crawler.errors import SourcesError
from crawler.sources import MAX_FILE_BYTES, load_sources
from vnmon.scheduling.schedules import ScheduleError, load_seed_file

# 536 bytes that a plain safe_load expands to ~10^8 characters (the "billion laughs").
BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
sources:
  - id: bomb
    name: *h
    country: GB
    feeds: [https://bomb.example/rss.xml]
"""


def _problem(path: Path) -> str:
    started = time.monotonic()
    with pytest.raises(SourcesError) as info:
        load_sources(path)
    assert time.monotonic() - started < 5
    return str(info.value)


def test_an_alias_bomb_is_refused_with_a_short_message(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(BOMB, encoding="utf-8")
    message = _problem(path)
    assert "line 2" in message and "repeats a list or mapping" in message
    assert len(message) < 500


def test_a_scalar_alias_still_works(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n  - {id: one, name: &n Outlet, country: GB, feeds: [https://one.example/rss]}\n"
        "  - {id: two, name: *n, country: GB, feeds: [https://two.example/rss]}\n",
        encoding="utf-8",
    )
    assert [s.name for s in load_sources(path)] == ["Outlet", "Outlet"]


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    entry = "  - {id: s, name: Outlet, country: GB, feeds: [https://s.example/rss]}\n"
    path.write_text("sources:\n" + entry * (50 * 1024 * 1024 // len(entry)), encoding="utf-8")
    message = _problem(path)
    assert f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB" in message


def test_a_long_value_is_refused_and_quoted_truncated(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        f"sources:\n  - {{id: long, name: {'N' * 100_000}, country: GB, feeds: [https://l.example/rss]}}\n",
        encoding="utf-8",
    )
    message = _problem(path)
    assert "100000 characters" in message and len(message) < 500


def test_the_schedules_file_has_the_same_bounds(tmp_path: Path) -> None:
    path = tmp_path / "schedules.yaml"
    path.write_text(BOMB.replace("sources:", "schedules:"), encoding="utf-8")
    with pytest.raises(ScheduleError, match="repeats a list or mapping"):
        load_seed_file(path)
