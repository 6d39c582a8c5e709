"""Regenerates the sample weekly report from the offline news world (run it with the venv python).

Crawls the news world twice into a private index on a local Elasticsearch node (VNMON_ES_URL, or a
node started for the run): once as it stood in the middle of the previous week (without two
outlets, which therefore count as new), then as it stood at the end of the last complete week.
Exports that week and copies the report (HTML, PDF) and the workbook (XLSX) here.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from tests.crawler.crawling import FAST  # noqa: E402
from vnmon.demo.newsworld import NewsWorld  # noqa: E402
from vnmon.es_local import node as es_local  # noqa: E402
from vnmon.exports import last_complete_week, run_weekly_export  # noqa: E402
from vnmon.kernel.settings import get_settings  # noqa: E402

LATE_OUTLETS = ("minatogawa-nippo", "dnipro-visnyk")  # absent the week before: "new outlets"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _crawl(now: datetime, work: Path, skip: tuple[str, ...]) -> None:
    with NewsWorld(slow_seconds=0.2, now=now) as world:
        sources = world.write_sources(work / f"sources-{now:%Y%m%d}.yaml")
        ids = [o.id for o in world.outlets if o.id not in skip]
        selected = [arg for source in ids for arg in ("--source", source)]
        command = [sys.executable, "-m", "vnmon.cli", "crawl", "--sources", str(sources), *selected, *FAST]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=dict(os.environ))
        if done.returncode != 0:
            raise SystemExit(f"crawl failed:\n{done.stdout}\n{done.stderr}")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="vnmon-sample-"))
    node_dir: Path | None = None
    if "VNMON_ES_URL" not in os.environ:
        node_dir = work / "es"
        os.environ["VNMON_ES_URL"] = es_local.start(port=_free_port(), data_dir=node_dir, heap="512m")
    os.environ["VNMON_INDEX_PREFIX"] = f"sample-{uuid.uuid4().hex[:8]}"
    os.environ["VNMON_DATA_DIR"] = str(work / "var")
    get_settings.cache_clear()
    settings = get_settings()
    try:
        week = last_complete_week(settings.timezone)
        zone = ZoneInfo(settings.timezone)
        sunday_evening = datetime.combine(week.sunday, time(21, 30), zone)
        previous_thursday = datetime.combine(week.monday - timedelta(days=4), time(18, 0), zone)
        _crawl(previous_thursday, work, LATE_OUTLETS)
        _crawl(sunday_evening, work, ())
        result = run_weekly_export(settings, week, out_dir=work / "exports", email_to=())
        for fmt in ("html", "pdf", "xlsx"):
            shutil.copyfile(result.files[fmt], HERE / f"sample-report.{fmt}")
        print(result.summary())
    finally:
        if node_dir is not None:
            es_local.stop(node_dir)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
