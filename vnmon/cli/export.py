"""`vnmon export`: weekly exports for reporters (CSV, XLSX, JSONL, HTML and PDF report, email)."""

from __future__ import annotations

import click

from vnmon.cli.common import reports_errors


@click.group("export")
def export() -> None:
    """Export articles for reporters."""


@export.command("weekly")
@click.option("--week", help="ISO week YYYY-Www in VNMON_TIMEZONE (default: the last complete week).")
@click.option("--query", help='Search query (words, "phrases", -word) the articles must match.')
@click.option("--lang", "languages", multiple=True, help="Language code (repeatable or comma-separated).")
@click.option("--source", "sources", multiple=True, help="Source id (repeatable or comma-separated).")
@click.option("--format", "formats", multiple=True, help="csv,xlsx,jsonl,html,pdf (default: all of them).")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), help="Folder (default: DATA_DIR/exports)."
)
@click.option("--full-text", is_flag=True, help="Include article bodies (CSV, XLSX, JSONL).")
@click.option("--ui-lang", type=click.Choice(["vi", "en", "both"]), default="both", show_default=True)
@click.option("--email", "email_to", multiple=True, help="Email the report to this address (repeatable).")
@click.option("--email-reporters", is_flag=True, help="Email the report to VNMON_REPORT_RECIPIENTS.")
@reports_errors
def weekly_cmd(
    week: str | None,
    query: str | None,
    languages: tuple[str, ...],
    sources: tuple[str, ...],
    formats: tuple[str, ...],
    out_dir: str | None,
    full_text: bool,
    ui_lang: str,
    email_to: tuple[str, ...],
    email_reporters: bool,
) -> None:
    """Write one week's articles and report to OUT/YYYY-Www/ (re-running replaces it whole)."""
    from pathlib import Path

    from vnmon.exports import parse_formats, run_weekly_export
    from vnmon.kernel.settings import get_settings

    settings = get_settings()
    recipients = list(email_to) + ([settings.report_recipients] if email_reporters else [])
    result = run_weekly_export(
        settings,
        week,
        query=query,
        languages=languages,
        sources=sources,
        formats=parse_formats(formats),
        out_dir=Path(out_dir) if out_dir else None,
        full_text=full_text,
        ui_lang=ui_lang,
        email_to=recipients,
    )
    click.echo(result.summary())
    if result.emailed_to:
        click.echo(f"emailed to {', '.join(result.emailed_to)}")
