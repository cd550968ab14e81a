"""Recorded narration files: what they hold, how long they last, and whether they decode.

Curators bring recordings from many tools: an MP3 renamed `.ogg`, an Ogg Opus file where
Vorbis was meant, a zero-byte export, a file cut short by a full USB stick. `probe_audio`
tells each apart by looking at the bytes (not the name) and then decoding the whole stream
with the kiosk's own decoder (kiosk/speech/decode.py: PyAV, FFmpeg's decoders; no numpy), so
`kiosk check` fails on a file the kiosk could not play, and the duration the visitor sees is
what really decodes.
Every failure is an `AudioProblem` with the file's name and the reason; nothing else escapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.speech.decode import DecodeError, FileInfo, file_info, pcm_chunks

FORMATS = {"ogg": "audio/ogg", "mp3": "audio/mpeg", "wav": "audio/wav"}  # extension -> MIME
MAX_AUDIO_BYTES = 200 * 1024 * 1024  # two hours of speech at 192 kbit/s
MIN_DECODED_SHARE = 0.98  # less than this of the length in the header: the file is cut short
EXPORT_AGAIN = "export the recording again as OGG Vorbis, MP3 or WAV"
_NAMES = {"ogg": "OGG Vorbis", "mp3": "MP3", "wav": "WAV", "opus": "Ogg Opus", "flac": "FLAC",
          "ogg-other": "Ogg (not Vorbis)"}


@dataclass(frozen=True)
class AudioInfo:
    format: str  # "ogg" | "mp3" | "wav"
    mime: str
    duration_s: float  # what decodes, in seconds
    sample_rate: int
    channels: int


class AudioProblem(Exception):
    """Why a recording cannot be used, in words for a curator, and how to fix it (`hint`)."""

    def __init__(self, message: str, hint: str = EXPORT_AGAIN) -> None:
        super().__init__(message)
        self.hint = hint


def sniff(head: bytes) -> str | None:
    """The format the first bytes of a file show: 'wav', 'ogg', 'mp3', or another name."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"OggS":
        if b"\x01vorbis" in head[:96]:
            return "ogg"
        return "opus" if b"OpusHead" in head[:96] else "ogg-other"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def probe_audio(path: Path) -> AudioInfo:
    """Check that `path` is an OGG Vorbis, MP3 or WAV recording that decodes to the end;
    its format and real duration, or `AudioProblem` with the reason."""
    path = Path(path)
    try:
        return _probe(path)
    except (OSError, ValueError) as exc:  # a name too long, a NUL in it, no permission
        reason = getattr(exc, "strerror", None) or str(exc)
        raise AudioProblem(f"{path.name} cannot be read: {reason}",
                           "check the file's name and permissions") from None


def _probe(path: Path) -> AudioInfo:
    extension = _check_file(path)
    with open(path, "rb") as handle:
        head = handle.read(96)
    found = sniff(head)
    if found is None:
        raise AudioProblem(f"{path.name} is not audio that the kiosk can read "
                           f"(not OGG Vorbis, MP3 or WAV)")
    if found not in FORMATS:
        raise AudioProblem(f"{path.name} is {_NAMES[found]}, which the kiosk cannot play")
    if found != extension:
        raise AudioProblem(f"{path.name} holds {_NAMES[found]} audio but is named .{extension}",
                           f"rename it to {path.stem}.{found}")
    if found == "wav":
        _check_riff_size(path, head)
    try:
        header = file_info(path, found)
    except ValueError:
        raise AudioProblem(f"{path.name} is damaged: its {_NAMES[found]} header cannot be read") from None
    decoded = _decoded_frames(path, header, found)
    if decoded == 0:
        if header.frames <= 0:
            raise AudioProblem(f"{path.name} holds no sound (0 seconds)")
        raise AudioProblem(f"{path.name} is damaged: its {_NAMES[found]} data cannot be decoded")
    if decoded < header.frames * MIN_DECODED_SHARE:
        raise AudioProblem(
            f"{path.name} is damaged: only {decoded / header.sample_rate:.1f} of "
            f"{header.frames / header.sample_rate:.1f} seconds decode")
    return AudioInfo(found, FORMATS[found], round(decoded / header.sample_rate, 3),
                     header.sample_rate, header.channels)


def _check_file(path: Path) -> str:
    """The file's extension ('ogg', 'mp3', 'wav') once it exists and is not empty."""
    if not path.is_file():
        raise AudioProblem(f"the file {path.name} does not exist",
                           "put the recording in the item's folder, or correct its name")
    extension = path.suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise AudioProblem(f"{path.name}: '.{extension}' is not a recording format the kiosk "
                           f"plays (OGG Vorbis .ogg, MP3 .mp3, WAV .wav)")
    size = path.stat().st_size
    if size == 0:
        raise AudioProblem(f"{path.name} is an empty file")
    if size > MAX_AUDIO_BYTES:
        raise AudioProblem(f"{path.name} is {size // (1024 * 1024)} MB, more than the "
                           f"{MAX_AUDIO_BYTES // (1024 * 1024)} MB a recording may be")
    return extension


def _check_riff_size(path: Path, head: bytes) -> None:
    """A WAV file says how long it is in its first bytes; a copy cut short is shorter.
    (The decoder would quietly play what is there: the curator should know.)"""
    declared = int.from_bytes(head[4:8], "little") + 8
    actual = path.stat().st_size
    if declared not in (8, 0xFFFFFFFF + 8) and actual < declared:  # 0 and ~0: written live
        raise AudioProblem(f"{path.name} is damaged: the file is cut short "
                           f"({actual:,} of {declared:,} bytes)")


def _decoded_frames(path: Path, header: FileInfo, fmt: str) -> int:
    """How many frames decode before the stream ends or breaks (at the file's own rate)."""
    channels = min(2, header.channels)
    size = 0
    try:
        for chunk in pcm_chunks(path, header.sample_rate, channels, fmt=fmt):
            size += len(chunk)
    except DecodeError:
        pass  # what decoded before the damage is what counts
    return size // (2 * channels)
