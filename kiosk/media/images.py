"""Checking and deriving images with Pillow, safely.

Content comes from many hands: an image may be corrupt, truncated, huge, animated, CMYK,
16-bit or rotated by an EXIF tag. Every function here either handles the case (and says so in
`ImageInfo.notes`) or raises `ImageProblem` with the file name and the reason; no other
exception escapes from decoding. Sizes are read from the header and checked before any pixel
is decoded, so a 50,000 x 50,000 "bomb" costs nothing.

Two limits: `MAX_PIXELS` for images shown whole (decoded in memory, 4 bytes a pixel), and
`LARGE_MAX_PIXELS` for scans that are only ever cut into deep-zoom tiles (`allow_large=True`),
which `decode_bands` streams top to bottom without holding the whole image (see docs/media.md).
"""

from __future__ import annotations

import math
import mmap
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 200_000_000  # a 14,000 x 14,000 scan: the most an image shown whole may have
LARGE_MAX_PIXELS = 1_000_000_000  # a 31,600 x 31,600 scan: the most a tiled image may have
SUPPORTED_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
DISPLAY_MAX = 2048  # longest side of the image the viewer shows
THUMB_MAX = 384
_ORIENTATION = 0x0112
_SIXTEEN_BIT = ("I;16", "I;16L", "I;16B", "I;16N", "I")


@dataclass(frozen=True)
class ImageInfo:
    width: int  # upright: after the EXIF orientation is applied, as derived images are
    height: int
    mime: str
    notes: tuple[str, ...] = ()  # warning-level remarks for the curator (animated, CMYK, ...)


class ImageProblem(Exception):
    """Why an image cannot be used, in words for a curator."""


Band = Callable[[int, Image.Image], None]


def probe_image(path: Path, allow_large: bool = False) -> ImageInfo:
    """Open, verify and measure an image; raise `ImageProblem` with the reason.

    JPEGs are verified by decoding the whole stream at 1/8 scale (the entropy data is all read,
    so truncation is caught, with 1/64 of the memory). PNGs up to `MAX_PIXELS` are decoded in
    full; larger ones (only with `allow_large`) have every chunk's CRC checked instead, and
    are decoded for real, in bands, when they are tiled.
    """
    path = Path(path)
    _check_file(path)
    with _reading(path), Image.open(path) as image:
        _check_header(path, image, allow_large)
        image.verify()  # must come first: reading EXIF or frames moves the file position
    with _reading(path), Image.open(path) as image:
        info, _ = _inspect(path, image, allow_large)
        if image.format == "JPEG":
            image.draft(image.mode, (math.ceil(image.width / 8), math.ceil(image.height / 8)))
        if image.format == "JPEG" or image.width * image.height <= MAX_PIXELS:
            image.load()  # verify() misses truncated pixel data
    return info


def read_header(path: Path, allow_large: bool = False) -> ImageInfo:
    """Size, format and notes from the header only: no pixel is decoded or verified."""
    path = Path(path)
    _check_file(path)
    with _reading(path), Image.open(path) as image:
        return _inspect(path, image, allow_large)[0]


def derive_image(source: Path, target: Path, max_side: int,
                 allow_large: bool = False) -> tuple[int, int]:
    """Write an upright RGB(A) copy no larger than `max_side`, as PNG or JPEG like `target`
    (whose name may end in a temporary suffix: `.thumb.jpg.partial` is written as JPEG).

    JPEGs are decoded at a reduced scale (`draft`, down to 1/8) before the EXIF rotation, not
    after, so a 20 MP photo never needs its full-size pixels for a 384 px thumbnail; other
    images over `MAX_PIXELS` (only with `allow_large`) are reduced band by band. Transparency
    becomes white in a JPEG target rather than Pillow's black.
    """
    source, target = Path(source), Path(target)
    _check_file(source)
    with _reading(source), Image.open(source) as opened:
        info, orientation = _inspect(source, opened, allow_large)
        if opened.width * opened.height > MAX_PIXELS and opened.format != "JPEG":
            image = _streamed_reduction(source, max_side)  # a JPEG's draft is cheaper still
        else:
            if opened.format == "JPEG":
                scale = min(1.0, 2 * max_side / max(opened.size))  # 2x: room for LANCZOS
                opened.draft(opened.mode, (max(1, int(opened.width * scale)),
                                           max(1, int(opened.height * scale))))
            opened.load()
            image = display_mode(_upright(opened, orientation))
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    target.parent.mkdir(parents=True, exist_ok=True)
    if _is_jpeg_name(target):
        flatten(image).save(target, "JPEG", quality=88, optimize=True)
    else:
        image.save(target, "PNG", compress_level=6)  # optimize=True costs seconds per image
    return image.width, image.height


