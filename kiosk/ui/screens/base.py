"""What every screen shares: access to the app, the catalog and the visitor's language.

For speech, a screen may say more about itself than its focus stops do: `spoken_title()`
(what Help names), `position_text()` ("Page 3 of 12") and `reading_runs()` (what is read when
the screen opens, in reading order; by default the text of its stops). A screen may also
claim a keypad action before the focus does (`on_keypad_action`).
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.uix.screenmanager import Screen

from kiosk.speech import SpeechRun
from kiosk.ui import spoken
from kiosk.ui.focus import focus_stops


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

    def forget_visitor(self) -> None:
        """Let go of what the last visitor was shown (called at the idle reset, with the
        screen out of sight). Every visitor then finds the screen in the same state, and a
        kiosk's memory does not keep, for months, the widgets of the longest document or
        timeline anyone ever opened. The next `show` fills it again."""

    def leave_spare_rows(self) -> None:
        """Leave blank rows for this screen's lists in Kivy's spare list (kiosk/ui/
        spare_rows.py), after the reset has dropped the last visitor's: the first filling
        of a list then takes them instead of making them."""

    def note_translation(self, view: Any) -> None:
        """Tell the visitor when `view` is in another language than the one asked for."""
        self.kiosk.note_translation(view.lang, view.requested_lang)

    # -- speech -----------------------------------------------------------------------------

    def spoken_title(self) -> list[SpeechRun]:
        """The screen's title, in its language: the first heading among its stops."""
        heading = next((s for s in focus_stops([self]) if s.role == "heading"), None)
        return spoken.name_runs(heading) if heading is not None else []

    def position_text(self) -> str:
        return ""

    def reading_runs(self) -> list[SpeechRun]:
        return spoken.reading_runs(focus_stops([self]))

    def on_keypad_action(self, _action: str) -> bool:
        return False
