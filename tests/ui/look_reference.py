"""Screenshots kept as small reference pictures (tests/ui/reference/, 192 px wide), so a later
change that breaks the kiosk's look (a missing logo or picture, text over the image, a blank
screen) is seen: it differs from its reference by far more than rendering noise does.
`KIOSK_UPDATE_REFERENCES=1` writes the references again, after a person has looked at the new
screenshots in test-artifacts/screenshots/look-*.png."""

from __future__ import annotations

import os
from pathlib import Path

REFERENCE_DIR = Path(__file__).parent / "reference"
REFERENCE_WIDTH = 192
MAX_MEAN_DIFFERENCE = 2.5  # of 255, per channel: rendering noise is under 0.5, a missing logo 9


def small(path: Path):
    from PIL import Image

    with Image.open(path) as shot:
        shot = shot.convert("RGB")
        return shot.resize((REFERENCE_WIDTH, round(REFERENCE_WIDTH * shot.height / shot.width)))


def mean_difference(one, other) -> float:
    from PIL import ImageChops, ImageStat

    if one.size != other.size:
        return 255.0
    return sum(ImageStat.Stat(ImageChops.difference(one, other)).mean) / 3


def keep_the_look(kiosk, name: str) -> None:
    shot = small(kiosk.screenshot(f"look-{name}"))
    reference = REFERENCE_DIR / f"{name}.png"
    if os.environ.get("KIOSK_UPDATE_REFERENCES") == "1" or not reference.exists():
        REFERENCE_DIR.mkdir(exist_ok=True)
        shot.save(reference, optimize=True)
        return
    from PIL import Image

    with Image.open(reference) as kept:
        difference = mean_difference(shot, kept.convert("RGB"))
    assert difference <= MAX_MEAN_DIFFERENCE, (
        f"{name} looks different from {reference} (mean difference {difference:.1f}/255): "
        f"look at test-artifacts/screenshots/look-{name}.png")