def _is_jpeg_name(target: Path) -> bool:
    """`x.jpg`, and also a temporary `.x.jpg.partial`: the last image suffix decides."""
    for suffix in reversed(target.suffixes):
        if suffix.lower() in (".jpg", ".jpeg", ".png"):
            return suffix.lower() != ".png"
    return False


def decode_bands(path: Path, band_height: int, on_band: Band) -> ImageInfo:
    """Call `on_band(top, band)` for the upright image, top to bottom, in `display_mode`.

    Each band is `band_height` rows but the last. RGB JPEGs and PNGs in their stored
    orientation are streamed: the decoder writes into an anonymous memory map whose finished
    rows are handed on and returned to the system while it runs, so peak memory is a few bands
    whatever the height. Anything else (EXIF-rotated, CMYK, grey, palette, interlaced PNG) is
    decoded whole first: 1-4 bytes a pixel, plus a copy when it must be rotated.
    Errors raised by `on_band` pass through unchanged; decoding errors become `ImageProblem`.
    """
    path = Path(path)
    _check_file(path)
    try:
        with _reading(path), Image.open(path) as image:
            info, orientation = _inspect(path, image, allow_large=True)
            if _streamable(image, orientation):
                _stream_rows(image, band_height, _guarded(on_band))
            else:
                image.load()
                upright = _upright(image, orientation)
                for top in range(0, upright.height, band_height):
                    bottom = min(upright.height, top + band_height)
                    _guarded(on_band)(top, display_mode(
                        upright.crop((0, top, upright.width, bottom))))
    except _CallbackFailed as failed:
        original = failed.__cause__
        raise original from original.__cause__
    return info


def display_mode(image: Image.Image) -> Image.Image:
    """The image as 8-bit RGB, or RGBA where it has transparency; 16-bit grey is scaled down
    (Pillow's own conversion would clip every value above 255 to white)."""
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode in _SIXTEEN_BIT:
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L").convert("RGB")
    if image.mode == "F":
        return image.convert("L").convert("RGB")
    if image.mode in ("LA", "PA", "La", "RGBa") or (
            image.mode == "P" and "transparency" in image.info):
        return image.convert("RGBA")
    return image.convert("RGB")


def flatten(image: Image.Image, background=(255, 255, 255)) -> Image.Image:
    """RGB for JPEG: transparent areas become `background` instead of black."""
    image = display_mode(image)
    if image.mode != "RGBA":
        return image
    flat = Image.new("RGB", image.size, background)
    flat.paste(image, mask=image.getchannel("A"))
    return flat


# -- opening and checking ----------------------------------------------------------------------

_limit_lock = threading.RLock()


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Turn whatever Pillow raises for a bad file into one `ImageProblem` naming the file.

    Pillow's own decompression-bomb guard is one process-wide number (a warning at 89 MP, an
    error at 179 MP), below the scans we tile; it is switched off while we read because
    `_inspect` checks our own limits from the header before any pixel is decoded.
    """
    with _limit_lock, warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        try:
            yield
        except (ImageProblem, _CallbackFailed):
            raise
        except UnidentifiedImageError:
            raise ImageProblem(f"{path.name} is not an image Pillow can read") from None
        except MemoryError:
            raise ImageProblem(f"{path.name} is too large to decode in this computer's memory") from None
        except Image.DecompressionBombError:
            raise ImageProblem(f"{path.name} is too large to decode safely") from None
        except Exception as exc:  # noqa: BLE001 - plugins raise many kinds on crafted files
            reason = str(exc) or type(exc).__name__
            raise ImageProblem(f"{path.name} is damaged: {reason}") from None
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise ImageProblem(f"the file {path.name} does not exist")
    if path.stat().st_size == 0:
        raise ImageProblem(f"{path.name} is an empty file")


def _check_header(path: Path, image: Image.Image, allow_large: bool) -> None:
    """Our limits, from the header alone: nothing has been decoded yet."""
    width, height = image.size
    limit = LARGE_MAX_PIXELS if allow_large else MAX_PIXELS
    if width * height > limit:
        more = "" if allow_large else "; larger scans can be shown as deep-zoom tiles"
        raise ImageProblem(f"{path.name} is {width} x {height} pixels, more than the "
                           f"{limit // 1_000_000} million pixels the kiosk accepts{more}")
    if image.format not in SUPPORTED_FORMATS:
        raise ImageProblem(f"{path.name} is {image.format}; use PNG or JPEG")


def _inspect(path: Path, image: Image.Image, allow_large: bool) -> tuple[ImageInfo, int]:
    """Size, format, orientation and notes, checked against our limits before decoding."""
    _check_header(path, image, allow_large)
    width, height, fmt = image.width, image.height, image.format
    notes = []
    frames = getattr(image, "n_frames", 1)
    if frames > 1:
        notes.append(f"{path.name} is animated ({frames} frames); the kiosk shows the first frame")
    if image.mode == "CMYK":
        notes.append(f"{path.name} is CMYK (print colours); it is converted to RGB for the screen,"
                     " so check its colours or export it as RGB")
    try:
        orientation = _orientation(image)
    except Exception:  # noqa: BLE001 - a damaged EXIF block should not lose the picture
        orientation = 1
        notes.append(f"{path.name} has unreadable EXIF data; it is shown as stored")
    if orientation not in range(1, 9):
        notes.append(f"{path.name} has an invalid EXIF orientation ({orientation}); ignored")
        orientation = 1
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return ImageInfo(width, height, SUPPORTED_FORMATS[fmt], tuple(notes)), orientation


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation without decoding: Pillow's `getexif()` loads a whole PNG to find
    an eXIf chunk after the pixels, so for PNG only a chunk before them counts."""
    if image.format == "PNG":
        raw = image.info.get("exif")
        if not raw:
            return 1
        exif = Image.Exif()
        exif.load(raw)
        return int(exif.get(_ORIENTATION, 1))
    return int(image.getexif().get(_ORIENTATION, 1))


