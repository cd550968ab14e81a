"""The small interface every speech engine offers, and a recording engine for tests.

An engine says one `Utterance` at a time: `speak` interrupts whatever is being said and
returns at once (the kiosk's UI thread never waits for audio); `stop` silences it at once.
Volume (percent) and rate (times normal) are set between utterances. Every engine keeps a
`log` of what happened (speak / stop / finished, with the utterance number) so a test can see
that a key press stopped one sentence before the next one started.

`EspeakEngine` (espeak.py) is the real one; a better synthesiser or a player of recorded
narration replaces it by offering the same five members.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

from kiosk.speech.plan import Utterance
from kiosk.speech.voices import VoiceTable


@dataclass(frozen=True)
class SpeechEvent:
    kind: str  # "speak" | "stop" | "finished"
    number: int  # which utterance, counted from 1
    text: str = ""
    at: float = 0.0  # time.monotonic()


class SpeechEngine(Protocol):
    voices: VoiceTable
    volume: int  # percent
    rate: float  # times the engine's normal rate

    def speak(self, utterance: Utterance) -> int: ...

    def stop(self) -> None: ...

    @property
    def speaking(self) -> bool: ...


@dataclass
class SpeechLog:
    """What an engine did, in order; thread-safe because engines finish on worker threads."""

    events: list[SpeechEvent] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, kind: str, number: int, text: str = "") -> None:
        with self._lock:
            self.events.append(SpeechEvent(kind, number, text, time.monotonic()))

    def kinds(self) -> list[tuple[str, int]]:
        with self._lock:
            return [(e.kind, e.number) for e in self.events]

    def spoken_texts(self) -> list[str]:
        with self._lock:
            return [e.text for e in self.events if e.kind == "speak"]

    def clear(self) -> None:
        with self._lock:
            self.events.clear()


class RecordingEngine:
    """Says nothing; remembers every utterance. `hold=True` keeps each one "speaking" until
    `finish()` or `stop()`, to test what the kiosk does while speech is playing."""

    def __init__(self, voices: VoiceTable | None = None, hold: bool = False) -> None:
        self.voices = voices or VoiceTable.espeak()
        self.volume = 60
        self.rate = 1.0
        self.hold = hold
        self.log = SpeechLog()
        self.utterances: list[Utterance] = []
        self._speaking = False

    def speak(self, utterance: Utterance) -> int:
        if self._speaking:
            self.stop()
        self.utterances.append(utterance)
        number = len(self.utterances)
        self.log.add("speak", number, utterance.text)
        self._speaking = self.hold
        if not self.hold:
            self.log.add("finished", number)
        return number

    def stop(self) -> None:
        if self._speaking:
            self.log.add("stop", len(self.utterances))
        self._speaking = False

    def finish(self) -> None:
        if self._speaking:
            self.log.add("finished", len(self.utterances))
        self._speaking = False

    @property
    def speaking(self) -> bool:
        return self._speaking

    @property
    def last_text(self) -> str:
        return self.utterances[-1].text if self.utterances else ""

    def texts(self) -> list[str]:
        return [u.text for u in self.utterances]

    def clear(self) -> None:
        self.utterances.clear()
        self.log.clear()
        self._speaking = False
