"""Checking and deriving images with Pillow, safely.

Content comes from many hands: an image may be corrupt, truncated, huge or oddly encoded.
Every function here returns a clear reason instead of raising, and never decodes more pixels
than `MAX_PIXELS`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 200_000_000  # a 14,000 x 14,000 scan; larger needs tiling at import
SUPPORTED_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
DISPLAY_MAX = 2048  # longest side of the image the viewer shows
THUMB_MAX = 384


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    mime: str


class ImageProblem(Exception):
    """Why an image cannot be used, in words for a curator."""


def probe_image(path: Path) -> ImageInfo:
    """Open, verify and measure an image; raise `ImageProblem` with the reason."""
    if not path.is_file():
        raise ImageProblem(f"the file {path.name} does not exist")
    if path.stat().st_size == 0:
        raise ImageProblem(f"{path.name} is an empty file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height, fmt = image.width, image.height, image.format
                if width * height > MAX_PIXELS:
                    raise ImageProblem(
                        f"{path.name} is {width} x {height} pixels, more than the "
                        f"{MAX_PIXELS // 1_000_000} million pixels the kiosk accepts"
                    )
                image.verify()
            with Image.open(path) as image:
                image.load()  # verify() misses truncated pixel data
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(f"{path.name} is too large to decode safely") from None
    except UnidentifiedImageError:
        raise ImageProblem(f"{path.name} is not an image Pillow can read") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"{path.name} is damaged: {exc}") from None
    if fmt not in SUPPORTED_FORMATS:
        raise ImageProblem(f"{path.name} is {fmt}; use PNG or JPEG")
    return ImageInfo(width, height, SUPPORTED_FORMATS[fmt])


def derive_image(source: Path, target: Path, max_side: int) -> tuple[int, int]:
    """Write an upright RGB(A) copy no larger than `max_side`, as PNG or JPEG like `target`."""
    with Image.open(source) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix.lower() in (".jpg", ".jpeg"):
            image.convert("RGB").save(target, "JPEG", quality=88, optimize=True)
        else:
            image.save(target, "PNG", optimize=True)
        return image.width, image.height
