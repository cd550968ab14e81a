"""`kiosk audit`: start the kiosk in a window, walk it, print every violation, exit 1 if any.

    kiosk audit --catalog build/catalog.db
    kiosk audit --catalog build/catalog.db --languages vi --sizes 100 --palette my-colours.toml

`--palette FILE` audits a palette of your own (TOML: `name = "..."` and any roles of
`kiosk.ui.theme.Palette` as "#RRGGBB"; the rest from the standard palette) instead of the
built-in ones. Runs under X (xvfb-run on a server); without a display SDL draws off screen.
"""

from __future__ import annotations

import json
import os
import sys
import tomllib
from dataclasses import fields, replace
from pathlib import Path

import click

os.environ.setdefault("KIVY_NO_ARGS", "1")  # before anything imports Kivy: options are ours

SIZES = {"100": 1.0, "150": 1.5, "200": 2.0}


def read_palette(path: Path):
    from kiosk.ui.theme import STANDARD, Palette, rgba

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    roles = {f.name for f in fields(Palette)} - {"name", "edge_width"}
    unknown = set(data) - roles - {"name", "edge_width"}
    if unknown:
        raise click.BadParameter(f"unknown colour roles: {', '.join(sorted(unknown))}; known: "
                                 f"{', '.join(sorted(roles))}", param_hint="--palette")
    changes = {k: rgba(v) for k, v in data.items() if k in roles}
    return replace(STANDARD, name=str(data.get("name", path.stem)),
                   edge_width=float(data.get("edge_width", STANDARD.edge_width)), **changes)


@click.command()
@click.option("--catalog", "-c", default="build/catalog.db", show_default=True,
              type=click.Path(path_type=Path), help="The catalog to show.")
@click.option("--config", "config_path", default=None, type=click.Path(path_type=Path),
              help="kiosk.toml (default: $KIOSK_CONFIG, else /etc/kiosk/kiosk.toml).")
@click.option("--languages", default="", help="Comma-separated; default: every one offered.")
@click.option("--sizes", default="100,150,200", show_default=True, help="Text sizes, in %.")
@click.option("--every-item/--one-of-each", default=True, show_default=True,
              help="Visit every item in the first combination, or one screen of each kind.")
@click.option("--palette", "palette_files", multiple=True, type=click.Path(path_type=Path),
              help="Audit this palette (TOML) instead of the built-in ones; repeatable.")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object: states, seconds and every violation.")
def audit(catalog: Path, config_path: Path | None, languages: str, sizes: str,
          every_item: bool, palette_files: tuple[Path, ...], as_json: bool) -> None:
    """Walk every screen in every language, text size and palette; report with widget paths."""
    from kiosk.a11y.audit import Walk
    from kiosk.config import load_config
    from kiosk.ui.theme import PALETTES

    try:
        scales = tuple(SIZES[s.strip().rstrip("%")] for s in sizes.split(",") if s.strip())
    except KeyError:
        raise click.BadParameter("use 100, 150 and/or 200", param_hint="--sizes") from None
    palettes = tuple(read_palette(p) for p in palette_files) or tuple(PALETTES.values())
    site_config, problems = load_config(config_path, fallback=True)
    for problem in problems:
        click.echo(problem.format(), file=sys.__stderr__)
    langs = tuple(lang.strip() for lang in languages.split(",") if lang.strip())
    walk = Walk(languages=langs, text_scales=scales, palettes=palettes,
                every_item_first=every_item)
    report = run_in_window(catalog, site_config, walk)
    look = site_look_failures(catalog)
    if as_json:
        click.echo(json.dumps(audit_object(report, look), ensure_ascii=False, indent=2),
                   file=sys.__stdout__)
    for line in [] if as_json else [*report.lines(),
                                    *(f"[look-contrast] {failure}" for failure in look)]:
        click.echo(line, file=sys.__stdout__)
    click.echo(f"{len(report.violations) + len(look)} violation(s) in {report.states} screen "
               f"states ({report.seconds:.0f} s)", file=sys.__stderr__)  # Kivy wraps sys.stderr
    sys.exit(1 if report.violations or look else 0)


def audit_object(report, look: list[str]) -> dict:
    violations = [{"rule": v.rule, "state": v.state, "path": v.path, "message": v.message}
                  for v in report.violations]
    violations += [{"rule": "look-contrast", "state": "site.yaml look", "path": "",
                    "message": failure} for failure in look]
    return {"states": report.states, "seconds": round(report.seconds, 1),
            "violations": violations}


def site_look_failures(catalog_path: Path) -> list[str]:
    """The museum's colours (site.yaml look:) against every palette's backgrounds, with the
    ratio of each that fails: the walk sees them only where they are drawn."""
    from kiosk.catalog.read import Catalog
    from kiosk.content.look import look_failures

    catalog = Catalog(catalog_path)
    try:
        return look_failures({"accent": catalog.look.accent, "accent_2": catalog.look.accent_2})
    finally:
        catalog.close()


def run_in_window(catalog_path: Path, site_config, walk):
    """Open the catalog, start the app without its main loop, audit it, stop it."""
    from kiosk.ui.app import configure_kivy

    configure_kivy(windowed=True, size=tuple(site_config.screen.resolution))
    from kivy.base import runTouchApp, stopTouchApp

    from kiosk.a11y.audit import run_audit, settle
    from kiosk.catalog.read import Catalog, CatalogError
    from kiosk.speech import RecordingEngine
    from kiosk.ui.app import KioskApp

    try:
        catalog = Catalog(catalog_path)
    except CatalogError as error:
        raise click.ClickException(str(error)) from None
    app = KioskApp(catalog, site_config=site_config, speech_engine=RecordingEngine(),
                   headphone_probe=lambda: None)
    try:
        app._run_prepare()
        runTouchApp(embedded=True)
        settle()
        return run_audit(app, walk)
    finally:
        app.stop()
        stopTouchApp()
        catalog.close()


COMMANDS = [audit]

if __name__ == "__main__":
    audit()
