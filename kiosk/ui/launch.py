"""Starting the kiosk: site settings, the data folder, the catalog, logs; then the app.

`run_kiosk` is what `kiosk run` calls. The catalog is the one given, else the installed
edition of the data folder (`kiosk.staff.current_catalog`), else its previous edition when the
current one is damaged (kiosk.catalog.integrity: checked whole, search index included, before
the first visitor). A kiosk that cannot show anything says so on the whole screen and in
the log, never with a traceback, and waits for a technician.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

log = logging.getLogger("kiosk.start")


def run_kiosk(
    catalog_path: str | None, windowed: bool, size: tuple[int, int] | None,
    config_path: str | None = None, data_dir: str | None = None,
    open_item: str | None = None, lang: str | None = None,
) -> None:
    """Open the catalog and run the kiosk until the app stops (it normally never does).

    The site configuration is `config_path`, else $KIOSK_CONFIG, else /etc/kiosk/kiosk.toml;
    a mistake in it is logged and its setting keeps the default (the kiosk still starts).
    """
    from kiosk.ui.app import configure_kivy

    configure_kivy(windowed, size)
    from kivy.logger import Logger

    from kiosk.catalog.read import Catalog, CatalogError
    from kiosk.config import load_config
    from kiosk.ui.staff.services import Services, catalog_damage, open_installed

    site_config, problems = load_config(config_path, fallback=True)
    root = Path(data_dir) if data_dir else None
    if root is None and not catalog_path:
        root = site_config.paths.data_dir
    elif root is None and Path(catalog_path).parent.name == "current":  # DATA_DIR/current/…
        root = Path(catalog_path).parent.parent
    if root is not None:
        _setup_logging(root)
    for problem in problems:
        Logger.warning(f"Kiosk: {problem.format()}")
    opened = None
    try:
        if catalog_path:
            damaged = catalog_damage(Path(catalog_path)) if Path(catalog_path).is_file() else None
            if damaged:
                raise CatalogError(damaged)
            opened = Catalog(catalog_path), Path(catalog_path).resolve()
        else:
            opened = open_installed(root, thorough=True)
    except CatalogError as error:
        Logger.critical(f"Kiosk: {catalog_path}: {error}")
        if root is not None:  # DATA_DIR/current/… damaged: the previous edition, if sound
            opened = open_installed(root, skip=frozenset({Path(catalog_path).resolve()}),
                                    thorough=True)
    if opened is None:
        where = catalog_path or f"{root}/current"
        Logger.critical(f"Kiosk: no catalog to show ({where})")
        show_message(f"This kiosk has no content to show.\n\n{where}\n\n"
                     "Staff: install an edition (kiosk install) or check the log.")
        return
    catalog, path = opened
    services = Services(root, site_config.paths.watch_folders if root else (), path)
    if site_config.site.serve:
        _serve_site(path, root, site_config.site.serve_port)
    from kiosk.ui.app import KioskApp

    app = KioskApp(catalog, site_config=site_config, services=services)
    if open_item:
        _open_on_start(app, open_item, lang, catalog_path)
    try:
        app.run()
    finally:
        app.catalog.close()


def _open_on_start(app, item_id: str, lang: str | None, catalog_path: str | None) -> None:
    """`kiosk run --open ITEM --lang L`: the item straight after start; with --catalog, a
    rebuilt catalog (the studio's, after a save) is shown by itself (kiosk/ui/open_on.py)."""
    from kivy.clock import Clock
    from kivy.logger import Logger

    from kiosk.ui.open_on import NoSuchItem, ReloadOnChange, show_item

    def show(_dt: float) -> None:
        try:
            show_item(app, item_id, lang)
        except (NoSuchItem, ValueError) as error:
            Logger.error(f"Kiosk: --open: {error}")
            return
        if catalog_path:
            app.reload_on_change = ReloadOnChange(app, catalog_path, item_id, lang)  # Kivy's
            app._events.append(app.reload_on_change.start())  # clock holds it only weakly

    app.bind(on_start=lambda *_: Clock.schedule_once(show, 0))


def _serve_site(catalog_path: Path, root: Path | None, port: int) -> None:
    """[site] serve = true: the exported site on the local network (kiosk.export.serve)."""
    import tempfile
    from functools import partial

    from kivy.logger import Logger

    from kiosk.export.serve import serve_in_background

    folder = root / "site" if root else Path(tempfile.mkdtemp(prefix="kiosk-site-"))
    Logger.info(f"Kiosk: serving the exported site from {folder} on port {port}")
    latest = None
    if root is not None:  # a new edition installed later is exported and served too
        from kiosk.staff.state import current_catalog

        latest = partial(current_catalog, root)
    serve_in_background(catalog_path, folder, port,
                        lambda error: Logger.error(f"Kiosk: the site is not served: {error}"),
                        latest)


def _setup_logging(root: Path) -> None:
    try:
        from kiosk.ops.logs import setup_logging

        setup_logging(root)
    except Exception as error:  # noqa: BLE001 - a kiosk without a log still shows content
        print(f"kiosk: no log file in {root}: {error}", file=sys.stderr)


def show_message(text: str) -> None:
    """A plain full-screen message in place of the exhibition (no traceback on screen)."""
    from kivy.app import App
    from kivy.uix.label import Label

    class MessageApp(App):
        title = "Exhibit kiosk"

        def build(self):
            return Label(text=text, font_size="28sp", halign="center")

    MessageApp().run()


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        return int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.ui.app", description=__doc__)
    parser.add_argument("--catalog", default=None, help="the catalog file to show")
    parser.add_argument("--root", default=None, help="the data folder (installed editions)")
    parser.add_argument("--windowed", action="store_true", help="a window, not full screen")
    parser.add_argument("--size", type=parse_size, default=None, help="e.g. 1280x800")
    parser.add_argument("--config", default=None, help="kiosk.toml (default: $KIOSK_CONFIG)")
    args = parser.parse_args(argv)
    run_kiosk(args.catalog, args.windowed, args.size, args.config, args.root)
    return 0
