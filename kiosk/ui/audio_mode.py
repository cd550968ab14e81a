"""Self-voicing: starting audio mode without training, and what is said when.

Audio mode starts by itself on the first keypad press of a session (or when headphones are
plugged in, where the sound card reports it) with a short welcome and the key help; the
Options dialog and Help turn it on too. In audio mode every focus move speaks the element's
name, role and state, every new screen is read in reading order, dialogs say their title,
and the idle warning is spoken. `kiosk.toml` `[audio] audio_mode_default` decides whether a
keypad press ("keypad", the default), any touch ("always") or only an explicit choice
("silent") starts it.

Where the kiosk has no speech engine, or an engine with no voice at all, nothing can be said,
not even that: audio mode then says so on screen ("Speech is not available on this kiosk.",
in the notice above the navigation bar, root.kv) and in the log, for as long as it is on.
"""

from __future__ import annotations

import threading
from typing import Any

from kivy.clock import Clock
from kivy.logger import Logger
from kivy.properties import BooleanProperty

from kiosk.speech import SpeechRun
from kiosk.ui import spoken
from kiosk.ui.i18n import _

HEADPHONE_POLL_SECONDS = 1.0


class AudioModeMixin:
    speech_missing = BooleanProperty(False)  # audio mode is on, and no voice can speak

    def start_audio_mode(self, welcome: bool = True, then_more: bool = False) -> None:
        """Turn speech on; with `then_more` the welcome waits to be said before whatever the
        key that started it does (the first keypad press is not lost)."""
        self.set_preferences(audio_mode=True)
        self.check_voices()
        if self.screen_name != "attract" and (
            self.focus.current is None or not self.focus.is_valid()
        ):
            self.focus.first()
        if welcome:
            self.narrator.say_first(spoken.welcome_runs())
        if not then_more:
            self.narrator.flush()

    def stop_audio_mode(self) -> None:
        self.narrator.stop()
        self.set_preferences(audio_mode=False)

    def check_voices(self) -> None:
        """Audio mode has just been turned on: with no voice at all, say so on screen (the
        notice binds to `speech_missing` and `audio_mode`) and in the log."""
        missing = not self.narrator.engine.voices.available
        if missing:
            Logger.warning("Kiosk: audio mode is on but no speech engine or voice is "
                           "installed (espeak-ng): the screen says that speech is not available")
        self.speech_missing = missing

    def note_keypad_press(self) -> None:
        """The first keypad press of a session starts audio mode, welcome first."""
        if self.session.keypad_used:
            return
        self.staff.feature("keypad")
        self.session.keypad_used = True
        if not self.narrator.audio_mode and self.site_config.audio.audio_mode_default != "silent":
            self.start_audio_mode(welcome=True, then_more=True)

    # -- what is said -----------------------------------------------------------------------

    def speak_focus(self, stop: Any) -> None:
        if stop is not None:
            self.narrator.say(spoken.describe_stop(stop))

    def screen_runs(self) -> list[SpeechRun]:
        """The screen's name, then its text in reading order (and the notice, if any)."""
        screen = self.current_screen()
        runs = [spoken.ui(spoken.screen_name(self.screen_name) + ".")]
        reading = getattr(screen, "reading_runs", None)
        runs += reading() if reading else spoken.reading_runs(self.focus.stops())
        if self.notice_text:
            runs.append(spoken.ui(self.notice_text))
        return runs

    def speak_screen(self) -> None:
        self.narrator.say(self.screen_runs())

    def speak_dialog(self, dialog: Any) -> None:
        runs = spoken.reading_runs(self.focus.stops())  # the title is its first heading
        if self.focus.current is not None:
            runs += spoken.describe_stop(self.focus.current)
        self.narrator.say(runs)

    def help_runs(self) -> list[SpeechRun]:
        screen = self.current_screen()
        title = getattr(screen, "spoken_title", lambda: [])()
        position, total = self.focus.position()
        page = getattr(screen, "position_text", lambda: "")()
        return spoken.help_runs(
            spoken.screen_name(self.screen_name), title,
            spoken.position_runs(position, total, page), self.narrator.audio_mode,
        )

    def speak_help(self) -> None:
        if not self.narrator.audio_mode:
            self.set_preferences(audio_mode=True)
            self.check_voices()
        self.narrator.say(self.help_runs(), even_when_silent=True)

    def speak_idle_warning(self, seconds: int) -> None:
        self.narrator.say([spoken.ui(_("Still there?")), spoken.ui(_(
            "Touch the screen or press any key within {seconds} seconds to continue. "
            "Otherwise the kiosk starts again for the next visitor.", seconds=seconds))])

    # -- headphones -------------------------------------------------------------------------

    def watch_headphones(self) -> Any:
        self._headphones: bool | None = None
        self._probing = False
        return Clock.schedule_interval(self._poll_headphones, HEADPHONE_POLL_SECONDS)

    def _poll_headphones(self, _dt: float) -> None:
        if self._probing:
            return
        self._probing = True

        def probe() -> None:
            try:
                plugged = self.headphone_probe()
            finally:
                self._probing = False
            Clock.schedule_once(lambda _dt: self.headphones_changed(plugged), 0)

        threading.Thread(target=probe, name="headphone-probe", daemon=True).start()

    def headphones_changed(self, plugged: bool | None) -> None:
        was, self._headphones = self._headphones, plugged
        if plugged is None or was is None or plugged == was:
            return
        if plugged:
            if self.screen_name == "attract":
                self.begin_visit()
            self.idle_watch.note_activity()
            self.start_audio_mode(welcome=True)
        else:
            self.stop_audio_mode()
