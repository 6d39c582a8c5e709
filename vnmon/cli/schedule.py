"""`vnmon schedule`: add, list, pause, resume, remove and run the recurring crawls."""

from __future__ import annotations

import click

from vnmon.cli.common import reports_errors

_SOURCES = click.option(
    "--sources", "sources_path", type=click.Path(dir_okay=False), help="Sources file (else VNMON_SOURCES)."
)


@click.group("schedule")
def schedule() -> None:
    """Recurring crawls and other jobs (VNMON_DATA_DIR/schedules.json), run by `vnmon scheduler`."""


@schedule.command("add")
@click.argument("name")
@click.option("--cron", help="Cron expression, five fields: minute hour day month weekday.")
@click.option("--every", help="Interval: 90s, 15m, 6h, 1d, 1h30m...")
@click.option("--source", "source_ids", multiple=True, help="Source id to crawl (repeatable).")
@click.option("--tag", help="Crawl every source with this tag (follows the sources file).")
@click.option("--tz", help="Time zone of the cron expression (default VNMON_TIMEZONE).")
@click.option(
    "--spider",
    type=click.Choice(["news", "feeds", "sitemaps", "sections"]),
    default="news",
    show_default=True,
)
@click.option(
    "--job", "kind", default="crawl", show_default=True, help="Job kind (crawl, or a registered one)."
)
@click.option("--param", "params", multiple=True, help="Job parameter NAME=VALUE (repeatable).")
@click.option("--replace", is_flag=True, help="Replace a schedule of the same name.")
@_SOURCES
@reports_errors
def add(
    name: str,
    cron: str | None,
    every: str | None,
    source_ids: tuple[str, ...],
    tag: str | None,
    tz: str | None,
    spider: str,
    kind: str,
    params: tuple[str, ...],
    replace: bool,
    sources_path: str | None,
) -> None:
    """Add the schedule NAME: `--cron` or `--every`, and `--source ID...` or `--tag TAG`."""
    from vnmon.scheduling.control import add_schedule

    parsed = dict(_pair(p) for p in params)
    view = add_schedule(
        name,
        cron,
        every,
        source_ids,
        tag,
        tz,
        spider,
        kind,
        parsed,
        sources_path=sources_path,
        replace=replace,
    )
    click.echo(f"added {view['name']}: {view['timing']} ({view['tz']}), {view['target']}")


@schedule.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@reports_errors
def list_(fmt: str) -> None:
    """Every schedule: timing, time zone, what it runs, paused or not, next and last run."""
    from vnmon.scheduling.schedules import ScheduleStore, render_schedules

    store = ScheduleStore()
    click.echo(render_schedules(store.load(), fmt))
    for problem in store.problems:
        click.echo(f"warning: {problem}", err=True)


@schedule.command("pause")
@click.argument("name")
@reports_errors
def pause(name: str) -> None:
    """Stop firing NAME until it is resumed (a running crawl goes on)."""
    from vnmon.scheduling.control import pause_schedule

    pause_schedule(name)
    click.echo(f"paused {name}")


@schedule.command("resume")
@click.argument("name")
@reports_errors
def resume(name: str) -> None:
    """Fire NAME again, from its next time on."""
    from vnmon.scheduling.control import resume_schedule

    resume_schedule(name)
    click.echo(f"resumed {name}")


@schedule.command("remove")
@click.argument("name")
@reports_errors
def remove(name: str) -> None:
    """Delete the schedule NAME."""
    from vnmon.scheduling.control import remove_schedule

    remove_schedule(name)
    click.echo(f"removed {name}")


@schedule.command("run")
@click.argument("name")
@_SOURCES
@click.option("-s", "--set", "overrides", multiple=True, help="Scrapy setting NAME=VALUE for this run.")
@reports_errors
def run(name: str, sources_path: str | None, overrides: tuple[str, ...]) -> None:
    """Run NAME now: the running scheduler starts it, else it runs here in the foreground."""
    from vnmon.scheduling.control import request_run, run_schedule_now, scheduler_running

    if scheduler_running():
        request_run(name)
        click.echo(f"asked the scheduler to run {name} now; follow it with `vnmon runs list`")
        return
    code = run_schedule_now(name, sources_path, overrides)
    if code:
        raise SystemExit(code)


def _pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise click.BadParameter(f"{text!r}: expected NAME=VALUE", param_hint="--param")
    return key.strip(), value
