"""Showing one item straight away: `kiosk run --open ITEM --lang L` and the studio's preview.

Both are the kiosk as a visitor finds it after choosing the item: a fresh session in the
language asked for, the chosen palette and text size, the item's own screen. With a catalog
file given, `ReloadOnChange` follows it: when the studio rebuilds the catalog after a save,
the kiosk beside the editor shows the new version of the item by itself.
"""

from __future__ import annotations

import os
from typing import Any

from kiosk.catalog.read import CatalogError

PALETTE_NAMES = {"standard": "standard", "high-contrast": "high_contrast",
                 "high_contrast": "high_contrast"}
TEXT_SCALES = (1.0, 1.5, 2.0)
RELOAD_POLL_SECONDS = 0.5


class NoSuchItem(LookupError):
    """The catalog has no item of that id (or the language is not offered)."""


def show_item(app: Any, item_id: str, lang: str | None = None, palette: str = "standard",
              text_scale: float = 1.0, audio_mode: bool = False) -> None:
    """A new visitor's session showing `item_id` in `lang` with these display choices."""
    if palette not in PALETTE_NAMES:
        raise ValueError(f"unknown palette {palette!r}: use standard or high-contrast")
    if text_scale not in TEXT_SCALES:
        raise ValueError(f"text size {text_scale} is not one of 1.0, 1.5, 2.0")
    try:
        app.catalog.item_kind(item_id)
    except (CatalogError, KeyError, LookupError, TypeError):
        raise NoSuchItem(f"no item {item_id!r} in the catalog") from None
    # a language the content has but the site does not offer yet (a translation in
    # progress) can be looked at too: the curator sees it before visitors do
    known = [*app.offered_languages(), *app.catalog.content_languages()]
    if lang and lang not in known:
        raise NoSuchItem(f"the catalog has no language {lang!r} ({', '.join(dict.fromkeys(known))})")
    app.reset_visitor()
    if lang:
        app.session.language = lang
        app._apply_language()
    app.set_preferences(palette=PALETTE_NAMES[palette], text_scale=text_scale,
                        audio_mode=audio_mode)
    app.open_item(item_id)


def check_item(catalog: Any, item_id: str, lang: str | None) -> str | None:
    """Why `--open ITEM --lang L` cannot show (a one-line message), or None; no Kivy."""
    try:
        catalog.item_kind(item_id)
    except CatalogError:
        return f"no item '{item_id}' in the catalog (kiosk build after adding it?)"
    known = [*catalog.site.languages, *catalog.content_languages()]
    if lang and lang not in known:
        return f"the catalog has no language '{lang}': use one of {', '.join(dict.fromkeys(known))}"
    return None


class ReloadOnChange:
    """Polls the catalog file; when it is replaced (a new build), opens the new one and shows
    the same item again, in the same language and display choices."""

    def __init__(self, app: Any, catalog_path: str, item_id: str, lang: str | None) -> None:
        self.app, self.path, self.item_id, self.lang = app, catalog_path, item_id, lang
        self._stamp = self._stat()

    def _stat(self) -> tuple | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return info.st_ino, info.st_mtime_ns, info.st_size

    def start(self) -> Any:
        from kivy.clock import Clock

        return Clock.schedule_interval(self.poll, RELOAD_POLL_SECONDS)

    def poll(self, _dt: float = 0) -> bool:
        stamp = self._stat()
        if stamp is None or stamp == self._stamp:
            return False
        self._stamp = stamp
        from kivy.logger import Logger

        reload_catalog(self.app, self.path)
        Logger.info(f"Kiosk: catalog {self.path} rebuilt, shown again")
        prefs = self.app.prefs
        lang = self.app.session.language or self.lang
        try:
            show_item(self.app, self.item_id, lang, prefs.palette, prefs.text_scale)
        except NoSuchItem:
            self.app.reset_visitor()
        return True


def reload_catalog(app: Any, catalog_path: str) -> None:
    """Show the catalog file now at `catalog_path` (the last build) from here on."""
    from kiosk.catalog.read import Catalog

    app.staff.use_catalog(Catalog(catalog_path), owned=True)
