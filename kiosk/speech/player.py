"""Playing one recorded narration: play, pause, replay, volume, and where it has got to.

miniaudio decodes the file (OGG Vorbis, MP3, WAV) a few hundred frames at a time inside the
sound card's own callback thread, so nothing is decoded ahead and the kiosk's UI thread never
waits for audio: every call here only posts a command to the player's worker thread and
returns. `position_s` counts the frames handed to the sound card, so it is what the visitor
has heard (give or take one 100 ms buffer), and it holds still while paused.

Where the machine has no sound output (a test machine, a kiosk whose card failed) playback
falls back to miniaudio's null device, which takes the frames at the same pace and discards
them: timing, progress and the idle timer behave as on a kiosk, as espeak.py does for speech.
Nothing here raises to the caller: a file that cannot be played puts the player in the
"failed" state with the reason in `error`.
"""

from __future__ import annotations

import queue
import threading
import time
from array import array
from collections.abc import Callable
from pathlib import Path

import miniaudio

STOPPED, PLAYING, PAUSED, FINISHED, FAILED = "stopped", "playing", "paused", "finished", "failed"
BUFFER_MS = 100
VOLUME_STEP = 0.1
DEFAULT_VOLUME = 0.8
RETRY_OUTPUT_SECONDS = 60.0  # after the default output failed, use the null one this long
_output_failed_at = float("-inf")


class RecordingPlayer:
    """One recording, played from `position_s`; `on_change()` is called (from a worker
    thread) whenever the state changes, e.g. when the recording reaches its end."""

    def __init__(self, path: str | Path, volume: float = DEFAULT_VOLUME,
                 backends: list | None = None, on_change: Callable[[], None] | None = None):
        self.path = str(path)
        self.volume = max(0.0, min(1.0, volume))
        self.backends = backends  # None: the system's default output, else these
        self.on_change = on_change
        self.state = STOPPED
        self.error = ""
        self.backend = ""  # the output used: "ALSA", "PulseAudio", "Null" (no sound card)
        self._frames = 0  # handed to the device so far, at the file's rate
        self._generation = 0  # which start of playback the sound callback is feeding
        self._rate = 0
        self._channels = 0
        self._device: miniaudio.PlaybackDevice | None = None
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
            info = miniaudio.get_file_info(self.path)
            self._rate, self._channels = info.sample_rate, info.nchannels
        stream = miniaudio.stream_file(
            self.path, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=self._channels,
            sample_rate=self._rate, seek_frame=self._frames)
        self._generation += 1
        feed = self._feed(stream, self._generation)
        next(feed)
        self._device = self._open_device()
        self._device.start(feed)
        self._set_state(PLAYING)

    def _open_device(self) -> miniaudio.PlaybackDevice:
        settings = {"output_format": miniaudio.SampleFormat.SIGNED16,
                    "nchannels": self._channels, "sample_rate": self._rate,
                    "buffersize_msec": BUFFER_MS}
        global _output_failed_at
        device = None
        if time.monotonic() - _output_failed_at > RETRY_OUTPUT_SECONDS or self.backends:
            try:
                device = miniaudio.PlaybackDevice(backends=self.backends, **settings)
            except miniaudio.MiniaudioError:  # no sound output here: keep time, make no sound
                _output_failed_at = time.monotonic()  # (and do not ask ALSA again each time)
        if device is None:
            device = miniaudio.PlaybackDevice(backends=[miniaudio.Backend.NULL], **settings)
        self.backend = device.backend
        return device

    def _close_device(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            device.close()

    def _set_state(self, state: str) -> None:
        self.state = state
        if self.on_change is not None:
            self.on_change()

    def _feed(self, stream, generation: int):
        """The sound callback's generator: frames as asked for, at the current volume."""
        wanted = yield b""
        while True:
            try:
                chunk = stream.send(wanted)
            except StopIteration:
                self._commands.put(("ended", generation))
                return
            except Exception as exc:  # noqa: BLE001 - damaged data mid-file: stop, say why
                self.error = str(exc) or type(exc).__name__
                self._commands.put(("ended", generation))
                return
            self._frames += len(chunk) // self._channels
            wanted = yield _at_volume(chunk, self.volume)


def _at_volume(chunk: array, volume: float) -> array:
    if volume >= 1.0:
        return chunk
    return array("h", [int(sample * volume) for sample in chunk])
