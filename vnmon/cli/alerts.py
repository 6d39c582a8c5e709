"""`vnmon alerts`: save analysts' searches and deliver their new matches by email or webhook."""

from __future__ import annotations

import click

from vnmon.cli.common import reports_errors


def _split(values: tuple[str, ...]) -> list[str]:
    """Repeatable options that also take comma-separated lists (`--lang ru,uk --lang de`)."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.group("alerts")
def alerts() -> None:
    """Saved searches and their alert digests."""


@alerts.command("save")
@click.argument("name")
@click.argument("query", default="")
@click.option("--lang", "langs", multiple=True, help="Language code (repeatable or comma-separated).")
@click.option("--source", "sources", multiple=True, help="Source id (repeatable or comma-separated).")
@click.option("--country", "countries", multiple=True, help="Country code (repeatable or comma-separated).")
# Dates are read by the search's own parser (SearchParams, as `vnmon search --from/--to`): a day or a time.
@click.option("--from", "date_from", help="Published on or after: YYYY-MM-DD or YYYY-MM-DDTHH:MM.")
@click.option("--to", "date_to", help="Published on or before: YYYY-MM-DD (whole day) or a datetime.")
@click.option("--min-relevance", type=float, help="Minimum relevance score.")
@click.option("--all-copies", is_flag=True, help="Send every outlet's copy of a syndicated story.")
@click.option("--email", "emails", multiple=True, help="Recipient address (repeatable).")
@click.option("--webhook", help="URL that gets each digest as a JSON POST.")
@click.option(
    "--frequency",
    default="hourly",
    show_default=True,
    help="always, hourly, daily, weekly or a duration (30m, 6h, 2d).",
)
@click.option("--owner", default="local", show_default=True, help="User name owning the search.")
@reports_errors
def save_cmd(
    name: str,
    query: str,
    langs: tuple[str, ...],
    sources: tuple[str, ...],
    countries: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    min_relevance: float | None,
    all_copies: bool,
    emails: tuple[str, ...],
    webhook: str | None,
    frequency: str,
    owner: str,
) -> None:
    """Save QUERY as NAME (saving an existing NAME replaces its query and targets; what was
    already sent is never sent again). Only articles fetched from now on are alerted."""
    from indexer.client import connect
    from vnmon.alerts import save_search
    from vnmon.kernel.settings import get_settings

    settings = get_settings()
    saved = save_search(
        connect(settings),
        name,
        {
            "q": query,
            "langs": _split(langs),
            "sources": _split(sources),
            "countries": _split(countries),
            "date_from": date_from or None,
            "date_to": date_to or None,
            "min_relevance": min_relevance,
            "all_copies": all_copies,
        },
        owner=owner,
        emails=_split(emails),
        webhook=webhook,
        webhook_internal=True,  # the command line is the operator's: an intranet webhook is allowed
        frequency=frequency,
        prefix=settings.index_prefix,
    )
    targets = ", ".join(saved.emails + ([saved.webhook] if saved.webhook else [])) or "no targets yet"
    click.echo(
        f"saved {saved.name!r} ({saved.owner}, {saved.frequency}): {saved.query.describe()} -> {targets}"
    )
    if saved.emails and not settings.smtp_host:
        click.echo(
            "warning: no mail server is configured (VNMON_SMTP_HOST is not set): the emails to "
            f"{', '.join(saved.emails)} will fail, and be retried, until one is",
            err=True,
        )


@alerts.command("list")
@click.option("--owner", help="Only this user's saved searches.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@reports_errors
def list_cmd(owner: str | None, fmt: str) -> None:
    """List saved searches with their targets and last run."""
    from indexer.client import connect
    from vnmon.alerts import list_saved, render_saved
    from vnmon.kernel.settings import get_settings

    settings = get_settings()
    click.echo(render_saved(list_saved(connect(settings), owner, settings.index_prefix), fmt))


@alerts.command("remove")
@click.argument("name")
@click.option("--owner", help="Whose search, when several users have one of that name.")
@reports_errors
def remove_cmd(name: str, owner: str | None) -> None:
    """Remove the saved search NAME (its delivery log stays)."""
    from indexer.client import connect
    from vnmon.alerts import delete_saved, find_saved
    from vnmon.kernel.settings import get_settings

    settings = get_settings()
    client = connect(settings)
    saved = find_saved(client, name, owner, settings.index_prefix)
    delete_saved(client, saved.id, settings.index_prefix)
    click.echo(f"removed {saved.name!r} ({saved.owner})")


@alerts.command("pause")
@click.argument("name")
@click.option("--owner", help="Whose search, when several users have one of that name.")
@reports_errors
def pause_cmd(name: str, owner: str | None) -> None:
    """Pause the saved search NAME: scheduled alert runs skip it until it is resumed."""
    _set_paused(name, owner, paused=True)


@alerts.command("resume")
@click.argument("name")
@click.option("--owner", help="Whose search, when several users have one of that name.")
@reports_errors
def resume_cmd(name: str, owner: str | None) -> None:
    """Resume the saved search NAME, from now on (what was found while paused is not sent)."""
    _set_paused(name, owner, paused=False)


def _set_paused(name: str, owner: str | None, paused: bool) -> None:
    from indexer.client import connect
    from vnmon.alerts import find_saved, set_paused
    from vnmon.kernel.settings import get_settings

    settings = get_settings()
    client = connect(settings)
    saved = set_paused(
        client, find_saved(client, name, owner, settings.index_prefix), paused, settings.index_prefix
    )
    click.echo(f"{'paused' if saved.paused else 'resumed'} {saved.name!r} ({saved.owner})")


@alerts.command("run")
@click.option("--name", help="Run only this saved search, even if it is not due.")
@click.option("--owner", help="Only this user's saved searches.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@reports_errors
def run_cmd(name: str | None, owner: str | None, fmt: str) -> None:
    """Deliver the new matches of every due saved search; exit 1 if any delivery failed
    (failed deliveries are retried at the next run)."""
    import json

    from vnmon.alerts import render_run, run_alerts

    result = run_alerts(name=name, owner=owner)
    click.echo(
        json.dumps(result.to_json(), ensure_ascii=False, indent=2) if fmt == "json" else render_run(result)
    )
    if not result.ok:
        raise SystemExit(1)
