"""Real recordings for the narration tests, made on the spot: a voice from espeak-ng (or a
tone) as WAV, OGG Vorbis through sox, MP3 through LAME (lameenc)."""

from __future__ import annotations

import math
import shutil
import subprocess
import wave
from array import array
from pathlib import Path

import pytest

RATE = 22050


def tone_wav(path: Path, seconds: float = 2.0, rate: int = RATE, channels: int = 1,
             pitch: float = 220.0) -> Path:
    """A soft tone, as 16-bit PCM WAV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = array("h", (int(8000 * math.sin(2 * math.pi * pitch * i / rate))
                         for i in range(int(seconds * rate)) for _ in range(channels)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames.tobytes())
    return path


def spoken_wav(path: Path, text: str, voice: str = "en") -> Path:
    """`text` said by espeak-ng, as WAV (skips the test where espeak-ng is not installed)."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("espeak-ng is not installed")
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([espeak, "-v", voice, "-w", str(path), text], check=True)
    return path


def to_ogg(wav: Path, path: Path) -> Path:
    """The WAV as OGG Vorbis, through sox (skips where sox cannot write Vorbis)."""
    sox = shutil.which("sox")
    if sox is None or "vorbis" not in subprocess.run(
            [sox, "-h"], capture_output=True, text=True).stdout:
        pytest.skip("sox with OGG Vorbis is not installed")
    subprocess.run([sox, str(wav), str(path)], check=True)
    return path


def to_mp3(wav: Path, path: Path) -> Path:
    """The WAV as MP3, through LAME (the lameenc package), 64 kbit/s."""
    lameenc = pytest.importorskip("lameenc")
    with wave.open(str(wav), "rb") as source:
        channels, rate = source.getnchannels(), source.getframerate()
        pcm = source.readframes(source.getnframes())
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(64)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(channels)
    encoder.set_quality(2)
    path.write_bytes(encoder.encode(pcm) + encoder.flush())
    return path