def _upright(image: Image.Image, orientation: int) -> Image.Image:
    if orientation == 1:
        return image
    method = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}[orientation]
    return image.transpose(method)


# -- streaming large images ------------------------------------------------------------------

class _CallbackFailed(Exception):
    """Carries an exception raised by the caller's `on_band`, so it is not taken for bad data."""


def _guarded(on_band: Band) -> Band:
    def call(top: int, band: Image.Image) -> None:
        try:
            on_band(top, band)
        except BaseException as exc:
            raise _CallbackFailed() from exc
    return call


def _streamable(image: Image.Image, orientation: int) -> bool:
    """RGB rows that the decoder writes once, top to bottom, as Pillow's RGBX layout."""
    return (image.mode == "RGB" and orientation == 1 and len(image.tile) == 1
            and image.format in ("JPEG", "PNG") and not image.info.get("interlace")
            and not getattr(image, "is_animated", False))


class _Tap:
    """A file wrapper that lets us look at the decoder's progress between reads."""

    def __init__(self, fp, after_read: Callable[[], None]):
        self._fp, self._after_read = fp, after_read

    def read(self, size: int = -1) -> bytes:
        data = self._fp.read(size)
        self._after_read()
        return data

    def __getattr__(self, name):
        return getattr(self._fp, name)


def _stream_rows(image: Image.Image, band_height: int, on_band: Band) -> None:
    """Decode into an anonymous map and hand on each band as soon as its last row is written.

    Pillow keeps RGB as 4 bytes a pixel and sets the 4th (pad) byte to 255; the map starts as
    zeros, so a non-zero pad byte at the end of a band's last row means the band is complete.
    Finished rows are released with MADV_DONTNEED. Uses Pillow internals (`Image.core`,
    `image.im`); kiosks pin Pillow, and tests/test_bad_media.py checks the result.
    """
    width, height = image.size
    stride = width * 4
    try:
        pixels = mmap.mmap(-1, stride * height)
    except OSError:
        raise MemoryError from None
    state = {"done": 0, "released": 0}

    def hand_on(final: bool) -> None:
        while state["done"] < height:
            top = state["done"]
            bottom = min(height, top + band_height)
            if not final and pixels[bottom * stride - 1] == 0:
                return
            on_band(top, image._new(image.im.crop((0, top, width, bottom))))
            state["done"] = bottom
            release_to = (bottom * stride) // mmap.PAGESIZE * mmap.PAGESIZE
            if release_to > state["released"]:
                pixels.madvise(mmap.MADV_DONTNEED, state["released"],
                               release_to - state["released"])
                state["released"] = release_to

    try:
        image.im = Image.core.map_buffer(pixels, image.size, "raw", 0, ("RGB", stride, 1))
        image.fp = _Tap(image.fp, lambda: hand_on(final=False))
        image.load()
        hand_on(final=True)
    finally:
        image.im = None  # drop the view of the map before closing it
        try:
            pixels.close()
        except BufferError:  # a view is still alive; the map goes with it
            pass


def _streamed_reduction(source: Path, max_side: int) -> Image.Image:
    """A reduced copy of a large image, built band by band with `Image.reduce`."""
    with Image.open(source) as image:
        longest = max(image.size)
    factor = max(1, longest // (2 * max_side))
    parts: list[tuple[int, Image.Image]] = []

    def keep(top: int, band: Image.Image) -> None:
        parts.append((top // factor, band.reduce(factor)))

    decode_bands(source, 256 * factor, keep)
    height = sum(part.height for _, part in parts)
    mode = "RGBA" if any(part.mode == "RGBA" for _, part in parts) else "RGB"
    result = Image.new(mode, (parts[0][1].width, height))
    for top, part in parts:
        result.paste(part, (0, top))
    return result
