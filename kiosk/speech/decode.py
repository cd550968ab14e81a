"""Recordings decoded to 16-bit PCM: what narration plays and what `kiosk check` measures.

PyAV (FFmpeg's decoders, in the wheel the films already use) reads OGG Vorbis, MP3 and WAV
and its resampler gives signed 16-bit interleaved samples at the rate and channel count asked
for, so the player, the speech engine and the check all hear the same thing. PyAV has wheels
for x86_64 and aarch64 on Python 3.11-3.13 (the old decoder, miniaudio, had none for a
Raspberry Pi). Nothing here needs numpy: samples are read from the frame's plane as bytes.

The import of `av` is deferred to first use: it loads FFmpeg, which the kiosk's start
should not wait for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FORMATS = {"ogg": "ogg", "mp3": "mp3", "wav": "wav"}  # our name -> FFmpeg's demuxer
DecodeError = (OSError, ValueError, EOFError, IndexError)  # what PyAV raises on a bad file


@dataclass(frozen=True)
class FileInfo:
    sample_rate: int
    channels: int
    frames: int  # what the container says it holds (0 where it does not say)


def _av():
    import av
    import av.logging

    av.logging.set_level(None)  # a damaged file is reported by us, not printed by FFmpeg
    return av


def _open(path: str | Path, fmt: str | None):
    return _av().open(str(path), format=FORMATS.get(fmt or "", None))


def file_info(path: str | Path, fmt: str | None = None) -> FileInfo:
    """Rate, channels and length from the file's header; `ValueError` when there is none."""
    try:
        with _open(path, fmt) as container:
            if not container.streams.audio:
                raise ValueError("no audio stream")
            stream = container.streams.audio[0]
            rate, channels = stream.rate or 0, stream.channels or 0
            if stream.duration is not None and stream.time_base is not None:
                seconds = float(stream.duration * stream.time_base)
            elif container.duration is not None:
                seconds = container.duration / 1_000_000
            else:
                seconds = 0.0
    except DecodeError as exc:
        raise ValueError(f"cannot read the header ({exc})") from None
    if rate <= 0 or channels <= 0:
        raise ValueError("no sample rate or channels in the header")
    return FileInfo(rate, channels, round(seconds * rate))


def pcm_chunks(path: str | Path, rate: int, channels: int, start_frame: int = 0,
               fmt: str | None = None) -> Iterator[bytes]:
    """The recording from `start_frame` on, as 16-bit interleaved PCM at `rate` Hz with
    `channels` channels, one decoded packet at a time. Raises from PyAV (`DecodeError`) where
    the data breaks off: what came before it has been given."""
    av = _av()
    layout = "mono" if channels == 1 else "stereo"
    skip = start_frame * channels * 2  # bytes still to drop before the wanted frame
    with _open(path, fmt) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="s16", layout=layout, rate=rate)
        for frame in _decoded(container, stream):
            for out in resampler.resample(frame):
                data = bytes(out.planes[0])[: out.samples * channels * 2]
                if skip:
                    dropped = min(skip, len(data))
                    skip -= dropped
                    data = data[dropped:]
                if data:
                    yield data


def _decoded(container, stream):
    yield from container.decode(stream)
    yield None  # flushes the resampler's last samples


def decode_all(path: str | Path, rate: int, channels: int = 1) -> bytes:
    """The whole recording as 16-bit PCM; `ValueError` when it cannot be decoded at all."""
    try:
        return b"".join(pcm_chunks(path, rate, channels))
    except DecodeError as exc:
        raise ValueError(f"{path}: cannot decode the recording ({exc})") from None
