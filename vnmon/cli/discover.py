"""`vnmon discover`: find foreign articles about Vietnam outside the sources file, then crawl them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from vnmon.cli.common import reports_errors
from vnmon.cli.crawl import _parse_setting
from vnmon.kernel.errors import VnmonError

SHOWN_URLS = 50


@click.group("discover")
def discover() -> None:
    """Find articles about Vietnam beyond the sources file (GDELT, news searches) and crawl them
    like any other."""


def _since(value: str | None) -> timedelta | None:
    if value is None:
        return None
    from vnmon.scheduling.schedules import parse_duration

    try:
        return parse_duration(value)
    except VnmonError as exc:
        raise click.BadParameter(str(exc).replace("interval", "duration"), param_hint="--since") from None


def _crawl_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options both discovery commands hand to their crawl."""
    for option in (
        click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON."),
        click.option(
            "-s", "--set", "overrides", multiple=True, help="Scrapy setting NAME=VALUE (repeatable)."
        ),
        click.option(
            "--sources", "sources_path", type=click.Path(), help="Sources file (else VNMON_SOURCES)."
        ),
    ):
        command = option(command)
    return command


@discover.command("gdelt")
@click.option("--since", help="Read the GKG files of this last period (e.g. 6h, 90m), not only the new ones.")
@click.option("--dry-run", is_flag=True, help="Print the files and URLs it would fetch; change nothing.")
@_crawl_options
@reports_errors
def gdelt(
    since: str | None, dry_run: bool, sources_path: str | None, overrides: tuple[str, ...], as_json: bool
) -> None:
    """Read GDELT's new 15-minute GKG files (English and Translingual), keep the foreign articles
    about Vietnam, and crawl them: robots.txt, politeness, archive and index as for any source."""
    from crawler.discovery.gdelt import GdeltDiscovery, GdeltUnavailable, describe
    from crawler.locks import source_locks
    from crawler.runs import record_discovery
    from vnmon.kernel.lexicon import load_lexicon
    from vnmon.kernel.settings import get_settings

    window = _since(since)
    settings = dict(_parse_setting(o) for o in overrides)
    lexicon = load_lexicon(get_settings().lexicon)
    started = datetime.now(UTC)
    with source_locks(["gdelt-files"]):  # two discovery runs never read the same files
        discovery = GdeltDiscovery(lexicon)
        try:
            files = discovery.plan(window)
        except GdeltUnavailable as exc:
            if not dry_run:  # a failed run in the history, GDELT's entry in source health failing
                unread = {"source": "gdelt", "unread": [discovery.base_url], "problems": [str(exc)]}
                record_discovery(unread, started, error=str(exc))
            raise
        click.echo(f"GDELT {discovery.base_url}: {len(files)} new GKG file(s) to read")
        for gkg in files:
            click.echo(f"  {gkg.url}")
        report, found = discovery.run(files, dry_run=dry_run)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(report.stats.counts.items())) or "nothing read"
    click.echo(f"records: {counts}")
    for problem in report.problems:
        click.echo(f"degraded: {problem}", err=True)
    if dry_run:
        _show(found)
        return
    read = {**describe(report), "source": "gdelt"}
    _crawl_pending(discovery.pending, read, started, sources_path, settings, as_json)


@discover.command("gdelt-doc")
@click.option("--since", default="24h", show_default=True, help="The period to back-fill (e.g. 6h, 3d).")
@click.option("--language", "languages", multiple=True, help="Only this query language (repeatable).")
@click.option(
    "--queries",
    "queries_path",
    type=click.Path(dir_okay=False),
    help="The discovery file holding the DOC API queries (doc.queries: language: terms; else "
    "VNMON_DISCOVERY, else config/discovery.yaml).",
)
@click.option("--dry-run", is_flag=True, help="Print the URLs it would fetch; change nothing.")
@_crawl_options
@reports_errors
def gdelt_doc(
    since: str,
    languages: tuple[str, ...],
    queries_path: str | None,
    dry_run: bool,
    sources_path: str | None,
    overrides: tuple[str, ...],
    as_json: bool,
) -> None:
    """Back-fill through the GDELT DOC 2.0 API (one query per language, 250 articles each at most),
    then crawl what it found, like `discover gdelt`."""
    from crawler.discovery.doc import DocClient, discovered_articles, load_doc_queries
    from crawler.discovery.gdelt import DiscoveryReport, GdeltUnavailable, describe

    window = _since(since)
    assert window is not None
    settings = dict(_parse_setting(o) for o in overrides)
    path = _discovery_file(queries_path)
    queries = load_doc_queries(path)
    if languages:
        unknown = sorted(set(languages) - {q.language for q in queries})
        if unknown:
            raise click.BadParameter(f"no query for {', '.join(unknown)} in {path}", param_hint="--language")
        queries = [q for q in queries if q.language in languages]
    client = DocClient()
    report = DiscoveryReport()
    started = datetime.now(UTC)
    click.echo(f"DOC API {client.url}: {len(queries)} quer(ies) over the last {since}")
    found: list[Any] = []
    asked = [f"{client.url} {q.language}" for q in queries]  # each query: an entry point of the run
    for query, label in zip(queries, asked, strict=True):
        try:
            found += discovered_articles(client, [query], window, report.stats)
        except GdeltUnavailable as exc:  # the other queries still count: a degraded run
            report.problems.append(f"{label}: {exc}")
    report.found = len(found)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(report.stats.counts.items())) or "nothing found"
    click.echo(f"records: {counts}")
    for problem in report.problems:
        click.echo(f"degraded: {problem}", err=True)
    if dry_run:
        _show(found)
        return
    read = {**describe(report), "source": "gdelt-doc"}
    read["files"] = read["files"] + asked
    _crawl_found(found, read, started, sources_path, settings, as_json)


