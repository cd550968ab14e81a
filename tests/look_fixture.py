"""The sample exhibition with a museum's own look: a logo with its alt text and two accents."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOOK = '''
look:
  logo: logo.png
  logo_alt:
    vi: Biểu trưng của bảo tàng
    en: The museum's logo
    fr: Le logo du musée
  accent: {accent}
  accent_2: {{standard: "#2E6B4F", high_contrast: "#7FD6A8"}}
'''


def content_with_look(folder: Path, accent: str = '"#777777"') -> Path:
    """A copy of content/ whose site.yaml sets a logo and accents (`accent` as YAML)."""
    from PIL import Image, ImageDraw

    content = folder / "content"
    shutil.copytree(REPO / "content", content)
    logo = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.rounded_rectangle((6, 6, 594, 194), radius=30, outline=(46, 107, 79, 255), width=12)
    draw.ellipse((50, 50, 150, 150), fill=(46, 107, 79, 255))
    logo.save(content / "logo.png")
    with (content / "site.yaml").open("a", encoding="utf-8") as site:
        site.write(LOOK.format(accent=accent))
    return content
