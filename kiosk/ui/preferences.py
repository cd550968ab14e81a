"""The visitor's choices applied: text size, colours, reading style, motion, reach, volume.

They live in the session (`session.Preferences`), so the idle reset gives the next visitor
the defaults again; this mixin of `KioskApp` applies them to the theme, the narrator and
the root layout, and offers them in the Options dialog, one touch away on every screen.

Reach mode (ADA 308.2.1): when the panel hangs so that part of it is above 1,220 mm (or
below 380 mm) from the floor, the whole interface is drawn inside the band that is within
reach and the rest of the screen shows only a note. `kiosk.toml` `[screen]` gives the
heights; the mode is on by default where the top of the screen is out of reach.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, NumericProperty

from kiosk.ui.i18n import _
from kiosk.ui.session import Preferences
from kiosk.ui.spoken import ui
from kiosk.ui.theme import PALETTES, STANDARD


class PreferencesMixin:
    reach_offered = BooleanProperty(False)  # part of the panel is out of reach
    reach_mode = BooleanProperty(False)
    reach_gap_top = NumericProperty(0)  # window pixels above the reachable band
    reach_gap_bottom = NumericProperty(0)
    audio_mode = BooleanProperty(False)

    def default_preferences(self) -> Preferences:
        config = self.site_config
        return Preferences(
            volume=config.audio.default_volume,
            speech_rate=config.audio.speech_rate,
            reach_mode=config.screen.reach_mode_default and self.reach_offered,
        )

    @property
    def prefs(self) -> Preferences:
        return self.session.prefs

    def set_preferences(self, **changes: Any) -> None:
        self.session.prefs = self.session.prefs.changed(**changes)
        self.apply_preferences()

    def apply_preferences(self) -> None:
        prefs = self.session.prefs
        theme = self.theme
        theme.use_palette(PALETTES.get(prefs.palette, STANDARD))
        theme.set_dyslexic(prefs.dyslexic)
        theme.set_text_scale(prefs.text_scale)
        theme.reduce_motion = prefs.reduce_motion
        self.narrator.volume = prefs.volume
        self.narrator.rate = prefs.speech_rate
        self.narrator.audio_mode = prefs.audio_mode
        self.audio_mode = prefs.audio_mode
        self.reach_mode = prefs.reach_mode and self.reach_offered
        self.fit_reach()

    # -- reach ------------------------------------------------------------------------------

    def reachable_band(self) -> tuple[int, int] | None:
        """(lowest, highest) reachable panel row from the bottom; None if none is."""
        return self.site_config.screen.reachable_band_px

    def check_reach(self) -> None:
        band = self.reachable_band()
        rows = self.site_config.screen.resolution[1]
        self.reach_offered = band is not None and band != (0, rows)

    def fit_reach(self, *_args: Any) -> None:
        from kivy.core.window import Window

        band = self.reachable_band()
        if not self.reach_mode or band is None:
            self.reach_gap_top = self.reach_gap_bottom = 0
            return
        rows = self.site_config.screen.resolution[1]
        per_row = Window.height / rows
        low, high = band
        self.reach_gap_bottom = round(low * per_row)
        self.reach_gap_top = round((rows - high) * per_row)

    def toggle_reach_mode(self) -> None:
        self.set_preferences(reach_mode=not self.prefs.reach_mode)

    # -- options ----------------------------------------------------------------------------

    def open_options(self) -> None:
        from kiosk.ui.options import OptionsDialog

        OptionsDialog().open(animation=False)

    def choose_option(self, name: str, value: Any) -> None:
        """One choice in the Options dialog (or a keypad volume key)."""
        self.staff.feature(name)  # usage figures: which features visitors use
        if name == "volume":
            self.change_volume(value)
            return
        if name == "audio_mode":
            self.start_audio_mode(welcome=True) if value else self.stop_audio_mode()
            return
        self.set_preferences(**{name: value})

    def change_volume(self, steps: int) -> None:
        step = self.site_config.audio.volume_step
        volume = max(0, min(100, self.prefs.volume + steps * step))
        self.set_preferences(volume=volume)
        self.narrator.say([ui(_("Volume {percent} percent", percent=volume))],
                          even_when_silent=True)
