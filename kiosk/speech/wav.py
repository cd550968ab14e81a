"""16-bit PCM WAV in pure Python: joining segments, volume, and measuring what was said.

espeak-ng writes 22,050 Hz mono 16-bit; recordings may come at another rate or in stereo and
are converted to that on the way in (nearest-sample resampling: speech, not music). Recorded
narration in OGG Vorbis, MP3 or WAV is decoded by PyAV straight to that format
(`read_recording`, through decode.py). No numpy and no audioop (deprecated), just `array`.
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RATE = 22050
SILENCE_RMS = 100.0  # below this (of 32,767), a stretch of audio counts as silent


@dataclass
class Samples:
    """Mono 16-bit samples at `rate` Hz."""

    data: array
    rate: int = RATE

    @property
    def seconds(self) -> float:
        return len(self.data) / self.rate if self.rate else 0.0

    def rms(self) -> float:
        if not self.data:
            return 0.0
        return math.sqrt(sum(s * s for s in self.data) / len(self.data))


def read_wav(path: str | Path) -> Samples:
    with wave.open(str(path), "rb") as source:
        width, channels, rate = source.getsampwidth(), source.getnchannels(), source.getframerate()
        frames = source.readframes(source.getnframes())
    if width != 2:
        raise ValueError(f"{path}: {8 * width}-bit audio; recordings must be 16-bit PCM WAV")
    data = array("h")
    data.frombytes(frames)
    if sys.byteorder == "big":
        data.byteswap()
    if channels > 1:
        data = array("h", (sum(data[i : i + channels]) // channels
                           for i in range(0, len(data), channels)))
    return Samples(data, rate)


def read_recording(path: str | Path, rate: int = RATE) -> Samples:
    """A recording (OGG Vorbis, MP3 or WAV of any depth, rate and channels) as mono 16-bit at
    `rate`; `ValueError` when it cannot be decoded."""
    from kiosk.speech.decode import decode_all

    return Samples(array("h", decode_all(path, rate, channels=1)), rate)


def to_rate(samples: Samples, rate: int = RATE) -> Samples:
    if samples.rate == rate or not samples.data:
        return Samples(samples.data, rate)
    step = samples.rate / rate
    count = int(len(samples.data) / step)
    source = samples.data
    return Samples(array("h", (source[min(int(i * step), len(source) - 1)]
                               for i in range(count))), rate)


def scaled(samples: Samples, gain: float) -> Samples:
    if gain == 1.0:
        return samples
    if len(samples.data) < 65536:
        return Samples(array("h", (max(-32768, min(32767, int(s * gain))) for s in samples.data)),
                       samples.rate)
    # A long recording: look every sample up in a table of all 65,536 (3x faster in Python).
    unsigned = array("H")
    unsigned.frombytes(samples.data.tobytes())
    return Samples(array("h", map(_gain_table(round(gain, 3)).__getitem__, unsigned)),
                   samples.rate)


@lru_cache(maxsize=4)
def _gain_table(gain: float) -> tuple[int, ...]:
    """Index: a sample read as unsigned 16-bit; value: that sample times `gain`, clipped."""
    return tuple(max(-32768, min(32767, int((u - 65536 if u >= 32768 else u) * gain)))
                 for u in range(65536))


def silence(seconds: float, rate: int = RATE) -> Samples:
    return Samples(array("h", bytes(2 * int(seconds * rate))), rate)


def join(parts: list[Samples], rate: int = RATE) -> Samples:
    data = array("h")
    for part in parts:
        data.extend(to_rate(part, rate).data)
    return Samples(data, rate)


def write_wav(path: str | Path, samples: Samples) -> Path:
    data = samples.data
    if sys.byteorder == "big":
        data = array("h", data)
        data.byteswap()
    with wave.open(str(path), "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(samples.rate)
        target.writeframes(data.tobytes())
    return Path(path)


def voiced_seconds(samples: Samples, window: float = 0.05) -> float:
    """How many seconds of `samples` are not silent, in windows of `window` seconds."""
    size = max(1, int(samples.rate * window))
    voiced = 0
    for start in range(0, len(samples.data), size):
        chunk = samples.data[start : start + size]
        if math.sqrt(sum(s * s for s in chunk) / len(chunk)) >= SILENCE_RMS:
            voiced += 1
    return voiced * window
