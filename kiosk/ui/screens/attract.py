"""The attract screen: what the kiosk shows while no one is using it.

It invites passers-by in every offered language in turn, each in its own words, so a visitor
who reads only Khmer or only French still learns that the screen is for them.
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty

from kiosk.ui.i18n import N_, translate
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.screens.base import KioskScreen

CYCLE_SECONDS = 3.0
INVITATION = N_("Touch the screen to begin")


class AttractScreen(KioskScreen):
    site_title = StringProperty("")
    invitation = StringProperty("")
    shown_index = NumericProperty(0)  # which offered language is shown now
    shown_lang = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._cycle = Clock.create_trigger(self.show_next_language, CYCLE_SECONDS, interval=True)

    def show(self) -> None:
        languages = list(self.kiosk.offered_languages())
        default = self.kiosk.default_language()
        self.shown_index = languages.index(default) if default in languages else 0
        self._show_language(languages[self.shown_index])

    def on_enter(self, *_args) -> None:
        self._cycle()

    def on_leave(self, *_args) -> None:
        self._cycle.cancel()

    def show_next_language(self, *_args) -> None:
        if self.kiosk.sleep.asleep:  # after hours (ui/sleep.py): no more frames to draw
            self._cycle.cancel()
            return
        languages = self.kiosk.offered_languages()
        self.shown_index = (self.shown_index + 1) % len(languages)
        self._show_language(languages[self.shown_index])

    def _show_language(self, lang: str) -> None:
        self.shown_lang = lang
        self.site_title = self.catalog.site_title(lang)
        self.invitation = translate(INVITATION, lang)

    @guarded
    def on_touch_down(self, touch) -> bool:
        if self.collide_point(*touch.pos):
            self.kiosk.begin_visit()
            return True
        return False


load_kv_next_to(__file__)
