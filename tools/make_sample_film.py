#!/usr/bin/env python3
"""Make the sample exhibition's short film, content/items/udhr-film/, from its own pictures and
checked facts (content/data/treaties.yaml and the UDHR corpus text on the cards; nothing
invented), narrated in English by espeak-ng, with captions in vi/en/fr and text descriptions.

It honestly has no sign-language track: nobody here signs, so `kiosk check` warns about it.

    .venv/bin/python tools/make_sample_film.py        # writes content/items/udhr-film/

Each scene is a picture the exhibition shows elsewhere, slowly zoomed, with one narrated
sentence. Before each sentence the picture is on screen alone for a moment; the text
description of the scene is timed into that gap, and is longer than it, so the kiosk pauses
the film while it speaks the description (as Able Player's users asked, ableplayer#614).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import av
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
ITEMS = ROOT / "content" / "items"
OUT = ITEMS / "udhr-film"
WIDTH, HEIGHT, FPS, RATE = 854, 480, 12, 22050
GAP_S, TAIL_S = 1.0, 0.4


@dataclass
class Scene:
    picture: str  # relative to content/items
    crop: tuple[float, float, float, float]  # left, top, right, bottom as fractions
    said: dict[str, str]  # the narrated sentence (en) and its captions
    described: dict[str, str]  # what the picture shows, for visitors who cannot see it


SCENES = [
    Scene("udhr-poster/poster.jpg", (0.0, 0.0, 1.0, 0.32), {
        "en": "On 10 December 1948, in Paris, the United Nations General Assembly adopted "
              "the Universal Declaration of Human Rights.",
        "vi": "Ngày 10 tháng 12 năm 1948, tại Paris, Đại hội đồng Liên Hợp Quốc đã thông qua "
              "Tuyên ngôn toàn thế giới về nhân quyền.",
        "fr": "Le 10 décembre 1948, à Paris, l'Assemblée générale des Nations unies a adopté "
              "la Déclaration universelle des droits de l'homme.",
    }, {
        "en": "The top of a tall poster: a large dark blue title over columns of Vietnamese text.",
        "vi": "Phần trên của một tấm áp phích cao: tiêu đề lớn màu xanh đậm trên các cột chữ "
              "tiếng Việt.",
        "fr": "Le haut d'une grande affiche : un grand titre bleu foncé au-dessus de colonnes "
              "de texte vietnamien.",
    }),
    Scene("article-1-en/card.jpg", (0.0, 0.0, 1.0, 1.0), {
        "en": "Article 1 says: All human beings are born free and equal in dignity and rights.",
        "vi": "Điều 1 viết: Tất cả mọi người sinh ra đều được tự do và bình đẳng về nhân phẩm "
              "và quyền.",
        "fr": "L'article premier dit : Tous les êtres humains naissent libres et égaux en "
              "dignité et en droits.",
    }, {
        "en": "A card with Article 1 in English, beside a dark blue bar.",
        "vi": "Một tấm thẻ ghi Điều 1 bằng tiếng Anh, bên một dải xanh đậm.",
        "fr": "Une carte avec l'article premier en anglais, à côté d'une bande bleu foncé.",
    }),
    Scene("article-1-vi/card.jpg", (0.0, 0.0, 1.0, 1.0), {
        "en": "This exhibition shows Article 1 in sixteen languages. This card is in Vietnamese.",
        "vi": "Triển lãm này giới thiệu Điều 1 bằng mười sáu ngôn ngữ. Tấm thẻ này bằng "
              "tiếng Việt.",
        "fr": "Cette exposition présente l'article premier en seize langues. Cette carte est "
              "en vietnamien.",
    }, {
        "en": "The same card, with Article 1 in Vietnamese.",
        "vi": "Cùng tấm thẻ ấy, ghi Điều 1 bằng tiếng Việt.",
        "fr": "La même carte, avec l'article premier en vietnamien.",
    }),
    Scene("timeline-vn/timeline.png", (0.0, 0.0, 1.0, 1.0), {
        "en": "On 24 September 1982, Viet Nam acceded to the two International Covenants.",
        "vi": "Ngày 24 tháng 9 năm 1982, Việt Nam gia nhập hai Công ước quốc tế.",
        "fr": "Le 24 septembre 1982, le Viet Nam a adhéré aux deux Pactes internationaux.",
    }, {
        "en": "A chart of two timelines: the years Viet Nam signed and ratified the treaties.",
        "vi": "Một biểu đồ hai dòng thời gian: những năm Việt Nam ký và phê chuẩn các công ước.",
        "fr": "Un graphique à deux frises : les années où le Viet Nam a signé et ratifié les "
              "traités.",
    }),
]
TITLES = {"en": "The Declaration in brief", "vi": "Tuyên ngôn tóm lược",
          "fr": "La Déclaration en bref"}
ABOUT = {
    "en": "A short film made from the pictures in this exhibition: the Universal Declaration, "
          "Article 1 and the covenants Viet Nam joined. The narration is in English, by a "
          "synthetic voice; captions are in Vietnamese, English and French.",
    "vi": "Một phim ngắn làm từ các hình ảnh trong triển lãm này: Tuyên ngôn toàn thế giới, "
          "Điều 1 và các công ước Việt Nam gia nhập. Lời thuyết minh bằng tiếng Anh, do giọng "
          "đọc tổng hợp; phụ đề bằng tiếng Việt, tiếng Anh và tiếng Pháp.",
    "fr": "Un court film fait des images de cette exposition : la Déclaration universelle, "
          "l'article premier et les pactes auxquels le Viet Nam a adhéré. La narration est en "
          "anglais, par une voix de synthèse ; les sous-titres sont en vietnamien, anglais et "
          "français.",
}


def speak(text: str, folder: Path, n: int) -> bytes:
    """The sentence said by espeak-ng, as 16-bit mono samples at RATE."""
    path = folder / f"line-{n}.wav"
    subprocess.run(["espeak-ng", "-v", "en", "-s", "175", "-w", str(path), text], check=True)
    with wave.open(str(path)) as wav:
        if (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) != (RATE, 1, 2):
            raise SystemExit(f"espeak-ng spoke {wav.getparams()}, not 16-bit mono at {RATE} Hz")
        return wav.readframes(wav.getnframes())


def frames(picture: Image.Image, seconds: float):
    """The picture fitted to the frame on a light background, zooming in by 6 %."""
    count = round(seconds * FPS)
    for index in range(count):
        zoom = 1.0 + 0.06 * index / max(1, count - 1)
        scale = min(WIDTH / picture.width, HEIGHT / picture.height) * zoom
        size = (round(picture.width * scale), round(picture.height * scale))
        frame = Image.new("RGB", (WIDTH, HEIGHT), (244, 241, 234))
        frame.paste(picture.resize(size, Image.LANCZOS),
                    ((WIDTH - size[0]) // 2, (HEIGHT - size[1]) // 2))
        yield frame


def vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    return f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:{millis // 1000 % 60:02d}." \
           f"{millis % 1000:03d}"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    captions = {lang: ["WEBVTT", ""] for lang in TITLES}
    descriptions = {lang: ["WEBVTT", ""] for lang in TITLES}
    sound = bytearray()
    timeline = []
    clock = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for n, scene in enumerate(SCENES):
            voice = speak(scene.said["en"], Path(tmp), n)
            said_s = len(voice) / 2 / RATE
            length = round((GAP_S + said_s + TAIL_S) * FPS) / FPS  # whole frames
            timeline.append((scene, length))
            gap = round(GAP_S * RATE)
            sound += bytes(2 * gap) + voice + bytes(2 * (round(length * RATE) - gap) - len(voice))
            for lang in TITLES:
                captions[lang] += [f"{vtt_time(clock + GAP_S)} --> "
                                   f"{vtt_time(clock + GAP_S + said_s)}", scene.said[lang], ""]
                descriptions[lang] += [f"{vtt_time(clock + 0.1)} --> "
                                       f"{vtt_time(clock + GAP_S - 0.05)}",
                                       scene.described[lang], ""]
            clock += length
    _encode(OUT / "film.mp4", timeline, bytes(sound))
    for lang in TITLES:
        (OUT / f"film.{lang}.vtt").write_text("\n".join(captions[lang]), encoding="utf-8")
        (OUT / f"film.{lang}.descriptions.vtt").write_text("\n".join(descriptions[lang]),
                                                            encoding="utf-8")
        (OUT / f"{lang}.md").write_text(f"---\ntitle: {TITLES[lang]}\n---\n{ABOUT[lang]}\n",
                                        encoding="utf-8")
    (OUT / "item.yaml").write_text(
        "# Generated by tools/make_sample_film.py; run it again rather than editing.\n"
        "kind: video\nfile: film.mp4\nlanguage: en\nposter_time: 8\n"
        "credit: \"Film: exhibition team, from the exhibition's pictures; voice: espeak-ng\"\n"
        "licence: CC BY 4.0\n", encoding="utf-8")
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"{OUT.relative_to(ROOT)}: {clock:.1f} s, {total / 1024:.0f} KiB in all")
    return 0


def _encode(path: Path, timeline, sound: bytes) -> None:
    with av.open(str(path), "w", options={"movflags": "+faststart"}) as out:
        video = out.add_stream("libx264", rate=FPS, options={"crf": "31", "preset": "slow"})
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        audio = out.add_stream("aac", rate=RATE, layout="mono")
        audio.bit_rate = 48_000
        for scene, length in timeline:
            with Image.open(ITEMS / scene.picture) as picture:
                left, top, right, bottom = scene.crop
                w, h = picture.size
                part = picture.convert("RGB").crop((int(left * w), int(top * h),
                                                    int(right * w), int(bottom * h)))
            for frame in frames(part, length):
                out.mux(video.encode(av.VideoFrame.from_image(frame)))
        out.mux(video.encode())
        pts = 0
        for start in range(0, len(sound), 2048):
            part = sound[start:start + 2048]
            chunk = av.AudioFrame(format="s16", layout="mono", samples=len(part) // 2)
            chunk.planes[0].update(part)
            chunk.sample_rate, chunk.pts = RATE, pts
            pts += len(part) // 2
            out.mux(audio.encode(chunk))
        out.mux(audio.encode())


if __name__ == "__main__":
    sys.exit(main())
