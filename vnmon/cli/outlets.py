"""`vnmon outlets`: the registry of every outlet that yielded an article; promote or block one."""

from __future__ import annotations

import json
from pathlib import Path

import click

from vnmon.cli.common import reports_errors

A_FILE = click.Path(dir_okay=False, path_type=Path)


@click.group("outlets")
def outlets() -> None:
    """The outlets articles came from, discovered ones included (`<prefix>-outlets`)."""


@outlets.command("list")
@click.option(
    "--status", type=click.Choice(["discovered", "promoted", "blocked"]), help="Only outlets of this status."
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@reports_errors
def list_outlets(status: str | None, fmt: str) -> None:
    """List outlets, most articles first: domain, status, country, languages, articles, last seen."""
    from indexer.client import connect
    from indexer.outlets import list_outlets as registry

    found = registry(connect(), status)
    if fmt == "json":
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    rows = [("domain", "status", "country", "languages", "articles", "found via", "last seen", "name")]
    for o in found:
        rows.append(
            (
                o["domain"], o["status"], o.get("country", ""), ",".join(o.get("languages", [])),
                str(o.get("articles", 0)), ",".join(o.get("found_via", [])), str(o.get("last_seen", ""))[:16],
                o.get("name", ""),
            )
        )  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    click.echo(f"{len(found)} outlet(s)")


@outlets.command("block")
@click.argument("domain")
@reports_errors
def block(domain: str) -> None:
    """Never fetch this domain (or its subdomains) again, in any crawl: discovery or sources."""
    from indexer.client import connect
    from indexer.outlets import set_status

    record = set_status(connect(), domain, "blocked")
    click.echo(f"blocked {record['domain']}: no crawl will fetch it again (discovery or sources)")


@outlets.command("promote")
@click.argument("domain")
@click.option("--sources", "sources_path", type=A_FILE, help="Sources file (else VNMON_SOURCES).")
@click.option("--country", help="ISO 3166-1 alpha-2 country, when the registry does not know it.")
@reports_errors
def promote(domain: str, sources_path: Path | None, country: str | None) -> None:
    """Add the outlet to the sources file, with the feeds and sitemaps it announces."""
    from crawler.discovery.promote import promote as add_source
    from crawler.errors import SourcesError
    from crawler.sources import resolve_sources_path
    from indexer.client import connect
    from indexer.outlets import OutletError, get_outlet, set_status

    client = connect()
    record = get_outlet(client, domain)
    if record is None:
        raise OutletError(f"no outlet {domain!r} in the registry (`vnmon outlets list` shows them)")
    path = resolve_sources_path(sources_path)
    try:
        entry = add_source(record, path, country)
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from None
    set_status(client, record["domain"], "promoted")
    points = ", ".join(
        f"{len(entry.get(k, []))} {k}" for k in ("feeds", "sitemaps", "sections") if entry.get(k)
    )
    click.echo(f"promoted {record['domain']} to {path} as source {entry['id']!r} ({points})")


@outlets.command("domestic")
@click.option(
    "--file", "path", type=A_FILE, help="File to check (else VNMON_DOMESTIC_DOMAINS or the default)."
)
@reports_errors
def domestic(path: Path | None) -> None:
    """Check and list the Vietnamese outlets on generic domains (.com, .net) treated as domestic,
    besides every host under .vn and every outlet GDELT places in Vietnam."""
    from vnmon.kernel.domestic import load_domestic

    found = load_domestic(path)
    width = max((len(o.domain) for o in found.outlets), default=0)
    for outlet in found.outlets:
        click.echo(
            f"{outlet.domain.ljust(width)}  {outlet.name}" + (f"  ({outlet.note})" if outlet.note else "")
        )
    click.echo(f"{len(found.outlets)} domestic outlet(s) on generic domains in {found.source}")
