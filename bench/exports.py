"""Weekly export speed: seconds per format for weeks of 1,000 to 20,000 articles on the real local node.

`python -m bench.exports [--sizes 1000,5000,20000]`: each size is one week of `Article`s with
~2 KB bodies in four languages and 40% syndicated copies; the table gives the wall time of the
scan (PIT + search_after) and of each file, measured by exporting one format at a time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.runs import WORK, local_node, save
from indexer.client import build_client
from indexer.lifecycle import articles_alias, setup
from indexer.store import ArticleStore
from vnmon.exports import run_weekly_export
from vnmon.exports.weeks import parse_week
from vnmon.kernel.article import Article
from vnmon.kernel.settings import get_settings

WEEK = "2026-W10"
_BODY = {
    "en": "Vietnam's exports rose again as factories in Hanoi and Ho Chi Minh City added orders. ",
    "fr": "Le Vietnam a signé un nouvel accord commercial avec l'Union européenne à Hanoï. ",
    "ru": "Вьетнам и Россия обсудили сотрудничество в энергетике на переговорах в Ханое. ",
    "ja": "ベトナムの輸出は再び増加し、ハノイとホーチミン市の工場が受注を増やした。",
}


def _articles(count: int) -> list[Article]:
    start = parse_week(WEEK, get_settings().timezone).start.astimezone(UTC)
    languages = list(_BODY)
    items = []
    for n in range(count):
        language = languages[n % 4]
        published = start + timedelta(seconds=(n * 604_799) // max(count, 1))
        items.append(
            Article(
                id=f"bench-{n}",
                url=f"http://127.0.0.{n % 50 + 1}/a/{n}",
                canonical_url=f"http://127.0.0.{n % 50 + 1}/a/{n}",
                source=f"outlet-{n % 50}",
                source_name=f"Outlet {n % 50}",
                country=["US", "FR", "RU", "JP"][n % 4],
                title=f"{_BODY[language][:60]} {n}",
                lead=_BODY[language],
                body=_BODY[language] * 25,
                language=language,
                published_at=published,
                fetched_at=datetime.now(UTC),
                relevance=float(n % 17),
                matched_terms=["Vietnam"],
                cluster_id=f"c-{n // 5}" if n % 5 < 2 else None,
            )
        )
    return items


def _timed(formats: tuple[str, ...], out: Path) -> float:
    started = time.perf_counter()
    run_weekly_export(get_settings(), WEEK, formats=formats, out_dir=out, email_to=())
    return round(time.perf_counter() - started, 2)


def run(sizes: list[int]) -> list[dict[str, Any]]:
    results = []
    with local_node(heap="1g", name="exports") as url:
        os.environ.update(VNMON_ES_URL=url, VNMON_INDEX_PREFIX="bench-exports", VNMON_DATA_DIR=str(WORK))
        get_settings.cache_clear()
        client = build_client()
        setup(client)
        store = ArticleStore(client, articles_alias(), WORK / "spool", batch_size=1000)
        loaded = 0
        for size in sizes:
            for article in _articles(size)[loaded:]:
                store.add(article)
            store.flush()
            client.indices.refresh(index=articles_alias())
            loaded = size
            out = WORK / "exports-out"
            row: dict[str, Any] = {"articles": size}
            for fmt in ("jsonl", "csv", "xlsx", "html", "pdf"):
                row[fmt] = _timed((fmt,), out)
            row["all"] = _timed(("jsonl", "csv", "xlsx", "html", "pdf"), out)
            row["pdf_mb"] = round((out / WEEK / f"vnmon-{WEEK}.pdf").stat().st_size / 1e6, 1)
            shutil.rmtree(out, ignore_errors=True)
            results.append(row)
            print(row, flush=True)
    save("exports", {"sizes": results})
    return results


def markdown(results: list[dict[str, Any]]) -> str:
    lines = [
        "| articles | jsonl s | csv s | xlsx s | html s | pdf s | all five s | PDF MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['articles']} | {r['jsonl']} | {r['csv']} | {r['xlsx']} | {r['html']} | {r['pdf']} "
            f"| {r['all']} | {r['pdf_mb']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,5000,20000")
    args = parser.parse_args()
    print(markdown(run([int(s) for s in args.sizes.split(",")])))
