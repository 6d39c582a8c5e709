"""Runs news-please's own crawler (its CLI, from a separate venv) over the bench world.

news-please pins an older stack than vnmon's, so it lives in its own virtualenv
(`NEWSPLEASE_VENV`, default /tmp/np-venv; `python -m bench newsplease-venv` makes it). Its default
configuration is kept (SitemapCrawler from robots.txt, newspaper + readability + date + langdetect
extraction, HTML and JSON file storage, 5 crawler processes) except: no delay, the same
concurrency as vnmon, the working path, and the heuristics that pass every sitemap URL as an
article (so it processes the same pages vnmon does).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.world import BenchWorld

VENV = Path(os.environ.get("NEWSPLEASE_VENV", "/tmp/np-venv"))
VERSION = "1.6.16"
PATCH_DIR = Path(__file__).resolve().parent / "newsplease_site"  # its sitecustomize.py says why


@dataclass(frozen=True)
class NewsPleaseRun:
    articles: int
    seconds: float
    pages_per_second: float
    wall: float
    cpu_seconds: float  # the launcher and its crawler processes
    log: Path


def ensure_venv() -> Path:
    """The news-please virtualenv, created with `pip install news-please==VERSION` when missing."""
    binary = VENV / "bin" / "news-please"
    if not binary.exists():
        subprocess.run(["python3", "-m", "venv", str(VENV)], check=True)
        # tinysegmenter: newspaper4k needs it for Japanese pages (one page of the split)
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", f"news-please=={VERSION}", "tinysegmenter==0.4"],
            check=True,
        )
    return binary


def default_config() -> str:
    found = list((VENV / "lib").glob("python3*/site-packages/newsplease/config/config.cfg"))
    if not found:
        raise FileNotFoundError(f"news-please is not installed in {VENV}")
    return found[0].read_text()


def _set(config: str, section: str, key: str, value: str) -> str:
    """Replace `key = ...` (one line) inside `[section]`, or add it at the section's start."""
    start = config.index(f"[{section}]")
    end = config.find("\n[", start + 1)
    end = len(config) if end < 0 else end
    body = config[start:end]
    pattern = re.compile(rf"^{re.escape(key)}\s*=.*$", re.MULTILINE)
    line = f"{key} = {value}"
    body = (
        pattern.sub(lambda _: line, body, count=1)
        if pattern.search(body)
        else body.replace(f"[{section}]", f"[{section}]\n{line}", 1)
    )
    return config[:start] + body + config[end:]


def write_config(world: BenchWorld, directory: Path, parallel: int = 5) -> Path:
    shutil.rmtree(directory, ignore_errors=True)
    (directory / "config").mkdir(parents=True)
    config = default_config()
    for section, key, value in (
        ("Crawler", "number_of_parallel_crawlers", str(parallel)),
        ("Crawler", "check_certificate", "False"),
        ("Files", "working_path", str(directory / "work") + "/"),
        ("Heuristics", "enabled_heuristics", '{"crawler_contains_only_article_alikes": True}'),
        ("Heuristics", "pass_heuristics_condition", '"crawler_contains_only_article_alikes"'),
        ("Scrapy", "CONCURRENT_REQUESTS", "32"),
        ("Scrapy", "CONCURRENT_REQUESTS_PER_DOMAIN", "16"),
        ("Scrapy", "DOWNLOAD_DELAY", "0"),
        ("Scrapy", "AUTOTHROTTLE_ENABLED", "False"),
        ("Scrapy", "TELNETCONSOLE_ENABLED", "False"),
    ):
        config = _set(config, section, key, value)
    (directory / "config" / "config.cfg").write_text(config)
    sites = ",\n".join(
        f'{{"url": "{world.base_url(o)}/", "crawler": "SitemapCrawler"}}' for o in world.outlet_list
    )
    (directory / "config" / "sitelist.hjson").write_text(f'{{"base_urls": [\n{sites}\n]}}\n')
    return directory / "config"


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


def run(world: BenchWorld, directory: Path, parallel: int = 5, timeout: float = 7200) -> NewsPleaseRun:
    """Crawl the whole world with news-please; the rate counts the JSON articles it stored."""
    binary = ensure_venv()
    config_dir = write_config(world, directory, parallel)
    log = directory / "news-please.log"
    started = time.time()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(binary), "-c", str(config_dir), "-no-confirm"],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**_clean_env(), "PYTHONPATH": str(PATCH_DIR)},
        )
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        # wait4: the launcher's rusage includes its crawler processes (it waits for each)
        _, _, usage = os.wait4(process.pid, 0)
        killer.cancel()
        process.returncode = 0
    wall = time.time() - started
    # articles only: Scrapy's job state (.resume_jobdir/*/requests.queue/active.json) is JSON too
    stored = [p for p in (directory / "work").rglob("*.json") if ".resume_jobdir" not in p.parts]
    if not stored:
        raise RuntimeError(f"news-please stored no article; see {log}")
    # the launcher polls for finished crawlers every 10 s: the last stored file ends the crawl
    last = max(p.stat().st_mtime for p in stored)
    seconds = last - started
    cpu = round(usage.ru_utime + usage.ru_stime, 2)
    return NewsPleaseRun(
        len(stored), round(seconds, 2), round(len(stored) / seconds, 2), round(wall, 1), cpu, log
    )
