"""Films as the build sees them: probed with PyAV (whose wheels bundle FFmpeg, the same
decoders as the kiosk's ffpyplayer), refused when the kiosk could not play them, and a poster
frame and a thumbnail cut from them.

A film is refused with one plain sentence: an empty file, a file that is not a film (a
renamed picture), a codec the kiosk does not play, a file cut short (its last seconds do not
decode: a copy that stopped half-way), or one beyond the limits (a 4K master where a kiosk
needs 1080p). Probing decodes a frame at the start and one near the end, not the whole film.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

VIDEO_CODECS = {"h264": "H.264", "vp9": "VP9"}
AUDIO_CODECS = {"aac": "AAC", "opus": "Opus"}
CONTAINERS = {".mp4": "mp4", ".webm": "webm"}
FILM_FORMATS = ("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm")  # FFmpeg's demuxer names
END_TOLERANCE_S = 1.0  # pictures must go on to within this of the stated length


@dataclass(frozen=True)
class VideoLimits:
    """What a kiosk is configured to accept (site.yaml `film_limits`, docs/content-format.md)."""

    max_megabytes: float = 500
    max_minutes: float = 30
    max_width: int = 1920
    max_height: int = 1080


@dataclass(frozen=True)
class VideoInfo:
    duration_s: float
    width: int
    height: int
    video_codec: str
    audio_codec: str | None
    size_bytes: int
    frame_rate: float


class VideoProblem(Exception):
    """Why a film cannot be shown, as one sentence for the curator."""


DEFAULT_LIMITS = VideoLimits()


def probe_video(path: Path, limits: VideoLimits = DEFAULT_LIMITS) -> VideoInfo:
    import av

    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise VideoProblem(f"{path.name}: cannot read the file ({exc.strerror})") from None
    if size == 0:
        raise VideoProblem(f"{path.name} is empty (0 bytes): the copy failed or was cut off")
    if path.suffix.lower() not in CONTAINERS:
        raise VideoProblem(f"{path.name}: a film must be an .mp4 (H.264/AAC) or .webm "
                           "(VP9/Opus) file")
    if size > limits.max_megabytes * 1024 * 1024:
        raise VideoProblem(f"{path.name} is {size / 1024 / 1024:.1f} MB, over the limit of "
                           f"{limits.max_megabytes:g} MB")
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.error.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise VideoProblem(f"{path.name} is not a film the kiosk can read ({_reason(exc)})") \
            from None
    with container:
        if container.format.name not in FILM_FORMATS:
            raise VideoProblem(f"{path.name} is not a film the kiosk can read: it is a "
                               f"{container.format.long_name or container.format.name} file "
                               "with a film's name (renamed?)")
        info = _streams(path, container, size)
        _check_limits(path, info, limits)
        _decode_ends(path, container, info)
    return info


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "strerror", None) or exc).split(":")[-1].strip() or type(exc).__name__


def _streams(path: Path, container, size: int) -> VideoInfo:
    if not container.streams.video:
        raise VideoProblem(f"{path.name} has no picture: it is not a film (a sound file "
                           "renamed?)")
    video = container.streams.video[0]
    codec = video.codec_context.name
    if codec not in VIDEO_CODECS:
        raise VideoProblem(f"{path.name}: its picture is {codec}, which the kiosk does not "
                           "play; convert it to H.264 in MP4 (or VP9 in WebM)")
    audio_codec = None
    if container.streams.audio:
        audio_codec = container.streams.audio[0].codec_context.name
        if audio_codec not in AUDIO_CODECS:
            raise VideoProblem(f"{path.name}: its sound is {audio_codec}, which the kiosk does "
                               "not play; convert it to AAC (MP4) or Opus (WebM)")
    duration = None
    if container.duration:
        duration = container.duration / 1_000_000
    elif video.duration and video.time_base:
        duration = float(video.duration * video.time_base)
    if not duration or duration <= 0:
        raise VideoProblem(f"{path.name}: its length cannot be read: the file is damaged")
    rate = float(video.average_rate or video.guessed_rate or 25)
    return VideoInfo(duration, video.codec_context.width, video.codec_context.height, codec,
                     audio_codec, size, rate)


def _check_limits(path: Path, info: VideoInfo, limits: VideoLimits) -> None:
    if info.width > limits.max_width or info.height > limits.max_height:
        raise VideoProblem(f"{path.name} is {info.width}x{info.height}, over the limit of "
                           f"{limits.max_width}x{limits.max_height}; make a smaller copy")
    if info.duration_s > limits.max_minutes * 60:
        raise VideoProblem(f"{path.name} lasts {info.duration_s / 60:.0f} minutes, over the "
                           f"limit of {limits.max_minutes:g}")


def _decode_ends(path: Path, container, info: VideoInfo) -> None:
    """A frame decodes at the start and within the last second and a half; a film cut short
    fails the second."""
    import av

    stream = container.streams.video[0]
    try:
        first = next(container.decode(stream), None)
        if first is None:
            raise VideoProblem(f"{path.name}: no picture decodes: the file is damaged")
        near_end = max(0.0, info.duration_s - 1.5)
        container.seek(int(near_end / stream.time_base), stream=stream, backward=True)
        last = None
        for frame in container.decode(stream):
            last = frame
        end_seen = float(last.pts * stream.time_base) if last is not None and last.pts else 0.0
    except av.error.FFmpegError as exc:
        raise VideoProblem(f"{path.name} is damaged: decoding failed ({_reason(exc)})") from None
    if last is None or end_seen < info.duration_s - END_TOLERANCE_S:
        raise VideoProblem(f"{path.name} is cut short: it should last {info.duration_s:.1f} s "
                           f"but pictures stop at {end_seen:.1f} s; copy it again")


def grab_frame(path: Path, at_s: float, target: Path, max_side: int) -> tuple[int, int]:
    """Save the frame at `at_s` seconds as a JPEG at most `max_side` pixels wide or high; its
    size."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        container.seek(int(max(0.0, at_s) / stream.time_base), stream=stream, backward=True)
        image = None
        for frame in container.decode(stream):
            image = frame.to_image()
            if frame.pts is not None and float(frame.pts * stream.time_base) >= at_s - 0.02:
                break
    if image is None:
        raise VideoProblem(f"{path.name}: no picture at {at_s:g} s for the poster")
    image.thumbnail((max_side, max_side))
    image.convert("RGB").save(target, "JPEG", quality=85)
    return image.size
