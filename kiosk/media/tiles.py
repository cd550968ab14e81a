"""Deep-zoom tile pyramids (Deep Zoom / DZI, as OpenSeadragon reads them) for large scans.

A visitor zooms into a 20,000 x 20,000 scan of a treaty page; the kiosk cannot decode that
(1.6 GB in Pillow), so the build cuts it once into small tiles at every power-of-two scale
and the viewer loads only the tiles on screen (`level_for_scale`, `visible_tiles`).

Layout, for `name="image"`:

    out_dir/image.dzi                      XML: tile size, overlap, format, full size
    out_dir/image_files/<level>/<col>_<row>.jpg
    out_dir/pyramid.json                   JSON, written last: the pyramid is whole

Level 0 is 1 x 1 pixel; each level doubles the one before, up to the full size at level
`levels - 1`; a level's size is the full size divided by 2^(levels - 1 - level), rounded up.
The pyramid is written in a temporary folder beside `out_dir` and renamed into place, so a
reader never sees half a pyramid, and output is byte-for-byte deterministic.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from kiosk.media.images import decode_bands, flatten, read_header

DZI_NS = "http://schemas.microsoft.com/deepzoom/2008"
# An ordinary name (no leading dot): every file the build makes must be one a signed bundle
# may carry (kiosk.staff.bundle.SAFE_NAME), or `kiosk pack` refuses the exhibition.
MARKER = "pyramid.json"
FORMATS = {"jpg": "JPEG", "png": "PNG"}
JPEG_QUALITY = 85
_BAND_TILES = 1  # decode one tile row of the full-size level at a time: least memory, same speed


@dataclass(frozen=True)
class PyramidInfo:
    width: int  # full size, upright
    height: int
    levels: int
    tile_size: int
    format: str  # "jpg" | "png"
    path_of_dzi: Path
    overlap: int = 0

    @property
    def files(self) -> Path:
        """The `<name>_files` folder holding one folder per level."""
        return self.path_of_dzi.with_name(self.path_of_dzi.stem + "_files")


def level_count(width: int, height: int) -> int:
    """Levels from 1 x 1 up to the full size: ceil(log2(longest side)) + 1."""
    return (max(width, height) - 1).bit_length() + 1


def level_size(info: PyramidInfo, level: int) -> tuple[int, int]:
    factor = 2 ** (info.levels - 1 - level)
    return -(-info.width // factor), -(-info.height // factor)


def tile_grid(info: PyramidInfo, level: int) -> tuple[int, int]:
    """(columns, rows) of tiles at `level`."""
    width, height = level_size(info, level)
    return -(-width // info.tile_size), -(-height // info.tile_size)


def tile_path(info: PyramidInfo, level: int, col: int, row: int) -> Path:
    return info.files / str(level) / f"{col}_{row}.{info.format}"


def level_for_scale(info: PyramidInfo, scale: float) -> int:
    """The smallest level with at least `scale` level pixels per image pixel.

    `scale` is screen pixels per full-size image pixel (0.05 when a 20,000 px scan fills a
    1,000 px viewer); 1 or more gives the full-size level.
    """
    if not scale > 0:
        raise ValueError(f"scale must be positive, not {scale}")
    top = info.levels - 1
    if scale >= 1:
        return top
    return max(0, top - math.floor(math.log2(1 / scale)))


def visible_tiles(info: PyramidInfo, level: int,
                  viewport: tuple[float, float, float, float]) -> list[tuple[int, int]]:
    """The (col, row) tiles of `level` that `viewport` shows, row by row.

    `viewport` is (x, y, width, height) in full-size image pixels; parts outside the image
    are ignored. Overlap is not counted: a viewer draws each tile's core area.
    """
    if not 0 <= level < info.levels:
        raise ValueError(f"level {level} is not in 0..{info.levels - 1}")
    x, y, width, height = viewport
    factor = 2 ** (info.levels - 1 - level)
    level_width, level_height = level_size(info, level)
    left, top = max(0.0, x / factor), max(0.0, y / factor)
    right = min(float(level_width), (x + width) / factor)
    bottom = min(float(level_height), (y + height) / factor)
    if right <= left or bottom <= top:
        return []
    size = info.tile_size
    cols = range(int(left // size), math.ceil(right / size))
    rows = range(int(top // size), math.ceil(bottom / size))
    return [(col, row) for row in rows for col in cols]


def read_pyramid(path_of_dzi: Path) -> PyramidInfo:
    """The `PyramidInfo` of a written pyramid, from its `.dzi` file."""
    root = ET.parse(path_of_dzi).getroot()
    size = root.find(f"{{{DZI_NS}}}Size")
    if size is None:
        raise ValueError(f"{path_of_dzi}: no <Size> element")
    width, height = int(size.get("Width", 0)), int(size.get("Height", 0))
    return PyramidInfo(width, height, level_count(width, height), int(root.get("TileSize", 0)),
                       root.get("Format", "jpg"), Path(path_of_dzi), int(root.get("Overlap", 0)))


def make_pyramid(source: Path, out_dir: Path, tile_size: int = 256, overlap: int = 0,
                 fmt: str = "jpg", name: str = "image") -> PyramidInfo:
    """Cut `source` into a DZI pyramid in `out_dir`; return at once if it is already there.

    Raises `ImageProblem` for an unusable source (up to `LARGE_MAX_PIXELS`); `out_dir` is then
    left as it was. The full-size level is cut band by band while the image decodes, and each
    smaller level is made from the one above with a 2 x 2 box filter (`Image.reduce`).
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {sorted(FORMATS)}, not {fmt!r}")
    if tile_size < 16 or not 0 <= overlap < tile_size // 2:
        raise ValueError(f"unusable tile size {tile_size} with overlap {overlap}")
    out_dir = Path(out_dir)
    wanted = {"name": name, "tile_size": tile_size, "overlap": overlap, "format": fmt}
    done = _completed(out_dir, wanted)
    if done is not None:
        return done
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.tiles-"))
    try:
        writer: list[_Level] = []

        def on_band(top: int, band: Image.Image) -> None:
            if not writer:
                writer.append(_chain(staging / f"{name}_files", header.width, header.height,
                                     tile_size, overlap, fmt))
            writer[0].push(flatten(band) if fmt == "jpg" else band)

        header = read_header(source, allow_large=True)
        info = decode_bands(source, tile_size * _BAND_TILES, on_band)
        writer[0].finish()
        dzi = staging / f"{name}.dzi"
        dzi.write_text(_dzi_xml(info.width, info.height, tile_size, overlap, fmt), "utf-8")
        marker = {**wanted, "width": info.width, "height": info.height,
                  "levels": level_count(info.width, info.height), "source": Path(source).name}
        (staging / MARKER).write_text(json.dumps(marker, sort_keys=True) + "\n", "utf-8")
        _install(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return PyramidInfo(info.width, info.height, level_count(info.width, info.height), tile_size,
                       fmt, out_dir / f"{name}.dzi", overlap)


def _completed(out_dir: Path, wanted: dict) -> PyramidInfo | None:
    try:
        marker = json.loads((out_dir / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or any(marker.get(k) != v for k, v in wanted.items()):
        return None
    dzi = out_dir / f"{wanted['name']}.dzi"
    if not dzi.is_file():
        return None
    return PyramidInfo(marker["width"], marker["height"], marker["levels"], wanted["tile_size"],
                       wanted["format"], dzi, wanted["overlap"])


def _install(staging: Path, out_dir: Path) -> None:
    """Rename the finished pyramid into place, replacing an incomplete or different one."""
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _dzi_xml(width: int, height: int, tile_size: int, overlap: int, fmt: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<Image xmlns="{DZI_NS}" Format="{fmt}" Overlap="{overlap}" TileSize="{tile_size}">\n'
            f'  <Size Width="{width}" Height="{height}"/>\n'
            '</Image>\n')


def _chain(files: Path, width: int, height: int, tile_size: int, overlap: int,
           fmt: str) -> _Level:
    """One writer per level, each feeding the next smaller one; returns the full-size one."""
    levels = level_count(width, height)
    lower = None
    for level in range(levels):
        factor = 2 ** (levels - 1 - level)
        lower = _Level(files / str(level), -(-width // factor), -(-height // factor),
                       tile_size, overlap, fmt, lower)
    assert lower is not None
    return lower


class _Level:
    """Cuts one level into tiles from rows pushed top to bottom, keeping only the rows the
    next row of tiles needs, and passes 2 x 2-reduced rows on to the level below."""

    def __init__(self, folder: Path, width: int, height: int, tile_size: int, overlap: int,
                 fmt: str, lower: _Level | None):
        self.folder, self.width, self.height = folder, width, height
        self.size, self.overlap, self.fmt, self.lower = tile_size, overlap, fmt, lower
        self.rows_total = -(-height // tile_size)
        self.cols = -(-width // tile_size)
        self.buf: Image.Image | None = None  # rows [buf_top, buf_top + buf.height)
        self.buf_top = 0
        self.next_row = 0
        self.pending: Image.Image | None = None  # rows not yet reduced; starts at an even row
        folder.mkdir(parents=True, exist_ok=True)

    def push(self, rows: Image.Image) -> None:
        self.buf = _stack(self.buf, rows)
        self._cut(final=False)
        if self.lower is not None:
            self.pending = _stack(self.pending, rows)
            self._reduce(final=False)

    def finish(self) -> None:
        self._cut(final=True)
        if self.lower is not None:
            if self.pending is not None:
                self._reduce(final=True)
            self.lower.finish()

    def _have(self) -> int:
        return self.buf_top + (self.buf.height if self.buf is not None else 0)

    def _cut(self, final: bool) -> None:
        size, overlap = self.size, self.overlap
        while self.next_row < self.rows_total:
            row = self.next_row
            top = max(0, row * size - overlap)
            bottom = min(self.height, (row + 1) * size + overlap)
            if self._have() < bottom:
                if final:
                    raise RuntimeError(f"level {self.folder.name}: rows missing at {self._have()}")
                return
            assert self.buf is not None
            strip = self.buf.crop((0, top - self.buf_top, self.width, bottom - self.buf_top))
            for col in range(self.cols):
                left = max(0, col * size - overlap)
                right = min(self.width, (col + 1) * size + overlap)
                self._save(strip.crop((left, 0, right, strip.height)), col, row)
            self.next_row += 1
            keep_from = min(self.height, (row + 1) * size - overlap)
            if keep_from > self.buf_top:
                self.buf = self.buf.crop((0, keep_from - self.buf_top, self.width,
                                          self.buf.height))
                self.buf_top = keep_from

    def _reduce(self, final: bool) -> None:
        assert self.pending is not None and self.lower is not None
        count = self.pending.height
        take = count if final else count - count % 2  # pairs of rows, as a whole-image reduce
        if take == 0:
            return
        part = self.pending.crop((0, 0, self.width, take))
        self.pending = (None if take == count
                        else self.pending.crop((0, take, self.width, count)))
        self.lower.push(part.reduce(2))

    def _save(self, tile: Image.Image, col: int, row: int) -> None:
        path = self.folder / f"{col}_{row}.{self.fmt}"
        if self.fmt == "jpg":
            tile.save(path, "JPEG", quality=JPEG_QUALITY)
        else:
            tile.save(path, "PNG", compress_level=6)


def _stack(top: Image.Image | None, bottom: Image.Image) -> Image.Image:
    if top is None or top.height == 0:
        return bottom
    if top.mode != bottom.mode:
        top, bottom = top.convert("RGBA"), bottom.convert("RGBA")
    both = Image.new(top.mode, (top.width, top.height + bottom.height))
    both.paste(top, (0, 0))
    both.paste(bottom, (0, top.height))
    return both
