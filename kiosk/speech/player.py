"""Playing one recorded narration: play, pause, replay, volume, and where it has got to.

PyAV decodes the file (OGG Vorbis, MP3, WAV; `decode.py`) a packet at a time as the sound
card's callback thread asks for frames (`output.py`, PortAudio, the same output espeak-ng's
voice goes through), so nothing is decoded ahead and the kiosk's UI thread never waits for
audio: every call here only posts a command to the player's worker thread and returns. `position_s` counts the frames handed to the sound card, so it is what the visitor
has heard (give or take one 100 ms buffer), and it holds still while paused.

Where the machine has no sound output (a test machine, a kiosk whose card failed) playback
falls back to the null output, which takes the frames at the same pace and discards them:
timing, progress and the idle timer behave as on a kiosk, as they do for speech.
Nothing here raises to the caller: a file that cannot be played puts the player in the
"failed" state with the reason in `error`.
"""

from __future__ import annotations

import queue
import threading
from array import array
from collections.abc import Callable
from pathlib import Path

from kiosk.speech import output
from kiosk.speech.decode import DecodeError, file_info, pcm_chunks

STOPPED, PLAYING, PAUSED, FINISHED, FAILED = "stopped", "playing", "paused", "finished", "failed"
VOLUME_STEP = 0.1
DEFAULT_VOLUME = 0.8


class RecordingPlayer:
    """One recording, played from `position_s`; `on_change()` is called (from a worker
    thread) whenever the state changes, e.g. when the recording reaches its end."""

    def __init__(self, path: str | Path, volume: float = DEFAULT_VOLUME,
                 sound: bool = True, on_change: Callable[[], None] | None = None):
        self.path = str(path)
        self.volume = max(0.0, min(1.0, volume))
        self.sound = sound  # False: the null output only (keeps time, makes no sound)
        self.on_change = on_change
        self.state = STOPPED
        self.error = ""
        self.backend = ""  # the output used: "ALSA", "PulseAudio", ... or "Null" (no card)
        self._frames = 0  # handed to the device so far, at the file's rate
        self._generation = 0  # which start of playback the sound callback is feeding
        self._rate = 0
        self._channels = 0
        self._device = None  # the output while playing
        self._commands: queue.SimpleQueue = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    # -- what the UI calls (each returns at once) ----------------------------------------------

    def play(self) -> None:
        """Start, or go on from where it paused (from the start once it has finished)."""
        self._post("play")

    def pause(self) -> None:
        self._post("pause")

    def replay(self) -> None:
        """From the start, playing."""
        self._post("replay")

    def stop(self) -> None:
        """Silence, back to the start."""
        self._post("stop")

    def close(self) -> None:
        """Silence and let the worker thread end; the player is not used again."""
        self._post("close")

    def set_volume(self, volume: float) -> None:
        self.volume = round(max(0.0, min(1.0, volume)), 2)  # read by the sound callback

    @property
    def playing(self) -> bool:
        return self.state == PLAYING

    @property
    def position_s(self) -> float:
        return self._frames / self._rate if self._rate else 0.0

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until every command posted so far has been carried out (tests only)."""
        done = threading.Event()
        self._post(done)
        return done.wait(timeout)

    # -- the worker thread -----------------------------------------------------------------------

    def _post(self, command) -> None:
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                if command == "close":
                    return
                self._worker = threading.Thread(target=self._work, name="narration-player",
                                                daemon=True)
                self._worker.start()
            self._commands.put(command)

    def _work(self) -> None:
        while True:
            command = self._commands.get()
            if isinstance(command, threading.Event):
                command.set()
                continue
            name, *args = command if isinstance(command, tuple) else (command,)
            try:
                if name == "close":
                    self._close_device()
                    self._set_state(STOPPED)
                    return
                getattr(self, f"_do_{name}")(*args)
            except Exception as exc:  # noqa: BLE001 - a bad file must never reach the visitor
                self._close_device()
                self.error = str(exc) or type(exc).__name__
                self._set_state(FAILED)

    def _do_play(self) -> None:
        if self.state in (PLAYING, FAILED):
            return
        if self.state == FINISHED:
            self._frames = 0
        self._start()

    def _do_pause(self) -> None:
        if self.state == PLAYING:
            self._close_device()
            self._set_state(PAUSED)

    def _do_replay(self) -> None:
        if self.state == FAILED:
            return
        self._close_device()
        self._frames = 0
        self._start()

    def _do_stop(self) -> None:
        self._close_device()
        self._frames = 0
        if self.state != FAILED:
            self._set_state(STOPPED)

    def _do_ended(self, generation: int) -> None:
        """Posted by the sound callback when the decoder has no more frames (or broke)."""
        if self.state == PLAYING and generation == self._generation:
            self._close_device()
            self._set_state(FAILED if self.error else FINISHED)

    def _start(self) -> None:
        if not self._rate:
            try:
                info = file_info(self.path)
            except ValueError as exc:
                raise ValueError(f"{Path(self.path).name}: {exc}") from None
            self._rate, self._channels = info.sample_rate, min(2, info.channels)
        self._generation += 1
        generation = self._generation
        pull = self._puller(pcm_chunks(self.path, self._rate, self._channels, self._frames),
                            generation)
        self._device = output.open_output(self._rate, self._channels, pull,
                                          lambda: self._commands.put(("ended", generation)),
                                          sound=self.sound)
        self.backend = self._device.backend
        self._set_state(PLAYING)

    def _close_device(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            device.close()

    def _set_state(self, state: str) -> None:
        self.state = state
        if self.on_change is not None:
            self.on_change()

    def _puller(self, chunks, generation: int):
        """What the output calls for frames: decoded as asked for, at the current volume;
        fewer frames than asked for once the recording ends (or its data breaks off)."""
        pending = bytearray()
        frame_bytes = 2 * self._channels

        def pull(frames: int) -> bytes:
            wanted = frames * frame_bytes
            while len(pending) < wanted:
                try:
                    pending.extend(next(chunks))
                except StopIteration:
                    break
                except DecodeError as exc:  # damaged data mid-file: stop there, say why
                    self.error = str(exc) or type(exc).__name__
                    break
            chunk = bytes(pending[:wanted])
            del pending[:wanted]
            if generation == self._generation:
                self._frames += len(chunk) // frame_bytes
            return _at_volume(chunk, self.volume)

        return pull


def _at_volume(chunk: bytes, volume: float) -> bytes:
    if volume >= 1.0:
        return chunk
    samples = array("h", chunk)
    return array("h", [int(sample * volume) for sample in samples]).tobytes()
