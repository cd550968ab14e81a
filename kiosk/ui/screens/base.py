"""What every screen shares: access to the app, the catalog and the visitor's language."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.uix.screenmanager import Screen


class KioskScreen(Screen):
    """A screen is filled by `show(**params)` from the catalog, in the session language.

    `show` is called again with the same params when the visitor changes language, so a
    screen keeps no state that the params and the catalog cannot rebuild.
    """

    @property
    def kiosk(self) -> Any:
        return App.get_running_app()

    @property
    def catalog(self) -> Any:
        return self.kiosk.catalog

    @property
    def lang(self) -> str:
        return self.kiosk.language

    def show(self, **params: Any) -> None:
        raise NotImplementedError

    def note_translation(self, view: Any) -> None:
        """Tell the visitor when `view` is in another language than the one asked for."""
        self.kiosk.note_translation(view.lang, view.requested_lang)
