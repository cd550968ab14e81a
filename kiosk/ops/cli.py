"""`kiosk config check|show|hash-pin`, `kiosk doctor`, `kiosk service install`.

Plain click commands listed in COMMANDS for the main `kiosk` group to register. Like the rest
of the CLI they print problems as `path:line: message` with a hint, exit 1 when something is
wrong, and never show a traceback: the reader is a technician at a kiosk, not a developer.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import click

CONFIG_HELP = "The site configuration (default: $KIOSK_CONFIG or /etc/kiosk/kiosk.toml)."


def _config_path(path: Path | None, must_exist: bool) -> Path:
    from kiosk.config import default_config_path

    chosen = path or default_config_path()
    if path is not None and must_exist and not path.exists():
        raise click.BadParameter(f"{path} does not exist", param_hint="--config")
    return chosen


@click.group(name="config")
def config_group() -> None:
    """Check and prepare the site configuration, kiosk.toml (docs/configuration.md)."""


@config_group.command(name="check")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print errors only, not warnings.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: counts and problems.")
def config_check(file: Path | None, quiet: bool, as_json: bool) -> None:
    """Check FILE and print every problem as path:line: message, with a hint."""
    from kiosk import cli_json
    from kiosk.config import default_config_path, load_config

    path = file or default_config_path()
    if not path.exists():
        if file is not None:
            click.echo(f"{path}: no such file", err=True)
            sys.exit(1)
        click.echo(f"no {path}: every setting has its default", err=True)
        if as_json:
            cli_json.echo({**cli_json.problems_object(str(path), []), "exists": False})
        return
    _, problems = load_config(path)
    errors = [p for p in problems if p.is_error]
    if as_json:
        cli_json.echo({**cli_json.problems_object(str(path), problems,
                                                  errors if quiet else problems),
                       "exists": True})
        sys.exit(1 if errors else 0)
    for problem in errors if quiet else problems:
        click.echo(problem.format())
    click.echo(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s) in {path}",
               err=True)
    sys.exit(1 if errors else 0)


@config_group.command(name="show")
@click.argument("file", required=False, type=click.Path(path_type=Path))
def config_show(file: Path | None) -> None:
    """The settings in effect (defaults filled in) and the sizes derived from [screen], as JSON."""
    from kiosk.config import load_config
    from kiosk.config.model import WEEKDAYS

    config, problems = load_config(_config_path(file, True), fallback=True)
    for problem in problems:
        click.echo(problem.format(), err=True)
    settings = dataclasses.asdict(config)
    screen = config.screen
    settings["screen"]["derived"] = {
        "mm_per_px": round(screen.mm_per_px, 4), "reference_px_mm": round(screen.reference_px_mm, 4),
        "min_target_mm": round(screen.min_target_mm, 2), "min_target_px": screen.min_target_px,
        "reach_mode_default": screen.reach_mode_default,
        "reachable_band_px": screen.reachable_band_px,
    }
    settings["security"]["staff_pin_hash"] = "(set)" if config.security.staff_pin_hash else ""
    settings["hours"] = {
        "days": {day: [f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in ranges]
                 or "closed" for day, ranges in zip(WEEKDAYS, config.hours.days, strict=True)},
        "closed_dates": sorted(str(d) for d in config.hours.closed_dates)}
    click.echo(json.dumps(settings, indent=2, ensure_ascii=False, default=str))


@config_group.command(name="hash-pin")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the PIN from standard input.")
def hash_pin_command(from_stdin: bool) -> None:
    """Ask for a staff PIN (4-16 digits) and print the line to put in [security]."""
    from kiosk.config.pin import hash_pin

    if from_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = click.prompt("Staff PIN", hide_input=True, confirmation_prompt=True)
    try:
        stored = hash_pin(pin)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f'staff_pin_hash = "{stored}"')


@click.command()
@click.option("--config", "config_file", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--catalog", "-c", type=click.Path(path_type=Path),
              help="The catalog to check (default: the installed edition in the data folder).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@click.option("--skip", multiple=True, metavar="CHECK",
              help="Leave a check out (repeatable): config, clock, disk, catalog, fonts, "
                   "voices, audio, opengl, display.")
def doctor(config_file: Path | None, catalog: Path | None, as_json: bool,
           skip: tuple[str, ...]) -> None:
    """Check this machine is ready to be a kiosk: OK, WARN or FAIL, each with its fix."""
    from kiosk.config import load_config
    from kiosk.ops.doctor import CHECK_NAMES, FAIL, format_json, format_text, run_doctor

    unknown = sorted(set(skip) - set(CHECK_NAMES))
    if unknown:
        raise click.BadParameter(f"no check named {', '.join(unknown)}", param_hint="--skip")
    path = _config_path(config_file, True)
    config, problems = load_config(path, fallback=True)
    checks = run_doctor(dataclasses.replace(config, source=path), problems, catalog, skip)
    click.echo(format_json(checks) if as_json else format_text(checks))
    sys.exit(1 if any(c.status == FAIL for c in checks) else 0)


@click.group(name="service")
def service_group() -> None:
    """Start the kiosk at boot with systemd (docs/operations.md)."""


@service_group.command(name="install")
@click.option("--user", "user_unit", is_flag=True,
              help="A user unit in ~/.config/systemd/user (an existing desktop session).")
@click.option("--dry-run", is_flag=True, help="Print the units instead of writing them.")
@click.option("--catalog", type=click.Path(path_type=Path),
              help="The catalog to run (default: DATA_DIR/current/catalog.db, the installed "
                   "edition).")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help=CONFIG_HELP)
@click.option("--session", type=click.Choice(["cage", "kmsdrm", "xinit", "x11"]), default=None,
              help="How the screen is driven: cage (default for system units), kmsdrm (no "
                   "display server), xinit, or x11 (an X session already running; default "
                   "with --user).")
@click.option("--account", "user_name", default="kiosk", show_default=True,
              help="The account a system unit runs as.")
@click.option("--display", default=":0", show_default=True, help="DISPLAY, for --session x11.")
@click.option("--kiosk-bin", type=click.Path(path_type=Path),
              help="The kiosk command to run (default: the one running now).")
@click.option("--unit-dir", type=click.Path(path_type=Path),
              help="Write the units here instead of systemd's folder.")
def service_install(user_unit: bool, dry_run: bool, catalog: Path | None,
                    config_file: Path | None, session: str | None, user_name: str,
                    display: str, kiosk_bin: Path | None, unit_dir: Path | None) -> None:
    """Write kiosk.service (restart, watchdog) and kiosk-rollback.service (crash-loop fallback)."""
    from kiosk.config import load_config
    from kiosk.ops.service import (
        ServiceOptions,
        default_kiosk_bin,
        install_units,
        next_steps,
        render_units,
    )

    path = _config_path(config_file, True)
    config, problems = load_config(path, fallback=True)
    if any(p.is_error for p in problems):
        click.echo(f"warning: {path} has errors; 'kiosk config check {path}' lists them",
                   err=True)
    opts = ServiceOptions(
        kiosk_bin=(kiosk_bin or default_kiosk_bin()).absolute(),
        data_dir=config.paths.data_dir.absolute(),
        catalog=catalog.absolute() if catalog else None,
        config=path.absolute() if path.exists() else None,
        user_unit=user_unit, session=session or ("x11" if user_unit else "cage"),
        user_name=user_name, display=display)
    if dry_run:
        for name, text in render_units(opts).items():
            click.echo(f"# --- {name} ---\n{text}")
        return
    try:
        written = install_units(opts, unit_dir)
    except PermissionError as exc:
        raise click.ClickException(f"cannot write {exc.filename}: run with sudo, or use "
                                   "--user for a user unit") from None
    except OSError as exc:
        raise click.ClickException(f"cannot write the units: {exc}") from None
    for target in written:
        click.echo(f"wrote {target}")
    click.echo("next:\n  " + "\n  ".join(next_steps(opts)))


COMMANDS = [config_group, doctor, service_group]
