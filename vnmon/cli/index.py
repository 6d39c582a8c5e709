"""`vnmon index`: create the articles index and replay spooled documents."""

from __future__ import annotations

import click

from vnmon.cli.common import reports_errors


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
