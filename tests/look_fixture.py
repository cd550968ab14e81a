"""The sample exhibition with another museum's look: a logo with its alt text and two accents
(in place of the sample's own `look:`)."""

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
    site = content / "site.yaml"
    site.write_text(without_look(site.read_text(encoding="utf-8")) + LOOK.format(accent=accent),
                    encoding="utf-8")
    return content


def without_look(site_yaml: str) -> str:
    """site.yaml without its `look:` block (the sample's own, last in the file)."""
    lines = site_yaml.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if line.startswith("look:")), None)
    if start is None:
        return site_yaml
    end = next((n for n in range(start + 1, len(lines))
                if lines[n].strip() and not lines[n][0].isspace()), len(lines))
    return "".join(lines[:start] + lines[end:])