@discover.command("news")
@click.option(
    "--lang", "languages", multiple=True, help="Only the feeds of this language (ISO 639-1, repeatable)."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="The discovery file (news.feeds; else VNMON_DISCOVERY, else config/discovery.yaml).",
)
@click.option(
    "--dry-run", is_flag=True, help="Print the feeds and the publishers' URLs found; crawl nothing."
)
@_crawl_options
@reports_errors
def news(
    languages: tuple[str, ...],
    config_path: str | None,
    dry_run: bool,
    sources_path: str | None,
    overrides: tuple[str, ...],
    as_json: bool,
) -> None:
    """Read the search-engine news feeds of the discovery file (the lexicon's Vietnam terms per
    language), follow each item to the publisher's URL, and crawl those like `discover gdelt`."""
    from crawler.discovery.news import NewsSearch, describe_news, feed_requests, load_news_settings
    from vnmon.kernel.lexicon import load_lexicon
    from vnmon.kernel.settings import get_settings

    settings = dict(_parse_setting(o) for o in overrides)
    path = _discovery_file(config_path)
    news_settings = load_news_settings(path)
    requests = feed_requests(news_settings, load_lexicon(get_settings().lexicon), path, languages)
    if not requests:
        enabled = sorted({lang for f in news_settings.feeds if f.enabled for lang in f.languages})
        if languages:
            raise click.BadParameter(
                f"no enabled feed in {path} for {', '.join(languages)}; enabled languages: "
                f"{', '.join(enabled) or 'none'}",
                param_hint="--lang",
            )
        raise VnmonError(f"{path}: news.feeds: no feed is enabled")
    click.echo(f"news search: {len(requests)} feed(s) to read")
    for request in requests:
        click.echo(f"  {request.label}: {request.url}")
    started = datetime.now(UTC)
    report, found = NewsSearch().run(requests)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(report.stats.counts.items())) or "nothing read"
    click.echo(f"items: {counts}")
    for problem in report.problems:
        click.echo(f"degraded: {problem}", err=True)
    if not report.stats["feeds"]:
        raise VnmonError(f"no news-search feed could be read ({len(report.problems)} problem(s) above)")
    if dry_run:
        _show(found)
        return
    described = describe_news(report)
    # The run history's tally lists each feed read as an entry point of the `news-search` source.
    read = {**described, "source": "news-search", "files": described["feeds"]}
    _crawl_found(found, read, started, sources_path, settings, as_json)


def _discovery_file(value: str | None) -> Path:
    from vnmon.kernel.configfiles import config_file
    from vnmon.kernel.settings import get_settings

    return config_file(Path(value) if value else get_settings().discovery, "discovery.yaml")


def _show(found: list[Any]) -> None:
    click.echo(f"would fetch {len(found)} article URL(s):")
    for item in found[:SHOWN_URLS]:
        click.echo(f"  {item.url}  ({item.source_name}, {item.matched})")
    if len(found) > SHOWN_URLS:
        click.echo(f"  … and {len(found) - SHOWN_URLS} more")


def _crawl_found(
    found: list[Any],
    described: dict[str, Any],
    started: datetime,
    sources_path: str | None,
    settings: dict[str, Any],
    as_json: bool,
) -> None:
    """Add `found` to the pending URLs (with any a killed run left), then crawl them all."""
    from crawler.discovery.gdelt import PendingUrls
    from vnmon.kernel.settings import get_settings

    pending = PendingUrls(get_settings().data_dir / "discovery" / "pending.jsonl")
    pending.append(found)
    _crawl_pending(pending, described, started, sources_path, settings, as_json)


def _crawl_pending(
    pending: Any,
    described: dict[str, Any],
    started: datetime,
    sources_path: str | None,
    settings: dict[str, Any],
    as_json: bool,
) -> None:
    """Crawl the pending URLs, print the crawl's summary table, empty the pending file once done.
    The run history records the run with what discovery read (`described`, with its `source` in the
    history and its entry points as `files`), a crawl or not."""
    from crawler.runs import record_discovery

    waiting = pending.read()
    click.echo(f"crawling {len(waiting)} discovered article URL(s)")
    if not waiting:
        record_discovery(described, started)
        return
    summary = _crawl(sources_path, str(pending.path), settings)
    summary["discovery"] = described
    _record(summary)
    if summary["finish_reason"] == "finished":
        pending.clear()
    if as_json:
        click.echo(json.dumps(summary, indent=2))
    else:
        from crawler.crawl import format_summary

        click.echo(format_summary(summary))
    if summary["finish_reason"] != "finished":
        raise SystemExit(2)


def _crawl(sources_path: str | None, pending: str, settings: dict[str, Any]) -> dict[str, Any]:
    from crawler.crawl import run_crawl

    settings.setdefault("VNMON_DISCOVERED", pending)
    return run_crawl(sources_path, None, "discover", settings, lock_ids=["gdelt"])


def _record(summary: dict[str, Any]) -> None:
    """The run record and summary file gain what discovery read (a damaged file: a degraded run)."""
    from crawler.runs import record_summary

    path = Path(summary["summary_file"])
    summary["degraded"] = bool(summary["discovery"]["problems"])
    stored = {k: v for k, v in summary.items() if k != "summary_file"}
    path.write_text(json.dumps(stored, indent=2), encoding="utf-8")
    record_summary(stored, path)
