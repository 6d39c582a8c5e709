"""`vnmon index`: create the articles index, replay spooled documents, retag indexed documents."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import click

from vnmon.cli.common import reports_errors

if TYPE_CHECKING:
    from indexer.retag import Progress, RetagOutcome


@click.group("index")
def index() -> None:
    """Manage the Elasticsearch articles index."""


@index.command("setup")
@reports_errors
def setup_cmd() -> None:
    """Create the versioned articles index behind its alias (harmless when it exists)."""
    from indexer.client import connect
    from indexer.lifecycle import articles_alias, setup

    client = connect()
    name, created = setup(client)
    verb = "created" if created else "already set up:"
    click.echo(f"{verb} {articles_alias()} -> {name}")


@index.command("replay")
@reports_errors
def replay_cmd() -> None:
    """Send documents spooled while Elasticsearch was unreachable."""
    from indexer.client import connect
    from indexer.lifecycle import articles_alias, setup
    from indexer.store import ArticleStore
    from vnmon.kernel.settings import get_settings

    client = connect()
    setup(client)
    data = get_settings().data_dir
    store = ArticleStore(client, articles_alias(), data / "spool")
    waiting = store.spool.size()
    outcome = store.replay()
    click.echo(
        f"spool: {waiting} waiting, {outcome.indexed} indexed, {outcome.quarantined} quarantined, "
        f"{store.spool.size()} still waiting"
    )
    for error in outcome.errors:
        click.echo(f"  {error}", err=True)
    if store.spool.size():
        raise SystemExit(1)


@index.command("status")
@reports_errors
def status_cmd() -> None:
    """Show where the alias points and how many articles it holds."""
    from indexer.client import connect
    from indexer.lifecycle import articles_alias, current_index
    from indexer.store import Spool, count_documents
    from vnmon.kernel.settings import get_settings

    client = connect()
    alias = articles_alias()
    name = current_index(client)
    if name is None:
        click.echo(f"{alias}: not set up (run `vnmon index setup`)")
        raise SystemExit(1)
    spooled = Spool(get_settings().data_dir / "spool").size()
    click.echo(f"{alias} -> {name}: {count_documents(client, alias)} articles, {spooled} spooled")


@index.command("retag")
@click.option(
    "--query", help="Only the documents this search query matches (e.g. 'place:hue', 'topic:trade')."
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M"]),
    help="Only documents fetched on or after: YYYY-MM-DD or YYYY-MM-DDTHH:MM (VNMON_TIMEZONE).",
)
@click.option("--dry-run", is_flag=True, help="Count what would change; write nothing.")
@click.option("--force", is_flag=True, help="Check every document again, even if this config was applied.")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 5000),
    default=500,
    show_default=True,
    help="Documents per request.",
)
@click.option(
    "--max-batches",
    type=click.IntRange(min=1),
    help="Stop after this many batches; the next run continues where this one stopped.",
)
@reports_errors
def retag_cmd(
    query: str | None,
    since: datetime | None,
    dry_run: bool,
    force: bool,
    batch_size: int,
    max_batches: int | None,
) -> None:
    """Apply the current places and topics config to the documents already indexed.

    Only documents whose tags change are rewritten, each only if no one wrote it since it was
    read. A stopped or killed run continues where it stopped; once a run has finished, running
    again with the same config does nothing.
    """
    from indexer.client import connect
    from indexer.lifecycle import articles_alias
    from indexer.retag import RetagOptions, Tagger, retag, subset_of
    from vnmon.kernel.settings import get_settings

    settings = get_settings()
    tagger = Tagger.load(settings.places, settings.topics)
    options = RetagOptions(
        subset=subset_of(query, since, settings.timezone),
        dry_run=dry_run,
        force=force,
        batch_size=batch_size,
        max_batches=max_batches,
        on_progress=_ProgressLine(),
    )
    outcome = retag(connect(), articles_alias(), tagger, settings.data_dir / "retag", options)
    for line in retag_summary(outcome):
        click.echo(line)
    if outcome.counts.errors:
        raise SystemExit(1)


class _ProgressLine:
    """Progress on stderr: after the first batch, then at most once a second."""

    def __init__(self, every: float = 1.0) -> None:
        self.every = every
        self.last: float | None = None

    def __call__(self, progress: Progress) -> None:
        if (
            self.last is not None
            and progress.elapsed - self.last < self.every
            and progress.seen < progress.total
        ):
            return
        self.last = progress.elapsed
        eta = f"{progress.eta:.0f} s" if progress.eta is not None else "?"
        click.echo(
            f"retag: {progress.seen}/{progress.total} seen, {progress.changed} changed, "
            f"{progress.rate:.0f} docs/s, ETA {eta}",
            err=True,
        )


def retag_summary(outcome: RetagOutcome) -> list[str]:
    """The final report of a retag, one line each."""
    if outcome.status == "up-to-date":
        return [
            "retag: nothing to do: a finished run already applied this places/topics config "
            "(--force checks again)"
        ]
    counts = outcome.counts
    verb = "would change" if outcome.dry_run else "changed"
    how = {"finished": "finished", "stopped": "stopped after --max-batches (run again to continue)"}[
        outcome.status
    ]
    notes = [
        " (resumed)" if outcome.resumed else "",
        " (config changed since the interrupted run: started over)" if outcome.restarted else "",
    ]
    lines = [
        f"retag {how}{''.join(notes)}{' [dry run]' if outcome.dry_run else ''}",
        f"  seen {counts.seen}, {verb} {counts.changed}",
        f"  places: +{counts.places_added} -{counts.places_removed}; "
        f"topics: +{counts.topics_added} -{counts.topics_removed}",
        f"  conflicts retried {counts.conflicts}, errors {len(counts.errors)}",
    ]
    lines.extend(f"  error: {error}" for error in counts.errors[:20])
    return lines
