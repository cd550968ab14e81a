"""The kiosk's voice: audio mode, what to say, volume and rate, repeat and stop.

One narrator per app, one utterance at a time: `say` stops whatever is playing before it
starts (speech never competes with itself). Outside audio mode it stays silent unless asked to
speak anyway (Help, Repeat, volume feedback). The engine is replaceable at any time: a test
swaps in a `RecordingEngine` or an `EspeakEngine` writing to a folder it reads back.

The only other sound is a recorded narration the visitor plays (kiosk/ui/narration.py), and
the two take turns here: a recording that starts silences the voice (`recording_started`),
speech that starts pauses the recording where it is, and a new visitor stops it (`forget`).
A key or touch stops the voice but not a recording: the visitor chose to hear that, and
may be tapping its own Pause button. While either plays the visitor is listening, so
`speaking` is true and the idle watch waits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.speech import SpeechEngine, SpeechRun, Utterance, plan_utterance
from kiosk.ui import i18n
from kiosk.ui.i18n import _


class Narrator:
    def __init__(self, engine: SpeechEngine, language_name: Callable[[str], str]) -> None:
        self.engine = engine
        self.audio_mode = False
        self.volume = 60
        self.rate = 1.0
        self._language_name = language_name  # tag -> its name in the interface language
        self._last_runs: list[SpeechRun] = []
        self._pending: list[SpeechRun] = []
        self.last_utterance: Utterance | None = None
        self.recording: Any = None  # the narration player playing, or that last played

    @property
    def speaking(self) -> bool:
        """The voice or a recorded narration is playing: the visitor is listening."""
        return bool(self.engine.speaking) or self.recording_playing

    @property
    def recording_playing(self) -> bool:
        return self.recording is not None and bool(self.recording.playing)

    def recording_started(self, player: Any) -> None:
        """A recorded narration starts: the voice stops, and any other recording pauses."""
        if self.recording is not None and self.recording is not player:
            self.recording.interrupt()
        self.recording = player
        self.engine.stop()

    def recording_gone(self, player: Any) -> None:
        """`player` left the screen (it has stopped itself): forget it."""
        if self.recording is player:
            self.recording = None

    def explain(self, lang: str) -> SpeechRun:
        """What is said instead of text in a language no voice here can read."""
        return SpeechRun(
            _("Text in {language}: there is no voice for this language here.",
              language=self._language_name(lang)),
            i18n.current_language(),
        )

    def plan(self, runs: list[SpeechRun]) -> Utterance:
        return plan_utterance(runs, self.engine.voices, self.explain)

    def say(self, runs: list[SpeechRun], *, even_when_silent: bool = False) -> int | None:
        """Speak `runs` (in audio mode, or when asked to anyway); the utterance number."""
        runs, self._pending = [*self._pending, *runs], []
        runs = [r for r in runs if r.text.strip() or r.recording]
        if not runs or not (self.audio_mode or even_when_silent):
            return None
        if self.recording_playing:
            self.recording.interrupt()  # paused where it is: Play goes on from there
        self.engine.stop()
        utterance = self.plan(runs)
        if not utterance:
            return None
        self.engine.volume = self.volume
        self.engine.rate = self.rate
        self._last_runs = runs
        self.last_utterance = utterance
        return self.engine.speak(utterance)

    def stop(self) -> None:
        self.engine.stop()

    def say_first(self, runs: list[SpeechRun]) -> None:
        """Say `runs` before whatever is said next (a welcome before the screen it opens)."""
        self._pending = [*self._pending, *runs]

    def flush(self) -> None:
        """Say what `say_first` held, if nothing else has been said since."""
        if self._pending:
            self.say([])

    def repeat(self) -> int | None:
        return self.say(self._last_runs, even_when_silent=True)

    def forget(self) -> None:
        """A new visitor: nothing to repeat, nothing playing."""
        self.stop()
        if self.recording is not None:
            self.recording.stop()
            self.recording = None
        self._last_runs = []
        self._pending = []
        self.last_utterance = None
