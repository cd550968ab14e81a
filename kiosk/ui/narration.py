"""A recorded narration's player: play and pause, replay, volume, progress, and the words.

    NarrationPlayer(narration=view.narration)    # in kv: NarrationPlayer: narration: ...

Self-contained: any screen puts one where it shows the text the recording reads, and sets
`narration` whenever it shows something else. With no narration the player takes no room
and offers no focus stop. Every control is a finger-sized button named in words ("Pause",
not a symbol), the progress is a bar *and* "0:42 / 2:10", and the transcript is one button
away, so neither colour nor hearing is needed to use it.

Sound comes from `kiosk.speech.player.RecordingPlayer` (PyAV + PortAudio, own threads; the
UI thread only posts commands and reads the position a few times a second). The app's
narrator keeps it and the synthetic voice from talking over each other (narrator.py):
starting the recording silences the voice; speech that starts pauses the recording; a new
visitor, leaving the screen, or another recording being shown stops it.

In audio mode the keypad confirms an activated control in speech, which would pause the
recording that control just started: so Play, Replay and the volume buttons act a frame
later, after the confirmation has begun, and the recording (going on) cuts it short.
"""

from __future__ import annotations

import weakref
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.speech.player import DEFAULT_VOLUME, FAILED, FINISHED, VOLUME_STEP, RecordingPlayer
from kiosk.ui.i18n import _
from kiosk.ui.kv import load_kv_next_to
from kiosk.ui.safety import guarded
from kiosk.ui.widgets import ReadableLabel

POLL_SECONDS = 0.25


def clock_time(seconds: float) -> str:
    """0:42, 2:10, 1:02:05."""
    total = max(0, int(seconds + 0.5))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ProgressTrack(Widget):
    """How much has been heard: a filled bar in an outlined track (drawn in kv)."""

    fraction = NumericProperty(0)


class PlayerStatus(ReadableLabel):
    """A line of the player's state ("0:42 / 2:10", "Volume 60 %"): a focus stop the keypad
    can reach and speech can say, but not read out with the screen's text."""

    role = StringProperty("status")


_every_player: weakref.WeakSet = weakref.WeakSet()


def forget_every_recording() -> None:
    """A new visitor: every player empty, so the next one to show a recording starts it from
    the beginning with its words hidden, whatever the last visitor did with the same one."""
    for player in list(_every_player):
        player.narration = None


