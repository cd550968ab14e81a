"""`kiosk stats` and `kiosk stats merge`: usage figures for staff and curators.

A click group listed in COMMANDS for the main `kiosk` group to register. `kiosk stats` alone
prints the report (text, or --csv / --json on stdout, or --html FILE); `kiosk stats merge`
combines the files of several kiosks. Like the technician's commands: exit 0 on success, 1
with one line `failed: <reason>` on stderr otherwise, never a traceback, because a missing or
broken usage file is an everyday event on a kiosk, not a bug.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from kiosk.cli_errors import one_line_errors

USAGE_DB = "usage.db"


def default_usage_db() -> Path:
    """$KIOSK_DATA_DIR/usage.db, or /var/lib/kiosk/usage.db: where the app records."""
    from kiosk.staff.state import default_root

    return default_root() / USAGE_DB


def _usage_errors() -> tuple[type[BaseException], ...]:
    from kiosk.usage.schema import UsageDbError

    return (UsageDbError, sqlite3.Error)


_one_line_errors = one_line_errors(_usage_errors)


@click.group(invoke_without_command=True)
@click.option("--db", "db", type=click.Path(path_type=Path), default=None,
              help="Usage database (default: $KIOSK_DATA_DIR/usage.db or "
                   "/var/lib/kiosk/usage.db).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="DATE",
              help="Only sessions from this day on (YYYY-MM-DD).")
@click.option("--csv", "as_csv", is_flag=True, help="CSV rows figure,key,measure,value.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object (hidden figures: null).")
@click.option("--html", "html_file", type=click.Path(path_type=Path), default=None,
              help="Write a self-contained HTML report with charts to this file.")
@click.option("--min-sessions", type=click.IntRange(min=5), default=5, show_default=True,
              help="Hide figures backed by fewer sessions than this.")
@click.pass_context
def stats(ctx: click.Context, db: Path | None, since, as_csv: bool, as_json: bool,
          html_file: Path | None, min_sessions: int) -> None:
    """Anonymous usage figures: sessions, items, languages, features, searches.

    Figures backed by fewer than 5 sessions are hidden in every format.
    """
    if ctx.invoked_subcommand is not None:
        return
    if sum((as_csv, as_json, html_file is not None)) > 1:
        raise click.UsageError("choose one of --csv, --json and --html")
    _report(db or default_usage_db(), since.date() if since else None, as_csv, as_json,
            html_file, min_sessions)


@_one_line_errors
def _report(db: Path, since, as_csv: bool, as_json: bool, html_file: Path | None,
            min_sessions: int) -> None:
    from kiosk.usage import render
    from kiosk.usage.report import build_report

    report = build_report(db, since, min_sessions)
    if as_json:
        click.echo(render.to_json(report))
    elif as_csv:
        click.echo(render.to_csv(report), nl=False)
    elif html_file is not None:
        from kiosk.usage.html_report import to_html

        html_file.write_text(to_html(report, str(db)), encoding="utf-8")
        click.echo(f"wrote {html_file}")
    else:
        click.echo(render.to_text(report, str(db)))


@stats.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="The combined usage database (created if missing).")
@_one_line_errors
def merge(inputs: tuple[Path, ...], out: Path) -> None:
    """Combine the usage files of several kiosks; merging a file again changes nothing."""
    from kiosk.usage.merge import merge as merge_files

    for outcome in merge_files(list(inputs), out):
        click.echo(f"{outcome.path}: site file {outcome.source} {outcome.action} "
                   f"(generation {outcome.generation})")
    click.echo(f"merged into {out}")


COMMANDS = [stats]
