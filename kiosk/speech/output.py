"""The one way sound leaves the kiosk: recorded narration and espeak-ng's voice alike.

A sound card is opened through PortAudio (the `sounddevice` package over Debian's
libportaudio2: ALSA, PulseAudio or PipeWire, whichever the system has). Each output pulls
its frames from the caller in blocks of `BUFFER_MS`, from PortAudio's own callback thread,
so nothing is decoded ahead and the UI thread never waits for sound.

Where there is no sound output (a test machine, a kiosk whose card failed, PortAudio not
installed) the same pulls are made by a thread at the same pace and the frames discarded:
timing, progress and the idle timer behave as on a kiosk. After the card failed to open it is
not asked again for `RETRY_OUTPUT_SECONDS`, so a missing card costs nothing per utterance.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

BUFFER_MS = 100
RETRY_OUTPUT_SECONDS = 60.0
NULL = "Null"  # the backend name of the output that keeps time and makes no sound
_output_failed_at = float("-inf")

Pull = Callable[[int], bytes]  # frames wanted -> up to that many frames; fewer: the end


class NullOutput:
    """Takes frames at the pace a sound card would, and discards them."""

    backend = NULL

    def __init__(self, rate: int, channels: int, pull: Pull, on_end: Callable[[], None]):
        self.rate, self.channels, self.pull, self.on_end = rate, channels, pull, on_end
        self.block = max(1, rate * BUFFER_MS // 1000)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sound-null", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(1.0)

    def _run(self) -> None:
        due = time.monotonic()
        while not self._stop.is_set():
            data = self.pull(self.block)
            if len(data) < self.block * self.channels * 2:
                self._stop.wait(len(data) / (2 * self.channels * self.rate))
                if not self._stop.is_set():
                    self.on_end()
                return
            due += self.block / self.rate
            self._stop.wait(max(0.0, due - time.monotonic()))


class SoundCardOutput:
    """A PortAudio stream of 16-bit frames; raises `OSError` when none can be opened."""

    def __init__(self, rate: int, channels: int, pull: Pull, on_end: Callable[[], None],
                 device=None):
        import sounddevice  # loads libportaudio2: OSError where it is not installed

        self._sd = sounddevice
        self.pull, self.channels = pull, channels
        self._ended = False
        try:
            self._stream = sounddevice.RawOutputStream(
                samplerate=rate, channels=channels, dtype="int16", device=device,
                blocksize=max(1, rate * BUFFER_MS // 1000), callback=self._callback,
                finished_callback=lambda: self._ended and on_end())
        except sounddevice.PortAudioError as exc:
            raise OSError(f"no sound output: {exc}") from None
        self.backend = sounddevice.query_hostapis(
            sounddevice.query_devices(self._stream.device)["hostapi"])["name"]

    def start(self) -> None:
        self._stream.start()

    def close(self) -> None:
        self._stream.abort()  # at once, not after the buffers already queued
        self._stream.close()

    def _callback(self, outdata, frames, _time, _status) -> None:
        data = self.pull(frames)
        wanted = frames * self.channels * 2
        if len(data) < wanted:
            outdata[:] = data + bytes(wanted - len(data))
            self._ended = True
            raise self._sd.CallbackStop
        outdata[:] = data


def open_output(rate: int, channels: int, pull: Pull, on_end: Callable[[], None],
                sound: bool = True):
    """A started output for 16-bit frames at `rate`: the sound card where there is one and
    `sound` is true, else the null output. `on_end()` is called (from the output's thread)
    once `pull` has given fewer frames than asked for and they have been played."""
    global _output_failed_at
    output = None
    if sound and time.monotonic() - _output_failed_at > RETRY_OUTPUT_SECONDS:
        try:
            output = SoundCardOutput(rate, channels, pull, on_end)
        except OSError:  # no card, no PortAudio: keep time, make no sound
            _output_failed_at = time.monotonic()
    if output is None:
        output = NullOutput(rate, channels, pull, on_end)
    output.start()
    return output


def play(data: bytes, rate: int, channels: int, cancelled: threading.Event,
         sound: bool = True) -> str:
    """Play 16-bit frames to the end or until `cancelled` is set; the backend used."""
    view = memoryview(data)
    position = 0
    finished = threading.Event()

    def pull(frames: int) -> bytes:
        nonlocal position
        size = frames * channels * 2
        chunk = bytes(view[position : position + size])
        position += len(chunk)
        return chunk

    output = open_output(rate, channels, pull, finished.set, sound)
    try:
        while not finished.is_set() and not cancelled.is_set():
            cancelled.wait(BUFFER_MS / 1000)
    finally:
        output.close()
    return output.backend