class NarrationPlayer(BoxLayout):
    narration = ObjectProperty(None, allownone=True)  # kiosk.catalog.views.Narration
    playing = BooleanProperty(False)  # what the visitor asked for: the buttons follow it
    position_s = NumericProperty(0)
    duration_s = NumericProperty(0)
    volume = NumericProperty(DEFAULT_VOLUME)
    transcript_shown = BooleanProperty(False)
    failed = BooleanProperty(False)
    time_text = StringProperty("0:00 / 0:00")  # shown
    time_words = StringProperty("")  # said: "0:42 of 2:10"
    heading_text = StringProperty("")  # "Listen: a recorded reading (2:10)"

    def __init__(self, **kwargs: Any) -> None:
        _every_player.add(self)
        self._player: RecordingPlayer | None = None
        self._poll = None
        self._screen_name = ""
        self._app = App.get_running_app()
        super().__init__(**kwargs)
        for name in ("position_s", "duration_s", "narration"):
            self.fbind(name, self._update_time)
        if self._app is not None and hasattr(self._app, "screen_name"):
            self._app.fbind("screen_name", self._on_screen_changed)
            self._app.fbind("language", self._update_time)
        self._update_time()

    # -- what the screen sets -----------------------------------------------------------------

    def on_touch_down(self, touch: Any) -> bool:
        """Hidden (no recording: 0 px high) its buttons keep their own height and would stand
        over the controls above it, taking their taps; so it takes no touch at all then."""
        if self.narration is None or not self.collide_point(*touch.pos):
            return False
        return super().on_touch_down(touch)

    def on_narration(self, _instance: Any, narration: Any) -> None:
        current = self._player.path if self._player is not None else None
        if narration is not None and current == narration.audio:
            return  # the same recording shown again (Easy Read, a new layout): keep going
        self._release()
        self.position_s = 0
        self.failed = False
        self.transcript_shown = False
        self.duration_s = narration.duration_s if narration is not None else 0

    # -- the visitor's controls ---------------------------------------------------------------

    @guarded
    def toggle(self) -> None:
        """Play or Pause, one button whose words say what it will do."""
        if self.playing:
            self.pause()
        else:
            Clock.schedule_once(lambda _dt: self.play(), 0)

    @guarded
    def play(self) -> None:
        if self.narration is None or self.failed:
            return
        player = self._ensure_player()
        self._screen_name = getattr(self._app, "screen_name", "")
        narrator = self._narrator()
        if narrator is not None:
            narrator.recording_started(self)
        player.set_volume(self.volume)
        player.play()
        self.playing = True
        self._start_polling()

    @guarded
    def pause(self) -> None:
        if self._player is not None:
            self._player.pause()
        self.playing = False
        self._stop_polling()
        self._read_position()

    def interrupt(self) -> None:
        """Speech is starting: pause here, so Play goes on from where it was."""
        self.pause()

    @guarded
    def replay(self) -> None:
        """From the beginning, playing."""
        if self.narration is None or self.failed:
            return
        self.position_s = 0

        def start_over(_dt: float) -> None:
            if self._player is not None:
                self._player.stop()
            self.play()

        Clock.schedule_once(guarded(start_over), 0)

    @guarded
    def louder(self) -> None:
        self._set_volume(self.volume + VOLUME_STEP)

    @guarded
    def quieter(self) -> None:
        self._set_volume(self.volume - VOLUME_STEP)

    @guarded
    def toggle_transcript(self) -> None:
        self.transcript_shown = not self.transcript_shown

    def stop(self) -> None:
        """Silence, back to the start (leaving the screen, a new visitor)."""
        if self._player is not None:
            self._player.stop()
        self.playing = False
        self.position_s = 0
        self._stop_polling()

    # -- what the kv shows --------------------------------------------------------------------

    def _update_time(self, *_args: Any) -> None:
        elapsed, total = clock_time(self.position_s), clock_time(self.duration_s)
        self.time_text = f"{elapsed} / {total}"
        self.time_words = _("{elapsed} of {total}", elapsed=elapsed, total=total)
        self.heading_text = _("Listen: a recorded reading ({duration})",
                              duration=total) if self.narration is not None else ""

    # -- inside -------------------------------------------------------------------------------

    def _set_volume(self, volume: float) -> None:
        self.volume = round(max(0.0, min(1.0, volume)), 2)
        if self._player is not None:
            self._player.set_volume(self.volume)
        if self.playing:  # a spoken confirmation pauses it: go on once it has begun
            Clock.schedule_once(self._keep_playing, 0)

    def _keep_playing(self, _dt: float) -> None:
        if not self.playing and self._player is not None and self._player.state == "paused":
            self.play()

    def _ensure_player(self) -> RecordingPlayer:
        if self._player is None:
            self._player = RecordingPlayer(self.narration.audio, volume=self.volume,
                                           on_change=self._player_changed)
        return self._player

    def _player_changed(self) -> None:
        """From the player's thread: look at it on the UI thread."""
        Clock.schedule_once(self._sync_with_player, 0)

    def _sync_with_player(self, _dt: float = 0) -> None:
        player = self._player
        if player is None:
            return
        if player.state == FINISHED and self.playing:
            self.playing = False
            self._stop_polling()
            self.position_s = self.duration_s
        elif player.state == FAILED:
            self.failed = True
            self.playing = False
            self._stop_polling()

    def _read_position(self, _dt: float = 0) -> None:
        if self._player is not None:
            self.position_s = min(self._player.position_s, self.duration_s or float("inf"))

    def _start_polling(self) -> None:
        if self._poll is None:
            self._poll = Clock.schedule_interval(self._read_position, POLL_SECONDS)

    def _stop_polling(self) -> None:
        if self._poll is not None:
            self._poll.cancel()
            self._poll = None

    def _release(self) -> None:
        """Stop and let go of the current recording (another one, or none, is shown)."""
        self.stop()
        if self._player is not None:
            self._player.close()
            self._player = None
        narrator = self._narrator()
        if narrator is not None:
            narrator.recording_gone(self)

    def _on_screen_changed(self, _app: Any, name: str) -> None:
        if self.playing and name != self._screen_name:
            self.stop()

    def _narrator(self) -> Any:
        return getattr(self._app, "narrator", None)


load_kv_next_to(__file__)
