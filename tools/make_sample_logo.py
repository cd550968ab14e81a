"""Draw the sample exhibition's logo and give site.yaml its look (issue 22).

    python tools/make_sample_logo.py [--content DIR]

writes content/logo.png, 600 x 200 pixels with a transparent ground: thirty dots in a ring
(one for each article of the Universal Declaration) beside three rules, in the sample's
green. It has no words, so nothing in it needs translating; its alt text says whose mark it
is. Then it appends the `look:` block to site.yaml when it has none: the logo, its alt text in
the three interface languages and two accents, one per palette, that pass `kiosk check`'s
contrast rules (the accent 5.2:1 and 3.3:1 against the panels; the title colour 7.5:1 on the
paper, 14:1 on black).

Deterministic: the same Pillow writes the same bytes.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
GREEN = (31, 107, 90, 255)  # the standard palette's accent, #1F6B5A
LIGHT = (127, 214, 192, 255)  # its high-contrast counterpart, #7FD6C0
LOOK = """look:
  logo: logo.png
  logo_alt:
    vi: Biểu trưng của triển lãm
    en: The exhibition's logo
    fr: Le logo de l'exposition
  accent: {standard: "#1F6B5A", high_contrast: "#7FD6C0"}
  accent_2: {standard: "#1F5A4C", high_contrast: "#9FE3D1"}
"""


def draw_logo() -> Image.Image:
    scale = 4  # drawn large, then reduced: smooth edges without anti-aliasing in ImageDraw
    image = Image.new("RGBA", (600 * scale, 200 * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    cx, cy, radius, dot = 100 * scale, 100 * scale, 72 * scale, 6 * scale
    for n in range(30):
        angle = 2 * math.pi * n / 30 - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        colour = LIGHT if n % 3 == 0 else GREEN  # light dots keep the ring seen on black
        draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=colour)
    draw.ellipse((cx - 26 * scale, cy - 26 * scale, cx + 26 * scale, cy + 26 * scale),
                 fill=GREEN, outline=LIGHT, width=4 * scale)
    for row, length in enumerate((380, 300, 340)):
        top = (58 + row * 34) * scale
        draw.rounded_rectangle((210 * scale, top, (210 + length) * scale, top + 18 * scale),
                               radius=9 * scale, fill=LIGHT if row == 1 else GREEN)
    return image.resize((600, 200), Image.Resampling.LANCZOS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    args = parser.parse_args()
    draw_logo().save(args.content / "logo.png", optimize=True)
    site = args.content / "site.yaml"
    text = site.read_text(encoding="utf-8")
    if not any(line.startswith("look:") for line in text.splitlines()):
        site.write_text(text.rstrip("\n") + "\n" + LOOK, encoding="utf-8")
    print(f"wrote {args.content / 'logo.png'}; {site} has its look")


if __name__ == "__main__":
    main()
