"""Crawl throughput on the bench world: bare Scrapy vs the full vnmon pipeline vs news-please.

Also the server alone (to show it is not the limit), the peak RSS of a vnmon crawl of a larger
world, and a pyinstrument profile of the vnmon crawl process.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import newsplease_run
from bench.runs import (
    NODE_PIDS,
    REPO,
    RESULTS,
    WORK,
    ChildRun,
    cpu_meter,
    local_node,
    med,
    python,
    run_child,
    save,
    vnmon_env,
)
from bench.server import WorldServer
from bench.world import BenchWorld

# The same no-delay, no-throttle, 16-per-site settings for every crawler compared.
VNMON_SETTINGS = [
    "-s", "DOWNLOAD_DELAY=0",
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "CONCURRENT_REQUESTS=32",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s", "VNMON_MAX_PAGES=1000000",
    "-s", "LOG_LEVEL=INFO",
]  # fmt: skip


def _work(name: str) -> Path:
    path = WORK / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def server_alone(world: BenchWorld, urls_file: Path) -> dict[str, Any]:
    run = run_child([python(), "-m", "bench.loadgen", str(urls_file), "--connections", "32"])
    return {**json.loads(run.stdout), "client_cpu_seconds": run.cpu}


def bare_scrapy(urls_file: Path, log: Path, watch: dict[str, int] | None = None) -> dict[str, Any]:
    with cpu_meter(watch or {}) as others:
        run = run_child([python(), "-m", "bench.bare_spider", str(urls_file)], log=log)
    if run.returncode != 0:
        raise RuntimeError(f"bare Scrapy spider failed (code {run.returncode}); see {log}")
    return _per_page({**json.loads(run.stdout.strip().splitlines()[-1]), **_usage(run), **others})


def _per_page(result: dict[str, Any]) -> dict[str, Any]:
    """CPU milliseconds per page of the crawler process (and of ES): robust on a shared machine."""
    pages = max(1, result.get("pages", 0))
    result["crawler_cpu_ms_per_page"] = round(1000 * result.get("cpu_seconds", 0.0) / pages, 2)
    if "es_cpu_seconds" in result:
        result["es_cpu_ms_per_page"] = round(1000 * result["es_cpu_seconds"] / pages, 2)
    return result


def _usage(run: ChildRun) -> dict[str, Any]:
    return {"process_wall": round(run.wall, 1), "cpu_seconds": run.cpu, "peak_rss_mb": run.peak_rss_mb}


def vnmon_crawl(
    sources: Path,
    es_url: str,
    name: str,
    profile: Path | None = None,
    keep_index: bool = False,
    watch: dict[str, int] | None = None,
) -> dict[str, Any]:
    """One `vnmon crawl` of the bench world in a child process, into a fresh index prefix."""
    work = _work(name)
    prefix = f"bench-{name}"
    command = [python(), "-m", "vnmon.cli", "crawl", "--sources", str(sources), "--json", *VNMON_SETTINGS]
    if profile is not None:
        command = [python(), "-m", "pyinstrument", "-r", "text", "-o", str(profile), *command[1:]]
        command[command.index("vnmon.cli") - 1 : command.index("vnmon.cli") + 1] = [
            "-m",
            "vnmon.cli",
        ]
    log = work / "crawl.log"
    with cpu_meter(watch or {}) as others:
        run = run_child(command, env=vnmon_env(es_url, prefix, work / "data"), log=log)
    if run.returncode not in (0, 2):
        raise RuntimeError(f"vnmon crawl failed (code {run.returncode}); see {log}")
    summary = json.loads(run.stdout[run.stdout.index("{") :])
    sources_tally = summary["sources"].values()
    fetched = sum(t["fetched"] for t in sources_tally)
    seconds = (
        datetime.fromisoformat(summary["finished"]) - datetime.fromisoformat(summary["started"])
    ).total_seconds()
    dropped: dict[str, int] = {}
    for tally in sources_tally:
        for reason, count in tally["dropped"].items():
            dropped[reason] = dropped.get(reason, 0) + count
    result = {
        "pages": fetched,
        "seconds": round(seconds, 2),
        "pages_per_second": round(fetched / seconds, 1),
        "indexed": summary["indexed"],
        "articles": sum(t["articles"] for t in sources_tally),
        "dropped": dropped,
        "errors": sum(t["errors"] for t in sources_tally),
        "finish_reason": summary["finish_reason"],
        # article pages only (indexed or dropped), comparable with the bare spider and news-please
        "article_pages_per_second": round((summary["indexed"] + sum(dropped.values())) / seconds, 2),
        **_usage(run),
        **others,
    }
    if not keep_index:
        _drop_indices(es_url, prefix)
        shutil.rmtree(work / "data", ignore_errors=True)
    return _per_page(result)


def _drop_indices(es_url: str, prefix: str) -> None:
    from elasticsearch import Elasticsearch

    client = Elasticsearch(es_url, request_timeout=120)
    try:
        names = list(client.indices.get(index=f"{prefix}-*", expand_wildcards="all"))
        if names:
            client.indices.delete(index=",".join(names))
    finally:
        client.close()


def newsplease_crawl(world: BenchWorld, name: str, watch: dict[str, int] | None = None) -> dict[str, Any]:
    work = _work(name)
    try:
        with cpu_meter(watch or {}) as others:
            result = newsplease_run.run(world, work)
    except (RuntimeError, FileNotFoundError, OSError) as exc:
        return {"error": str(exc)}
    finally:
        shutil.rmtree(work / "work", ignore_errors=True)
    data = {k: v for k, v in asdict(result).items() if k != "log"}
    data.update(pages=result.articles, article_pages_per_second=result.pages_per_second, **others)
    return _per_page(data)


def run(
    articles: int = 20_000,
    outlets: int = 25,
    repeats: int = 3,
    run_pages: int = 2_500,
    full_run: bool = True,
    newsplease_pages: int = 500,
    memory_articles: int = 50_000,
    profile_pages: int = 1_500,
    heap: str = "1g",
) -> dict[str, Any]:
    """The crawl section. Every run crawls the same world; the repeated (a)/(b) runs fetch the
    newest `run_pages / outlets` articles of each outlet (the vnmon pipeline runs at ~5-20
    pages/s on this shared machine, so 3 x 20,000 pages would take hours), `full_run` adds one
    crawl of the whole world by each; news-please (~2-5 pages/s) and vnmon are compared on a
    `newsplease_pages` world."""
    per_outlet = max(1, run_pages // outlets)
    results: dict[str, Any] = {
        "articles": articles,
        "outlets": outlets,
        "repeats": repeats,
        "run_pages": per_outlet * outlets,
        "newsplease_pages": newsplease_pages,
    }
    runs: dict[str, list[dict[str, Any]]] = {"bare": [], "vnmon": [], "newsplease": [], "vnmon_small": []}
    with local_node(heap=heap, name="es-crawl") as es_url:
        server = WorldServer(outlets, articles)
        with server as world:
            watch = {"es": NODE_PIDS[es_url], "server": server.pid}
            base = _work("world")
            urls_file = base / "urls.txt"
            urls_file.write_text("\n".join(world.article_urls()) + "\n")
            subset_file = base / "urls-subset.txt"
            subset_file.write_text("\n".join(world.article_urls(per_outlet)) + "\n")
            sources = world.write_sources(base / "sources.yaml", max_pages=per_outlet)
            with cpu_meter({"server": server.pid}) as server_cpu:
                alone = server_alone(world, urls_file)
            results["server_alone"] = {**alone, **server_cpu}
            _say(results, runs, "server alone", results["server_alone"])
            for attempt in range(repeats):
                runs["bare"].append(bare_scrapy(subset_file, base / f"bare-{attempt}.log", watch))
                _say(results, runs, "bare", runs["bare"][-1])
                runs["vnmon"].append(vnmon_crawl(sources, es_url, f"vnmon-{attempt}", watch=watch))
                _say(results, runs, "vnmon", runs["vnmon"][-1])
        if newsplease_pages:
            server = WorldServer(outlets, newsplease_pages)
            with server as world:
                watch = {"es": NODE_PIDS[es_url], "server": server.pid}
                sources = world.write_sources(_work("np-world") / "sources.yaml")
                for attempt in range(repeats):
                    runs["newsplease"].append(newsplease_crawl(world, f"newsplease-{attempt}", watch))
                    _say(results, runs, "news-please", runs["newsplease"][-1])
                    small = vnmon_crawl(sources, es_url, f"vnmon-small-{attempt}", watch=watch)
                    runs["vnmon_small"].append(small)
                    _say(results, runs, "vnmon small", small)
        if profile_pages:
            with WorldServer(outlets, profile_pages) as world:
                sources = world.write_sources(_work("profile-world") / "sources.yaml")
                profile = RESULTS / "crawl-profile.txt"
                results["profile_run"] = vnmon_crawl(sources, es_url, "vnmon-profile", profile=profile)
                results["profile_file"] = str(profile.relative_to(REPO))
                _say(results, runs, "profile", results["profile_run"])
        if full_run:
            server = WorldServer(outlets, articles)
            with server as world:
                watch = {"es": NODE_PIDS[es_url], "server": server.pid}
                base = _work("world-full")
                urls_file = base / "urls.txt"
                urls_file.write_text("\n".join(world.article_urls()) + "\n")
                results["bare_full"] = bare_scrapy(urls_file, base / "bare-full.log", watch)
                _say(results, runs, "bare full", results["bare_full"])
                full_sources = world.write_sources(base / "sources-full.yaml")
                results["vnmon_full"] = vnmon_crawl(full_sources, es_url, "vnmon-full", watch=watch)
                _say(results, runs, "vnmon full", results["vnmon_full"])
        if memory_articles:
            with WorldServer(outlets, memory_articles) as world:
                sources = world.write_sources(_work("memory-world") / "sources.yaml")
                results["memory_run"] = vnmon_crawl(sources, es_url, "vnmon-memory")
                _say(results, runs, "memory", results["memory_run"])
    results["runs"] = runs
    results["medians"] = _medians(runs)
    save("crawl", results)
    return results


def _say(results: dict[str, Any], runs: dict[str, Any], label: str, data: dict[str, Any]) -> None:
    """Print a finished measurement and save everything so far (a long section may be cut short)."""
    print(f"{label}: {json.dumps(data)}", flush=True)
    save("crawl", {**results, "runs": runs, "medians": _medians(runs)})


def _medians(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, items in runs.items():
        # Article pages only: vnmon's own rate also counts its feeds, sitemaps and sections,
        # which the bare spider (given the article URLs) and news-please (counting what it
        # stored) do not.
        key = "article_pages_per_second" if name.startswith("vnmon") else "pages_per_second"
        rates = [r[key] for r in items if key in r]
        if rates:
            out[name] = med(rates)
        cpu = [r["crawler_cpu_ms_per_page"] for r in items if "crawler_cpu_ms_per_page" in r]
        if cpu:
            out[f"{name}_cpu_ms_per_page"] = med(cpu)
    if "bare_cpu_ms_per_page" in out and "vnmon_cpu_ms_per_page" in out:
        # pages per crawler-CPU-second, vnmon over bare: what the ratio would be on a quiet core
        out["vnmon_over_bare_cpu"] = round(out["bare_cpu_ms_per_page"] / out["vnmon_cpu_ms_per_page"], 3)
    if "bare" in out and "vnmon" in out:
        out["vnmon_over_bare"] = round(out["vnmon"] / out["bare"], 3)
    if "newsplease" in out and "vnmon_small" in out:
        out["vnmon_over_newsplease"] = round(out["vnmon_small"] / out["newsplease"], 2)
    return out


def markdown(results: dict[str, Any]) -> str:
    medians = results.get("medians", {})
    runs = results.get("runs", {})
    lines = [
        f"World: {results['articles']} article pages over {results['outlets']} outlets; "
        f"medians of {results['repeats']} runs.",
        "",
        "| crawler | article pages/s (median) | runs | CPU s (median) | peak RSS MB |",
        "|---|---|---|---|---|",
    ]
    labels = {
        "bare": "(a) bare Scrapy spider",
        "vnmon": "(b) vnmon full pipeline",
        "newsplease": "(c) news-please",
    }
    for key, label in labels.items():
        items = [r for r in runs.get(key, []) if "pages_per_second" in r]
        if not items:
            errors = [r.get("error", "") for r in runs.get(key, [])]
            lines.append(f"| {label} | not measured: {errors[0] if errors else 'not run'} | | | |")
            continue
        rate = "article_pages_per_second" if key.startswith("vnmon") else "pages_per_second"
        rates = ", ".join(f"{r[rate]:g}" for r in items)
        cpu = med([r.get("cpu_seconds", 0.0) for r in items])
        rss = max(r.get("peak_rss_mb", 0.0) for r in items)
        lines.append(f"| {label} | {medians.get(key)} | {rates} | {cpu} | {rss} |")
    lines.append("")
    if "vnmon_over_bare" in medians:
        lines.append(f"(b)/(a) = {medians['vnmon_over_bare']:.1%} (goal ≥ 50%)")
    if "vnmon_over_newsplease" in medians:
        lines.append(f"(b)/(c) = {medians['vnmon_over_newsplease']}× (goal ≥ 5×)")
    return "\n".join(lines)
