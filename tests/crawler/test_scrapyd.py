"""Scrapyd: the project builds as an egg, deploys to a real Scrapyd on loopback and runs there."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from crawler.runs import list_runs
from indexer.lifecycle import articles_alias
from tests.crawler.crawling import REPO, indexed
from tests.crawler.crawling import vnmon_env as env_for
from vnmon.demo.newsworld import NewsWorld
from vnmon.kernel.settings import Settings

BIN = Path(sys.executable).parent
SPIDERS = {"news", "feeds", "sitemaps", "sections", "discover"}  # discover: GDELT discovery (issue 14)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of what `scrapyd-deploy` reads (it writes build files next to scrapy.cfg)."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("crawler", "indexer", "vnmon"):
        shutil.copytree(REPO / name, copy / name, ignore=ignore)
    for name in ("setup.py", "pyproject.toml", "scrapy.cfg", "README.md"):
        shutil.copy2(REPO / name, copy / name)
    return copy


def _build_egg(project: Path) -> Path:
    egg = project.parent / "vnmon.egg"
    result = subprocess.run(
        [str(BIN / "scrapyd-deploy"), f"--build-egg={egg}"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return egg


def test_the_egg_carries_the_settings_entry_point_and_every_spider(project: Path, tmp_path: Path) -> None:
    egg = _build_egg(project)
    with zipfile.ZipFile(egg) as archive:
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
        names = set(archive.namelist())
    assert "[scrapy]\nsettings = crawler.settings" in entry_points
    assert {"crawler/spiders/news.py", "vnmon/kernel/settings.py"} <= names
    # `scrapy list` from the egg alone (an empty directory, no checkout on the path).
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=empty,
        env={"PATH": str(BIN), "PYTHONPATH": str(egg), "SCRAPY_SETTINGS_MODULE": "crawler.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert set(result.stdout.split()) == SPIDERS
    where = subprocess.run(
        [sys.executable, "-c", "import crawler.spiders.news as m; print(m.__file__)"],
        cwd=empty,
        env={"PATH": str(BIN), "PYTHONPATH": str(egg)},
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(egg)), "the spiders must come from the egg, not the checkout"


# -- a real Scrapyd ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _api(base: str, endpoint: str, data: dict[str, Any] | None = None, **query: str) -> dict[str, Any]:
    url = f"{base}/{endpoint}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    with urllib.request.urlopen(url, data=body, timeout=30) as response:
        answer: dict[str, Any] = json.loads(response.read())
    assert answer.get("status") == "ok", answer
    return answer


@pytest.fixture
def scrapyd(tmp_path: Path, vnmon_env: Settings) -> Iterator[str]:
    """Scrapyd (PyPI) on a free loopback port, its state under tmp_path, vnmon settings in its env."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = _free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\n"
        "items_dir =\nmax_proc = 2\npoll_interval = 0.5\n",
        encoding="utf-8",
    )
    # The spiders run in Scrapyd's directory: files vnmon reads come from absolute paths.
    env = {**env_for(vnmon_env), "VNMON_LEXICON": str(REPO / "config" / "lexicon.yaml")}
    log = (home / "scrapyd.out").open("wb")
    server = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            _api(base, "daemonstatus.json")
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("scrapyd did not start:\n" + (home / "scrapyd.out").read_text()[-3000:])
            time.sleep(0.2)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_a_deployed_spider_runs_in_scrapyd_and_its_run_is_recorded(
    project: Path, scrapyd: str, world_small: NewsWorld, es_client: Elasticsearch, tmp_path: Path
) -> None:
    cfg = (project / "scrapy.cfg").read_text().replace("http://127.0.0.1:6800/", scrapyd + "/")
    (project / "scrapy.cfg").write_text(cfg)
    deployed = subprocess.run(
        [str(BIN / "scrapyd-deploy"), "--version", "r1"], cwd=project, capture_output=True, text=True
    )
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert set(_api(scrapyd, "listspiders.json", project="vnmon")["spiders"]) == SPIDERS

    sources = world_small.write_sources(tmp_path / "sources.yaml")
    settings = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_START_DELAY=0.01", "CONCURRENT_REQUESTS_PER_DOMAIN=4"]
    job = _api(
        scrapyd,
        "schedule.json",
        {
            "project": "vnmon",
            "spider": "news",
            "source": "pacific-wire",
            "sources": str(sources),
            "setting": settings,
        },
    )["jobid"]
    deadline = time.monotonic() + 180
    while not any(j["id"] == job for j in _api(scrapyd, "listjobs.json", project="vnmon")["finished"]):
        assert time.monotonic() < deadline, "the Scrapyd job did not finish"
        time.sleep(0.5)

    wanted = sorted(e.url for e in world_small.expected if e.indexed and e.source == "pacific-wire")
    docs = indexed(es_client, articles_alias())
    assert sorted(d["canonical_url"] for d in docs) == wanted
    [run] = list_runs(5)
    assert run["trigger"] == f"scrapyd:{job}" and run["status"] == "finished"
    assert run["per_source"]["pacific-wire"]["articles"] == len(wanted)


@pytest.fixture
def world_small() -> Iterator[NewsWorld]:
    with NewsWorld(slow_seconds=0.5) as running:
        yield running
