"""The window's layout: the current screen above, the notice and the navigation bar below."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import ScreenManager

from kiosk.ui import widgets  # noqa: F401 - the rules in root.kv use its widgets
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.screens import SCREEN_NAMES, create_screen


class KioskScreens(ScreenManager):
    """The kiosk's screens, made when first needed.

    Start-up builds only the attract screen, so it is drawn sooner (bench: cold_start_s);
    `build_the_rest` then makes one more screen each frame while the kiosk waits on attract,
    and a screen asked for before its turn is made at once.
    """

    def get_screen(self, name: str):
        if name in SCREEN_NAMES and not self.has_screen(name):
            screen = create_screen(name)
            self.add_widget(screen)
            screen.leave_spare_rows()  # as the idle reset does: the first visitor's too
        return super().get_screen(name)

    @property
    def unbuilt(self) -> list[str]:
        return [name for name in SCREEN_NAMES if not self.has_screen(name)]

    def build_the_rest(self, *_args) -> None:
        """Make the next unbuilt screen, and ask for the frame after to make the one after."""
        waiting = self.unbuilt
        if waiting:
            self.get_screen(waiting[0])
            if len(waiting) > 1:
                Clock.schedule_once(self.build_the_rest, 0)


class KioskRoot(BoxLayout):
    """Holds `ids.screens` (KioskScreens), `ids.notice` and `ids.nav`."""


load_kv_next_to(__file__)
