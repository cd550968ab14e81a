"""Tiny films for tests, made with PyAV: a few seconds of changing colour and a counter,
with a quiet tone, in the codec and container asked for. A test film of its own keeps the
film tests fast and independent of the sample's."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageDraw


def make_film(path: Path, seconds: float = 4.0, size=(320, 180), fps: int = 10,
              codec: str = "libx264", audio: str | None = "aac", shade=(200, 60, 40)) -> Path:
    """Write a film whose every frame differs (the frame number drawn on a moving bar)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    container_format = "webm" if path.suffix == ".webm" else None
    options = {"movflags": "+faststart"} if path.suffix == ".mp4" else {}
    with av.open(str(path), "w", format=container_format, options=options) as out:
        video = out.add_stream(codec, rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        sound = None
        if audio:
            sound = out.add_stream(audio, rate=48000 if audio == "libopus" else 22050,
                                   layout="mono")
        frames = round(seconds * fps)
        for n in range(frames):
            image = Image.new("RGB", size, shade)
            draw = ImageDraw.Draw(image)
            x = int(size[0] * n / frames)
            draw.rectangle((x, 0, x + size[0] // 8, size[1]), fill=(250, 250, 250))
            draw.text((10, 10), f"frame {n}", fill=(0, 0, 0))
            out.mux(video.encode(av.VideoFrame.from_image(image)))
        out.mux(video.encode())
        if sound is not None:
            rate = sound.codec_context.sample_rate
            total, pts, chunk = int(seconds * rate), 0, 960 if audio == "libopus" else 1024
            while pts < total:
                count = min(chunk, total - pts)
                samples = b"".join(int(800 * math.sin(2 * math.pi * 440 * (pts + i) / rate))
                                   .to_bytes(2, "little", signed=True) for i in range(count))
                frame = av.AudioFrame(format="s16", layout="mono", samples=count)
                frame.planes[0].update(samples)
                frame.sample_rate, frame.pts, frame.time_base = rate, pts, Fraction(1, rate)
                pts += count
                out.mux(sound.encode(frame))
            out.mux(sound.encode())
    return path


def vtt(cues: list[tuple[str, str, str]]) -> str:
    return "WEBVTT\n\n" + "\n".join(f"{s} --> {e}\n{t}\n" for s, e, t in cues)


def film_item(content: Path, item_id: str, langs: dict[str, str], spoken: str = "en",
              captions: dict[str, list] | None = None, descriptions: dict | None = None,
              sign: bool = False, seconds: float = 4.0, section: str | None = None) -> Path:
    """A video item in `content` with the documented layout (film.mp4, film.<lang>.vtt,
    film.<lang>.descriptions.vtt, film-ase.mp4), listed in `section` if given."""
    folder = content / "items" / item_id
    make_film(folder / "film.mp4", seconds)
    lines = ["kind: video", "file: film.mp4", f"language: {spoken}", "poster_time: 1",
             "credit: test film", "licence: CC0"]
    if sign:
        make_film(folder / "film-ase.mp4", seconds, shade=(40, 60, 200), audio=None)
        lines.append("sign: {ase: film-ase.mp4}")
    (folder / "item.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for lang, title in langs.items():
        (folder / f"{lang}.md").write_text(f"---\ntitle: {title}\n---\nA test film.\n",
                                           encoding="utf-8")
    for lang, cues in (captions or {}).items():
        (folder / f"film.{lang}.vtt").write_text(vtt(cues), encoding="utf-8")
    for lang, cues in (descriptions or {}).items():
        (folder / f"film.{lang}.descriptions.vtt").write_text(vtt(cues), encoding="utf-8")
    if section:
        meta = content / "items" / section / "item.yaml"
        text = meta.read_text(encoding="utf-8")
        meta.write_text(text.replace("items: [", f"items: [{item_id}, ", 1), encoding="utf-8")
    return folder
